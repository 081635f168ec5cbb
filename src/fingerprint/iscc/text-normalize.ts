// ISO 24138:2024 §6.2–6.3 text normalisation, as iscc-core 1.x `text_clean`, `text_collapse`,
// `text_remove_newlines` and `text_trim` do it. "Whitespace" is Python's `str.isspace` set,
// which differs from JavaScript's `\s` (it has U+001C–U+001F and U+0085, lacks U+FEFF).

const PY_SPACE =
  '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'g');
const PY_SPACE_ANY = new RegExp(`[${PY_SPACE}]`, 'g');
const PY_SPACE_EDGES = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const PY_SPACE_ONLY = new RegExp(`^[${PY_SPACE}]*$`);
/** Newline characters text_clean keeps (as `\n`) while it drops other control characters. */
const NEWLINE_OR_CONTROL = /\r\n|[\n\v\f\r\x85\u2028\u2029]|\p{C}/gu;
const NEWLINE = /^(?:\r\n|[\n\v\f\r\x85\u2028\u2029])$/;
const CONTROL_MARK_PUNCTUATION = /[\p{C}\p{M}\p{P}]/gu;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Python's `str.strip()`. */
export function stripPythonSpace(text: string): string {
  return text.replace(PY_SPACE_EDGES, '');
}

/**
 * Text for display: NFKC; control characters removed except newlines, which become `\n`
 * (`\r\n` counts as one); runs of empty or blank lines cut to one; outer whitespace stripped.
 */
export function cleanText(text: string): string {
  const normalized = text
    .normalize('NFKC')
    .replace(NEWLINE_OR_CONTROL, (match) => (NEWLINE.test(match) ? '\n' : ''));
  const lines: string[] = [];
  let previousBlank = false;
  for (const line of normalized.split('\n')) {
    const blank = PY_SPACE_ONLY.test(line);
    if (blank && previousBlank) continue;
    previousBlank = blank;
    lines.push(line);
  }
  return stripPythonSpace(lines.join('\n'));
}

/** One line: every whitespace run (newlines included) becomes one space; edges stripped. */
export function removeNewlines(text: string): string {
  return stripPythonSpace(text.replace(PY_SPACE_RUN, ' '));
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character, then strips it. */
export function trimTextToBytes(text: string, maxBytes: number): string {
  const bytes = utf8Encoder.encode(text);
  if (bytes.length <= maxBytes) return stripPythonSpace(text);
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return stripPythonSpace(utf8Decoder.decode(bytes.subarray(0, end)));
}

/**
 * Text for similarity hashing: NFD; whitespace removed; lower case; control characters, marks
 * and punctuation removed; NFKC. Whitespace goes before lower-casing, as in iscc-core (it decides
 * where a Greek final sigma is).
 */
export function collapseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(PY_SPACE_ANY, '')
    .toLowerCase()
    .replace(CONTROL_MARK_PUNCTUATION, '')
    .normalize('NFKC');
}
