import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, isValidKeyName } from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { decodeTextInput, hasForbiddenControl, isCleanText, measureUtf8Length } from './text.ts';

// C2SP signed note (https://c2sp.org/signed-note#format): a text ending in a newline, a blank line,
// then one or more lines `— <key name> base64(key ID ‖ signature)`. Parsing is as strict as
// golang.org/x/mod/sumdb/note, and stricter in two places: base64 must be canonical, and two
// signature lines by the same key name and ID are rejected instead of silently dropped, since it is
// then ambiguous which of them a reader counted.

export const NOTE_KEY_ID_SIZE_BYTES = 4;
const SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  readonly name: string;
  /** The 4-byte key ID (big-endian uint32 on the wire). */
  readonly keyId: Uint8Array;
  /** The signature bytes that follow the key ID; their meaning depends on the key's type. */
  readonly signature: Uint8Array;
}

export interface Note {
  /** The signed text, including its final newline but not the blank separator line. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface NoteLimits {
  /** Largest accepted note, in bytes of UTF-8. */
  maxNoteBytes: number;
  /** Most signature lines accepted; the spec requires accepting at least 16. */
  maxSignatures: number;
}

export const DEFAULT_NOTE_LIMITS: Readonly<NoteLimits> = Object.freeze({
  maxNoteBytes: 1_048_576,
  maxSignatures: 100,
});

const MIN_SIGNATURES_ACCEPTED = 16;

/** Merges limits over the defaults; throws OPTIONS_INVALID on an unknown key or a bad value. */
export function resolveNoteLimits(limits?: Partial<NoteLimits>): Readonly<NoteLimits> {
  if (limits === undefined || limits === DEFAULT_NOTE_LIMITS) return DEFAULT_NOTE_LIMITS;
  if (typeof limits !== 'object' || limits === null) {
    throw new NoteError('OPTIONS_INVALID', 'note limits must be an object');
  }
  for (const key of Object.keys(limits)) {
    if (!Object.hasOwn(DEFAULT_NOTE_LIMITS, key))
      throw new NoteError('OPTIONS_INVALID', `unknown note limit "${key}"`);
  }
  const resolved = { ...DEFAULT_NOTE_LIMITS, ...limits };
  if (!Number.isSafeInteger(resolved.maxNoteBytes) || resolved.maxNoteBytes < 1) {
    throw new NoteError('OPTIONS_INVALID', 'maxNoteBytes must be a positive integer');
  }
  if (!Number.isSafeInteger(resolved.maxSignatures) || resolved.maxSignatures < MIN_SIGNATURES_ACCEPTED) {
    throw new NoteError(
      'OPTIONS_INVALID',
      `maxSignatures must be an integer of at least ${MIN_SIGNATURES_ACCEPTED}`,
    );
  }
  return resolved;
}

/** C2SP key names: non-empty, well-formed, no Unicode White_Space, no "+". */
export function isValidNoteKeyName(name: unknown): name is string {
  return typeof name === 'string' && isValidKeyName(name);
}

/** Identifies a key as the spec does, by the pair (name, key ID). */
export function formatKeyIdentity(name: string, keyId: Uint8Array): string {
  return `${name}+${bytesToHex(keyId)}`;
}

/** Throws NOTE_MALFORMED unless the text can be signed: clean, ending in a newline. */
export function checkNoteText(text: unknown): asserts text is string {
  if (!isCleanText(text) || !text.endsWith('\n')) {
    throw new NoteError(
      'NOTE_MALFORMED',
      'note text must be well-formed text ending in a newline, with no control character but newline',
    );
  }
}

/** Parses one signature line (without its newline); throws NOTE_MALFORMED. */
export function parseSignatureLine(line: string): NoteSignature {
  if (typeof line !== 'string' || !line.startsWith(SIGNATURE_PREFIX)) {
    throw new NoteError('NOTE_MALFORMED', 'a signature line starts with an em dash and a space');
  }
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const encoded = space < 0 ? '' : rest.slice(space + 1);
  if (!isValidNoteKeyName(name)) {
    throw new NoteError('NOTE_MALFORMED', 'a signature line has an invalid key name');
  }
  let raw: Uint8Array;
  try {
    raw = base64ToBytes(encoded);
  } catch (cause) {
    throw new NoteError('NOTE_MALFORMED', `the signature of ${name} is not canonical base64`, { cause });
  }
  if (raw.length <= NOTE_KEY_ID_SIZE_BYTES) {
    throw new NoteError('NOTE_MALFORMED', `the signature of ${name} is shorter than a key ID and one byte`);
  }
  return {
    name,
    keyId: raw.slice(0, NOTE_KEY_ID_SIZE_BYTES),
    signature: raw.slice(NOTE_KEY_ID_SIZE_BYTES),
  };
}

