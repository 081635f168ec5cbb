import { inflateSync } from 'node:zlib';
import { CertificateError } from './errors.ts';

// Reads named embedded files (ISO 32000-1 §7.11.4 file specifications, §7.11.4.1 embedded file
// streams) out of a PDF, parsing only what that needs: the indirect objects' headers, the file
// specification dictionaries and the embedded file streams they point to. Every PDF is
// attacker-controlled: sizes are bounded before anything is read or inflated, every failure is a
// CERTIFICATE_PDF_INVALID error, and a name given to two different files is refused, not guessed.

export interface PdfAttachmentLimits {
  /** Largest PDF read (bytes). */
  maxPdfBytes: number;
  /** Largest embedded file, compressed or inflated (bytes). */
  maxAttachmentBytes: number;
  /** Most indirect objects indexed (count). */
  maxObjects: number;
}

export const DEFAULT_PDF_ATTACHMENT_LIMITS: Readonly<PdfAttachmentLimits> = Object.freeze({
  maxPdfBytes: 32 << 20,
  maxAttachmentBytes: 8 << 20,
  maxObjects: 200_000,
});

const OBJECT_HEADER = /(?<![0-9])([0-9]{1,10})\s+([0-9]{1,5})\s+obj\b/g;
const MAX_DICTIONARY_CHARS = 64 * 1024;

function invalid(message: string, details: Record<string, unknown> = {}, cause?: unknown): CertificateError {
  return new CertificateError('CERTIFICATE_PDF_INVALID', `not a readable certificate PDF: ${message}`, {
    details,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** ISO 32000-1 §7.3.4.2 literal string (escapes, balanced parentheses) from `(`; null if unclosed. */
function readLiteralString(text: string, open: number): string | null {
  let depth = 0;
  let out = '';
  for (let i = open; i < text.length && i < open + 4096; i += 1) {
    const char = text[i]!;
    if (char === '\\') {
      const next = text[i + 1] ?? '';
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal !== null) {
        out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
        i += octal[0].length;
      } else {
        out += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
        i += 1;
      }
    } else if (char === '(') {
      if (depth > 0) out += char;
      depth += 1;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) return out;
      out += char;
    } else out += char;
  }
  return null;
}

/** §7.9.2.2 text strings: UTF-16BE after a byte order mark, else (here) Latin-1. */
function decodeTextString(bytes: string): string {
  if (bytes.startsWith('\u00fe\u00ff')) {
    return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
  }
  return bytes;
}

function readFileName(dictionary: string): string | null {
  for (const key of ['UF', 'F']) {
    const literal = new RegExp(`/${key}\\s*\\(`).exec(dictionary);
    if (literal !== null) {
      const value = readLiteralString(dictionary, literal.index + literal[0].length - 1);
      if (value !== null) return decodeTextString(value);
    }
    const hex = new RegExp(`/${key}\\s*<([0-9A-Fa-f\\s]{0,4096})>`).exec(dictionary);
    if (hex !== null) {
      return decodeTextString(Buffer.from(hex[1]!.replace(/\s/g, ''), 'hex').toString('latin1'));
    }
  }
  return null;
}

interface PdfObjects {
  text: string;
  /** `number generation` → offset just after `obj`; a later definition replaces an earlier one (§7.5.6). */
  starts: Map<string, number>;
}

function indexObjects(text: string, limits: PdfAttachmentLimits): PdfObjects {
  const starts = new Map<string, number>();
  let count = 0;
  for (const match of text.matchAll(OBJECT_HEADER)) {
    count += 1;
    if (count > limits.maxObjects) throw invalid(`more than ${limits.maxObjects} objects`);
    starts.set(`${Number(match[1])} ${Number(match[2])}`, match.index + match[0].length);
  }
  return { text, starts };
}

/** The object's dictionary text (up to `stream` or `endobj`), bounded. */
function readDictionary(objects: PdfObjects, start: number): { dictionary: string; end: number } {
  const window = objects.text.slice(start, start + MAX_DICTIONARY_CHARS);
  const ends = [window.indexOf('endobj'), window.search(/\bstream(\r\n|\n)/)].filter((at) => at >= 0);
  const end = ends.length === 0 ? window.length : Math.min(...ends);
  return { dictionary: window.slice(0, end), end: start + end };
}

function readStreamLength(objects: PdfObjects, dictionary: string, reference: string): number {
  const direct = /\/Length\s+([0-9]{1,10})(?!\s+[0-9]+\s+R)/.exec(dictionary);
  if (direct !== null) return Number(direct[1]);
  const indirect = /\/Length\s+([0-9]{1,10})\s+([0-9]{1,5})\s+R/.exec(dictionary);
  const start =
    indirect === null ? undefined : objects.starts.get(`${Number(indirect[1])} ${Number(indirect[2])}`);
  const value =
    start === undefined ? null : /^\s*([0-9]{1,10})\s+endobj/.exec(objects.text.slice(start, start + 64));
  if (value === null)
    throw invalid(`embedded file ${reference} has no readable /Length`, { object: reference });
  return Number(value[1]);
}

function readEmbeddedStream(objects: PdfObjects, reference: string, limits: PdfAttachmentLimits): Uint8Array {
  const start = objects.starts.get(reference);
  if (start === undefined)
    throw invalid(`embedded file object ${reference} is missing`, { object: reference });
  const { dictionary, end } = readDictionary(objects, start);
  const keyword = /^stream(\r\n|\n)/.exec(objects.text.slice(end, end + 8));
  if (keyword === null) throw invalid(`object ${reference} is not a stream`, { object: reference });
  const length = readStreamLength(objects, dictionary, reference);
  const dataStart = end + keyword[0].length;
  if (length > limits.maxAttachmentBytes || dataStart + length > objects.text.length) {
    throw invalid(`embedded file ${reference} is longer than allowed or than the file`, {
      object: reference,
    });
  }
  if (!/^\s*endstream/.test(objects.text.slice(dataStart + length, dataStart + length + 16))) {
    throw invalid(`embedded file ${reference} does not end where its /Length says`, { object: reference });
  }
  if (/\/DecodeParms\b/.test(dictionary)) {
    throw invalid(`embedded file ${reference} uses decode parameters`, { object: reference });
  }
  const filters =
    /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary)?.[1]?.match(/\/[A-Za-z0-9]+/g) ?? [];
  const data = Buffer.from(objects.text.slice(dataStart, dataStart + length), 'latin1');
  if (filters.length === 0) return new Uint8Array(data);
  if (filters.length > 1 || filters[0] !== '/FlateDecode') {
    throw invalid(`embedded file ${reference} uses filter ${filters.join(' ')}`, { object: reference });
  }
  try {
    return new Uint8Array(inflateSync(data, { maxOutputLength: limits.maxAttachmentBytes }));
  } catch (cause) {
    throw invalid(
      `embedded file ${reference} does not inflate within ${limits.maxAttachmentBytes} bytes`,
      {
        object: reference,
      },
      cause,
    );
  }
}

