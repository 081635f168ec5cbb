import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { FingerprintError } from '../errors.ts';
import { htmlToText } from './html-text.ts';
import { markdownToText } from './markdown-text.ts';
import { resolveMediaOptions, type MediaOptionsInput } from './options.ts';
import { decodeTextBytes } from './text-decode.ts';

export type TextFormat = 'plain' | 'markdown' | 'html' | 'xml';

export interface ExtractedText {
  text: string;
  format: TextFormat;
}

const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown', '.mdown', '.mkd', '.mkdn']);
const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);

/**
 * The markup of a text file: HTML and XML by their opening (WHATWG MIME Sniffing §7.1 patterns),
 * HTML also by extension; Markdown only by extension, since any text is valid Markdown.
 */
export function detectTextFormat(path: string, text: string): TextFormat {
  const extension = extname(path).toLowerCase();
  if (MARKDOWN_EXTENSIONS.has(extension)) return 'markdown';
  const opening = text.slice(0, 1024).trimStart().toLowerCase();
  if (HTML_EXTENSIONS.has(extension) || /^<(?:!doctype html|html|head|body)[\s>]/.test(opening))
    return 'html';
  if (/^<(?:\?xml|svg)[\s>]/.test(opening)) return opening.includes('<html') ? 'html' : 'xml';
  return 'plain';
}

/** The readable text of a document in any TextFormat. */
export function documentToText(source: string, format: TextFormat): string {
  switch (format) {
    case 'markdown':
      return markdownToText(source);
    case 'html':
      return htmlToText(source);
    case 'xml':
      return htmlToText(source, { xml: true });
    case 'plain':
      return source.replace(/\r\n?/g, '\n');
  }
}

/**
 * The text of a plain-text, Markdown, HTML or XML file, for the ISCC Text-Code. Throws TEXT_INVALID
 * when the file is larger than `textMaxBytes`, is not UTF-8/UTF-16 text, or holds no text.
 */
export async function extractText(path: string, options: MediaOptionsInput = {}): Promise<ExtractedText> {
  const resolved = resolveMediaOptions(options);
  let bytes: Uint8Array;
  try {
    const { size } = await stat(path);
    if (size > resolved.textMaxBytes) {
      throw new FingerprintError(
        'TEXT_INVALID',
        `${JSON.stringify(path)} is ${size} bytes, more than the ${resolved.textMaxBytes} allowed for text (textMaxBytes)`,
        { details: { path, size, maxBytes: resolved.textMaxBytes, reason: 'too-large' } },
      );
    }
    bytes = await readFile(path);
  } catch (cause) {
    if (cause instanceof FingerprintError) throw cause;
    throw new FingerprintError(
      'FILE_UNREADABLE',
      `cannot read ${JSON.stringify(path)}: ${(cause as Error).message}`,
      {
        cause,
        details: { path },
      },
    );
  }
  let source: string;
  try {
    source = decodeTextBytes(bytes);
  } catch (cause) {
    if (!(cause instanceof FingerprintError)) throw cause;
    throw new FingerprintError('TEXT_INVALID', `${JSON.stringify(path)}: ${cause.message}`, {
      cause,
      details: { path, ...cause.details },
    });
  }
  const format = detectTextFormat(path, source);
  const text = documentToText(source, format);
  if (text.trim() === '') {
    throw new FingerprintError('TEXT_INVALID', `${JSON.stringify(path)} holds no text`, {
      details: { path, format, reason: 'empty' },
    });
  }
  return { text, format };
}
