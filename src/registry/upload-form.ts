import { once } from 'node:events';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import busboy from 'busboy';
import { bytesToHex, randomBytes } from '../crypto/index.ts';
import { RegistryError } from './errors.ts';
import { refuseForbiddenText } from './text-checks.ts';
import { hasControlCharacters } from './work-metadata.ts';

// The registration form (RFC 7578 multipart/form-data): one file part named `file` and a few text
// fields. The file streams to a scratch file under a size limit; the caller removes it.

export interface UploadFormLimits {
  maxFileBytes: number;
  /** Largest text field, in bytes. */
  maxFieldBytes: number;
  /** Directory of the scratch file. */
  scratchDir: string;
  /** The text fields the form may carry; any other part is refused. */
  fields: readonly string[];
}

export interface UploadForm {
  fields: Record<string, string>;
  file: { path: string; fileName: string; sizeBytes: number };
  /** Deletes the scratch file. */
  remove(): Promise<void>;
}

const MAX_FILE_NAME_BYTES = 255;

/**
 * A file name as sent, refused (WORK_FILE_NAME_INVALID) when it holds a path or control characters,
 * or (TEXT_INVALID) NUL or U+FFFD, the mark of bytes that were not UTF-8.
 */
export function checkUploadFileName(name: unknown): string {
  const fail = (problem: string) =>
    new RegistryError('WORK_FILE_NAME_INVALID', `the file name ${problem}`, {
      details: { fileName: typeof name === 'string' ? name.slice(0, 300) : null },
    });
  if (typeof name !== 'string' || name.trim() === '') throw fail('is missing');
  refuseForbiddenText('fileName', name);
  const normalized = name.normalize('NFC');
  if (new TextEncoder().encode(normalized).length > MAX_FILE_NAME_BYTES) {
    throw fail(`is longer than ${MAX_FILE_NAME_BYTES} bytes`);
  }
  if (/[/\\]/.test(normalized)) throw fail('holds a path: send the name alone, without directories');
  if (hasControlCharacters(normalized)) throw fail('holds control characters');
  if (normalized === '.' || normalized === '..') throw fail('is not a file name');
  return normalized;
}

function formInvalid(message: string): RegistryError {
  return new RegistryError('WORK_FORM_INVALID', message);
}

async function* iterate(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncIterable<Uint8Array> {
  yield* body as AsyncIterable<Uint8Array>;
}

/**
 * Reads a multipart/form-data body: the text fields and the one file, streamed to a scratch file.
 * Throws WORK_FORM_INVALID, WORK_FILE_NAME_INVALID or WORK_FILE_TOO_LARGE, and then leaves no file.
 */
export async function receiveUploadForm(
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null,
  contentType: string,
  limits: UploadFormLimits,
): Promise<UploadForm> {
  if (body === null) throw formInvalid('the request has no body: send multipart/form-data with a file part');
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      preservePath: true,
      // Browsers send a part's filename as raw UTF-8 (WHATWG HTML, multipart/form-data encoding);
      // busboy's default, latin1, turned 咖啡.jpg into mojibake.
      defParamCharset: 'utf8',
      limits: {
        files: 1,
        fields: limits.fields.length,
        // busboy announces partsLimit on reaching the limit, so one more than allowed marks an excess.
        parts: limits.fields.length + 2,
        fieldSize: limits.maxFieldBytes,
        fieldNameSize: 64,
      },
    });
  } catch (cause) {
    throw new RegistryError('WORK_FORM_INVALID', 'the body must be multipart/form-data with a boundary', {
      cause,
    });
  }
  const path = join(limits.scratchDir, `upload-${bytesToHex(randomBytes(16))}.partial`);
  const fields: Record<string, string> = {};
  let failure: unknown;
  let file: { fileName: string; sizeBytes: number } | undefined;
  let writing: Promise<void> = Promise.resolve();
  let abort = () => {};
  const aborted = new Promise<void>((resolve) => (abort = resolve));
  const fail = (error: unknown) => {
    failure ??= error;
    abort();
  };
  parser.on('field', (name, value, info) => {
    if (!limits.fields.includes(name))
      return fail(formInvalid(`the form has an unknown field "${name.slice(0, 64)}"`));
    if (info.valueTruncated)
      return fail(formInvalid(`the field "${name}" is longer than ${limits.maxFieldBytes} bytes`));
    if (Object.hasOwn(fields, name)) return fail(formInvalid(`the field "${name}" is sent twice`));
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    writing = (async () => {
      try {
        if (name !== 'file')
          throw formInvalid(`the file must be sent in the part named "file", not "${name.slice(0, 64)}"`);
        const fileName = checkUploadFileName(info.filename);
        const handle = await open(path, 'wx');
        let sizeBytes = 0;
        try {
          for await (const chunk of stream as AsyncIterable<Uint8Array>) {
            sizeBytes += chunk.length;
            if (sizeBytes > limits.maxFileBytes) {
              throw new RegistryError(
                'WORK_FILE_TOO_LARGE',
                `a work's file may be at most ${limits.maxFileBytes} bytes`,
                {
                  details: { maxBytes: limits.maxFileBytes },
                },
              );
            }
            await handle.write(chunk);
          }
        } finally {
          await handle.close();
        }
        file = { fileName, sizeBytes };
      } catch (error) {
        fail(error);
        stream.resume();
      }
    })();
  });
  parser.on('filesLimit', () => fail(formInvalid('the form may carry one file')));
  parser.on('partsLimit', () => fail(formInvalid('the form has too many parts')));
  parser.on('fieldsLimit', () => fail(formInvalid('the form has too many fields')));
  const finished = new Promise<void>((resolve) => {
    parser.on('close', resolve);
    parser.on('error', (error) => {
      fail(
        formInvalid(
          `the multipart body is malformed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      resolve();
    });
  });
  try {
    for await (const chunk of iterate(body)) {
      if (failure !== undefined) break;
      if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), finished, aborted]);
    }
    if (failure === undefined) {
      parser.end();
      await Promise.race([finished, aborted]);
      await writing;
    }
  } catch (error) {
    fail(error);
  }
  if (failure === undefined && file === undefined)
    fail(formInvalid('the form has no file part named "file"'));
  if (failure !== undefined) {
    parser.destroy();
    await writing.catch(() => undefined);
    await rm(path, { force: true });
    throw failure;
  }
  return { fields, file: { path, ...file! }, remove: () => rm(path, { force: true }) };
}