/**
 * The embedded files of `pdf` named in `names`, by name (absent names are missing from the map).
 * CERTIFICATE_PDF_INVALID when the PDF is too large, malformed where it matters, or names one file
 * twice with different contents.
 */
export function readPdfAttachments(
  pdf: Uint8Array,
  names: readonly string[],
  limits: PdfAttachmentLimits = DEFAULT_PDF_ATTACHMENT_LIMITS,
): Map<string, Uint8Array> {
  if (pdf.length > limits.maxPdfBytes) {
    throw invalid(`the file is larger than ${limits.maxPdfBytes} bytes`, { bytes: pdf.length });
  }
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  if (!text.startsWith('%PDF-')) throw invalid('the file does not begin with %PDF-');
  const objects = indexObjects(text, limits);
  const found = new Map<string, string>();
  for (const start of new Set(objects.starts.values())) {
    const { dictionary } = readDictionary(objects, start);
    if (!/\/Type\s*\/Filespec\b/.test(dictionary)) continue;
    const name = readFileName(dictionary);
    if (name === null || !names.includes(name)) continue;
    const ef = /\/EF\s*<<\s*\/F\s+([0-9]{1,10})\s+([0-9]{1,5})\s+R/.exec(dictionary);
    if (ef === null) throw invalid(`the file specification of ${name} embeds no file`, { name });
    const reference = `${Number(ef[1])} ${Number(ef[2])}`;
    const earlier = found.get(name);
    if (earlier !== undefined && earlier !== reference) {
      throw invalid(`two different files are named ${name}`, { name });
    }
    found.set(name, reference);
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, reference] of found) files.set(name, readEmbeddedStream(objects, reference, limits));
  return files;
}
