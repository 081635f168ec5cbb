import { open, rm, stat } from 'node:fs/promises';
import { parseBundle } from '../verify/index.ts';
import { CliError } from './errors.ts';
import { requestJson } from './http-client.ts';
import { describeCliError } from './output.ts';
import { isUnavailable, withRetries } from './retry.ts';

// The proof files `sealchain deposit` writes: only a final bundle (a 200 answer marked
// `Sealchain-Finality: final` that parses as a bundle of the entry asked for), never a pending
// answer, and never over an existing file, which may be the proof of an earlier deposit.

/** Where the proof bundle of FILE goes. */
export function proofPathOf(file: string): string {
  return `${file}.sealchain.json`;
}

function existsError(path: string): CliError {
  return new CliError(
    'PROOF_FILE_EXISTS',
    `${path} exists already and is never overwritten (it may be the proof of an earlier deposit); move it aside to deposit again`,
    { details: { path } },
  );
}

/** Throws PROOF_FILE_EXISTS when the proof file of `file` exists already. */
export async function ensureNoProofFile(file: string): Promise<void> {
  const path = proofPathOf(file);
  if ((await stat(path).catch(() => undefined)) !== undefined) throw existsError(path);
}

/** Throws FILE_EMPTY for a file of 0 bytes (its digest is the same for every empty file). */
export function refuseEmptyFile(file: string, sizeBytes: number): void {
  if (sizeBytes === 0) {
    throw new CliError('FILE_EMPTY', `${file} is empty (0 bytes): there is nothing to deposit or register`, {
      details: { path: file },
    });
  }
}

/** Creates `path` with `text`; never replaces a file, and leaves no partial file behind. */
export async function writeNewFile(path: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') throw existsError(path);
    throw new CliError('FILE_WRITE_FAILED', `cannot write ${path}`, { cause, details: { path } });
  }
  try {
    await handle.writeFile(text);
    await handle.close();
  } catch (cause) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw new CliError('FILE_WRITE_FAILED', `cannot write ${path}`, { cause, details: { path } });
  }
}

/** `written`: the bundle is in `path`; `pending`: not final yet; `unavailable`: no answer now. */
export type BundleFetch = 'written' | 'pending' | 'unavailable';

/**
 * Fetches the bundle of entry `index` as it is now and writes it to `path` when final. Throws
 * CliError for the entry's own failures (refused, not a bundle, file not writable).
 */
export async function fetchFinalBundle(
  server: string,
  chainPath: string,
  index: number,
  path: string,
  signal?: AbortSignal,
): Promise<BundleFetch> {
  let answer;
  try {
    answer = await withRetries(
      () =>
        requestJson<unknown>(server, `${chainPath}/entries/${index}/bundle`, {
          ...(signal === undefined ? {} : { signal }),
        }),
      signal,
    );
  } catch (error) {
    if (signal?.aborted === true || isUnavailable(error)) return 'unavailable';
    throw error;
  }
  if (answer.status !== 200 || answer.headers.get('sealchain-finality') !== 'final') return 'pending';
  let bundle;
  try {
    bundle = parseBundle(answer.body);
  } catch (cause) {
    throw new CliError(
      'SERVER_ANSWER_INVALID',
      `the server's answer for entry ${index} is not a proof bundle: ${describeCliError(cause)}`,
      { cause },
    );
  }
  if (bundle.index !== index) {
    throw new CliError(
      'SERVER_ANSWER_INVALID',
      `the server answered the bundle of entry ${bundle.index} for entry ${index}`,
    );
  }
  await writeNewFile(path, `${JSON.stringify(answer.body, null, 2)}\n`);
  return 'written';
}
