// The proof bundle a certificate PDF carries as the embedded file `proof-bundle.json` (ISO 32000-1
// §7.11.4 file specification → /EF /F embedded file stream, §7.11.4.1), read in the browser. The
// server's reader (src/certificate/pdf-attachments.ts) uses Node's zlib and Buffer; this one uses
// DecompressionStream and plain arrays. The PDF is hostile: sizes are bounded before reading or
// inflating, and every failure is a PdfBundleError the page shows.

export const BUNDLE_ATTACHMENT = 'proof-bundle.json';
const MAX_PDF_BYTES = 32 << 20;
const MAX_ATTACHMENT_BYTES = 8 << 20;
const MAX_DICTIONARY_CHARS = 64 * 1024;

export class PdfBundleError extends Error {
  readonly code = 'CERTIFICATE_PDF_INVALID';
}

/** Bytes as a Latin-1 string: one character per byte, so offsets are byte offsets. */
function toLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return text;
}

function fromLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** Where object `number generation` begins (after `obj`); the last definition wins (§7.5.6). */
function findObject(text: string, reference: string): number {
  const [number, generation] = reference.split(' ');
  const pattern = new RegExp(`(?<![0-9])${number}\\s+${generation}\\s+obj\\b`, 'g');
  let start = -1;
  for (const match of text.matchAll(pattern)) start = match.index + match[0].length;
  if (start < 0) throw new PdfBundleError(`object ${reference} is missing`);
  return start;
}

function readDictionary(text: string, start: number): { dictionary: string; end: number } {
  const window = text.slice(start, start + MAX_DICTIONARY_CHARS);
  const ends = [window.indexOf('endobj'), window.search(/\bstream(\r\n|\n)/)].filter((at) => at >= 0);
  const end = ends.length === 0 ? window.length : Math.min(...ends);
  return { dictionary: window.slice(0, end), end: start + end };
}

function readLength(text: string, dictionary: string): number {
  const direct = /\/Length\s+([0-9]{1,10})(?!\s+[0-9]+\s+R)/.exec(dictionary);
  if (direct !== null) return Number(direct[1]);
  const indirect = /\/Length\s+([0-9]{1,10})\s+([0-9]{1,5})\s+R/.exec(dictionary);
  if (indirect === null) throw new PdfBundleError('the embedded file has no /Length');
  const start = findObject(text, `${Number(indirect[1])} ${Number(indirect[2])}`);
  const value = /^\s*([0-9]{1,10})\s+endobj/.exec(text.slice(start, start + 64));
  if (value === null) throw new PdfBundleError('the embedded file has no readable /Length');
  return Number(value[1]);
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate'));
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_ATTACHMENT_BYTES) {
      await reader.cancel();
      throw new PdfBundleError('the embedded file inflates beyond 8 MiB');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The file specification naming `name`, and the embedded file stream it points to. */
function findEmbeddedReference(text: string, name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const spec = new RegExp(`/Type\\s*/Filespec\\b[^]{0,2048}?/(?:UF|F)\\s*\\(${escaped}\\)`, 'g');
  const references = new Set<string>();
  for (const match of text.matchAll(spec)) {
    const start = text.lastIndexOf(' obj', match.index) + 4;
    const { dictionary } = readDictionary(text, start);
    const ef = /\/EF\s*<<\s*\/F\s+([0-9]{1,10})\s+([0-9]{1,5})\s+R/.exec(dictionary);
    if (ef !== null) references.add(`${Number(ef[1])} ${Number(ef[2])}`);
  }
  if (references.size > 1) throw new PdfBundleError(`two different files are named ${name}`);
  return references.values().next().value ?? null;
}

/** The text of the embedded file `name`, or null when the PDF has none by that name. */
export async function readPdfAttachmentText(
  pdf: Uint8Array,
  name = BUNDLE_ATTACHMENT,
): Promise<string | null> {
  if (pdf.length > MAX_PDF_BYTES) throw new PdfBundleError('the PDF is larger than 32 MiB');
  const text = toLatin1(pdf);
  if (!text.startsWith('%PDF-')) throw new PdfBundleError('the file does not begin with %PDF-');
  const reference = findEmbeddedReference(text, name);
  if (reference === null) return null;
  const { dictionary, end } = readDictionary(text, findObject(text, reference));
  const keyword = /^stream(\r\n|\n)/.exec(text.slice(end, end + 8));
  if (keyword === null) throw new PdfBundleError(`object ${reference} is not a stream`);
  const length = readLength(text, dictionary);
  const dataStart = end + keyword[0].length;
  if (length > MAX_ATTACHMENT_BYTES || dataStart + length > text.length) {
    throw new PdfBundleError('the embedded file is longer than allowed or than the PDF');
  }
  const filters =
    /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary)?.[1]?.match(/\/[A-Za-z0-9]+/g) ?? [];
  if (
    /\/DecodeParms\b/.test(dictionary) ||
    filters.length > 1 ||
    (filters[0] ?? '/FlateDecode') !== '/FlateDecode'
  ) {
    throw new PdfBundleError(`the embedded file uses filter ${filters.join(' ')}`);
  }
  const raw = fromLatin1(text.slice(dataStart, dataStart + length));
  const bytes = filters.length === 0 ? raw : await inflate(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PdfBundleError('the embedded file is not UTF-8 text');
  }
}