function checkNoteSignature(signature: NoteSignature): void {
  if (
    typeof signature !== 'object' ||
    signature === null ||
    !isValidNoteKeyName(signature.name) ||
    !(signature.keyId instanceof Uint8Array) ||
    signature.keyId.length !== NOTE_KEY_ID_SIZE_BYTES ||
    !(signature.signature instanceof Uint8Array) ||
    signature.signature.length === 0
  ) {
    throw new NoteError('NOTE_MALFORMED', 'a signature needs a valid key name, a 4-byte key ID and bytes');
  }
}

/** Formats one signature line, without its newline; throws NOTE_MALFORMED. */
export function formatSignatureLine(signature: NoteSignature): string {
  checkNoteSignature(signature);
  return `${SIGNATURE_PREFIX}${signature.name} ${bytesToBase64(concatBytes(signature.keyId, signature.signature))}`;
}

function checkUniqueSigners(signatures: readonly NoteSignature[]): void {
  const seen = new Set<string>();
  for (const signature of signatures) {
    checkNoteSignature(signature);
    const identity = formatKeyIdentity(signature.name, signature.keyId);
    if (seen.has(identity)) {
      throw new NoteError('NOTE_MALFORMED', `the note has two signatures by ${identity}`, {
        details: { key: identity },
      });
    }
    seen.add(identity);
  }
}

function checkSignatureCount(count: number, limits: Readonly<NoteLimits>): void {
  if (count > limits.maxSignatures) {
    throw new NoteError(
      'NOTE_TOO_MANY_SIGNATURES',
      `the note has more than ${limits.maxSignatures} signatures`,
      {
        details: { maxSignatures: limits.maxSignatures, signatures: count },
      },
    );
  }
}

// https://c2sp.org/signed-note#format
/** Parses a signed note without verifying anything; throws NOTE_MALFORMED, NOTE_TOO_LARGE or NOTE_TOO_MANY_SIGNATURES. */
export function parseNote(input: string | Uint8Array, limits?: Partial<NoteLimits>): Note {
  const resolved = resolveNoteLimits(limits);
  const message = decodeTextInput(
    input,
    resolved.maxNoteBytes,
    { malformed: 'NOTE_MALFORMED', tooLarge: 'NOTE_TOO_LARGE' },
    'the note',
  );
  if (hasForbiddenControl(message)) {
    throw new NoteError('NOTE_MALFORMED', 'the note contains a control character other than newline');
  }
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('NOTE_MALFORMED', 'the note has no blank line before its signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) {
    throw new NoteError('NOTE_MALFORMED', 'the note must end with signature lines, each ending in a newline');
  }
  const lines = block.slice(0, -1).split('\n');
  checkSignatureCount(lines.length, resolved);
  const signatures = lines.map(parseSignatureLine);
  checkUniqueSigners(signatures);
  return { text, signatures };
}

/** Formats a signed note; throws NOTE_MALFORMED, NOTE_TOO_LARGE or NOTE_TOO_MANY_SIGNATURES. */
export function formatNote(note: Note, limits?: Partial<NoteLimits>): string {
  const resolved = resolveNoteLimits(limits);
  checkNoteText(note.text);
  if (!Array.isArray(note.signatures) || note.signatures.length === 0) {
    throw new NoteError('NOTE_MALFORMED', 'a signed note needs at least one signature');
  }
  checkSignatureCount(note.signatures.length, resolved);
  checkUniqueSigners(note.signatures);
  let out = `${note.text}\n`;
  for (const signature of note.signatures) out += `${formatSignatureLine(signature)}\n`;
  const size = measureUtf8Length(out);
  if (size > resolved.maxNoteBytes) {
    throw new NoteError('NOTE_TOO_LARGE', `the note is larger than ${resolved.maxNoteBytes} bytes`, {
      details: { maxBytes: resolved.maxNoteBytes, sizeBytes: size },
    });
  }
  return out;
}

/**
 * Adds signatures to a signed note. A new signature replaces an existing one by the same key name
 * and ID (a witness that cosigned again); the others keep their order, new ones come last.
 */
export function addNoteSignatures(
  input: string | Uint8Array,
  signatures: readonly NoteSignature[],
  limits?: Partial<NoteLimits>,
): string {
  const note = parseNote(input, limits);
  if (!Array.isArray(signatures)) throw new NoteError('NOTE_MALFORMED', 'signatures must be an array');
  checkUniqueSigners(signatures);
  const replaced = new Set(signatures.map((signature) => formatKeyIdentity(signature.name, signature.keyId)));
  const kept = note.signatures.filter(
    (signature) => !replaced.has(formatKeyIdentity(signature.name, signature.keyId)),
  );
  return formatNote({ text: note.text, signatures: [...kept, ...signatures] }, limits);
}
