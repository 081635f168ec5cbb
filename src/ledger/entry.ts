import {
  base64ToBytes,
  checkEd25519,
  KEY_TYPE_ED25519,
  isTaggedDigest,
  parseVerifierKey,
  utf8ToBytes,
} from '../crypto/index.ts';
import {
  canonicalizeJson,
  ENTRY_SIGNATURE_FORM_BOUND,
  formatBoundEntrySignedMessage,
  formatEntrySignedMessage,
  isReceiptTime,
  parseCanonicalJson,
} from '../note/index.ts';
import { LedgerError } from './errors.ts';

// The entry envelope (DESIGN.md "Entry"): RFC 8785 canonical JSON, UTF-8, whose bytes are the leaf.
//   { "digest": "sha256:<hex>", "meta": {…}, "sig": {…}?, "time": "<RFC 3339 UTC ms>",
//     "type": "evidence", "unit": "<application unit>", "v": 1 }

export const ENTRY_VERSION = 1;
// A type is a name, or `x-<organisation>/<name>` for an organisation's own custom types.
const TYPE_PATTERN = /^(?:[a-z][a-z0-9-]{0,31}|x-[a-z0-9][a-z0-9-]{0,62}\/[a-z][a-z0-9-]{0,31})$/;
const UNIT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,254}$/;
const ENTRY_KEYS = new Set(['v', 'type', 'digest', 'unit', 'time', 'meta', 'sig']);
const FIELD_KEYS = new Set(['type', 'digest', 'unit', 'meta', 'sig']);
const SIG_KEYS = new Set(['key', 'signature', 'v']);

/**
 * An Ed25519 signature over the entry (src/note/entry-signature.ts defines the signed bytes):
 * `key` is the signer's C2SP verifier key text, `signature` standard base64 of the 64-byte
 * signature. Without `v` (form 1) it covers digest and meta, as a submitter's own signature;
 * with `v: 2` (form 2, every service-written entry) also the type, the unit and the chain's origin.
 */
export interface EntrySignature {
  key: string;
  signature: string;
  v?: typeof ENTRY_SIGNATURE_FORM_BOUND;
}

/** What a submitter supplies; the sequencer adds `v` and `time`. */
export interface EntryFields {
  type: string;
  digest: string;
  unit: string;
  meta?: Record<string, unknown>;
  sig?: EntrySignature;
}

export interface Entry {
  v: typeof ENTRY_VERSION;
  type: string;
  digest: string;
  unit: string;
  /** Sequencer time at acceptance, RFC 3339 UTC with milliseconds. */
  time: string;
  meta: Record<string, unknown>;
  sig?: EntrySignature;
}

export interface EntryLimits {
  maxEntryBytes: number;
  maxMetaBytes: number;
  maxMetaDepth: number;
}

function invalid(field: string, problem: string, cause?: unknown): LedgerError {
  return new LedgerError('ENTRY_INVALID', `entry field "${field}" ${problem}`, {
    details: { field },
    ...(cause === undefined ? {} : { cause }),
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function rejectUnknownKeys(value: Record<string, unknown>, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw invalid(where === '' ? key : `${where}.${key}`, 'is not a known field');
  }
}

export { formatEntrySignedMessage };

/** The entry's fields a signature is checked over, and the chain's origin when it is known. */
interface SignedFields {
  type: string;
  unit: string;
  digest: string;
  meta: Record<string, unknown>;
  origin: string | undefined;
}

function formatSignedMessage(form: 1 | 2, fields: SignedFields): Uint8Array {
  if (form === 1) return formatEntrySignedMessage(fields.digest, fields.meta);
  if (fields.origin === undefined) {
    throw invalid(
      'sig.v',
      "is a chain-bound signature (form 2), which cannot be checked without the chain's origin",
    );
  }
  return formatBoundEntrySignedMessage({ ...fields, origin: fields.origin });
}

function checkSignature(sig: unknown, fields: SignedFields): EntrySignature {
  if (!isPlainObject(sig)) throw invalid('sig', 'must be an object with "key" and "signature"');
  rejectUnknownKeys(sig, SIG_KEYS, 'sig');
  if (sig.v !== undefined && sig.v !== ENTRY_SIGNATURE_FORM_BOUND) {
    throw invalid('sig.v', `must be ${ENTRY_SIGNATURE_FORM_BOUND} or absent`);
  }
  const form = sig.v === undefined ? 1 : 2;
  if (typeof sig.key !== 'string' || sig.key.length > 512) throw invalid('sig.key', 'must be a verifier key');
  if (typeof sig.signature !== 'string' || sig.signature.length > 128) {
    throw invalid('sig.signature', 'must be base64 of an Ed25519 signature');
  }
  let publicKey: Uint8Array;
  let signature: Uint8Array;
  try {
    const key = parseVerifierKey(sig.key);
    if (key.type !== KEY_TYPE_ED25519) throw invalid('sig.key', 'must be an Ed25519 (type 0x01) key');
    publicKey = key.publicKey;
  } catch (cause) {
    if (cause instanceof LedgerError) throw cause;
    throw invalid('sig.key', 'is not a C2SP verifier key', cause);
  }
  try {
    signature = base64ToBytes(sig.signature);
  } catch (cause) {
    throw invalid('sig.signature', 'is not standard base64', cause);
  }
  const message = formatSignedMessage(form, fields);
  if (!checkEd25519(publicKey, message, signature)) {
    throw invalid(
      'sig.signature',
      form === 1
        ? 'does not verify over the digest and meta with sig.key'
        : "does not verify over the digest, meta, type, unit and chain's origin with sig.key",
    );
  }
  return form === 1
    ? { key: sig.key, signature: sig.signature }
    : { key: sig.key, signature: sig.signature, v: ENTRY_SIGNATURE_FORM_BOUND };
}

/** The meta object and its canonical JSON; ENTRY_INVALID unless it is small I-JSON. */
function checkMeta(meta: unknown, limits: EntryLimits): { meta: Record<string, unknown>; metaJson: string } {
  if (!isPlainObject(meta)) throw invalid('meta', 'must be a JSON object');
  try {
    return {
      meta,
      metaJson: canonicalizeJson(meta, { maxBytes: limits.maxMetaBytes, maxDepth: limits.maxMetaDepth }),
    };
  } catch (cause) {
    throw invalid(
      'meta',
      `must be I-JSON of at most ${limits.maxMetaBytes} bytes nested at most ${limits.maxMetaDepth} deep`,
      cause,
    );
  }
}

/** Fields checked by checkEntryFieldsWithMeta, and the canonical JSON of their meta. */
export interface CheckedEntryFields {
  fields: EntryFields;
  metaJson: string;
}

function checkCommonFields(
  value: Record<string, unknown>,
  limits: EntryLimits,
  origin: string | undefined,
): CheckedEntryFields {
  if (typeof value.type !== 'string' || !TYPE_PATTERN.test(value.type)) {
    throw invalid('type', 'must be 1 to 32 of a-z, 0-9 and "-", starting with a letter');
  }
  if (!isTaggedDigest(value.digest)) {
    throw invalid('digest', 'must be sha256:<64 hex> or sm3:<64 hex>, lower-case');
  }
  if (typeof value.unit !== 'string' || !UNIT_PATTERN.test(value.unit)) {
    throw invalid('unit', 'must be 1 to 255 of A-Z, a-z, 0-9 and "._:@-", starting with a letter or digit');
  }
  const { meta, metaJson } = checkMeta(value.meta ?? {}, limits);
  const fields: EntryFields = { type: value.type, digest: value.digest, unit: value.unit, meta };
  if (value.sig !== undefined) {
    fields.sig = checkSignature(value.sig, {
      type: value.type,
      unit: value.unit,
      digest: value.digest,
      meta,
      origin,
    });
  }
  return { fields, metaJson };
}

/**
 * Validates what a submitter sent; throws ENTRY_INVALID naming the first bad field. `origin` is
 * the chain's: a chain-bound (form 2) signature is checked against it, and refused without it.
 */
export function checkEntryFields(value: unknown, limits: EntryLimits, origin?: string): EntryFields {
  return checkEntryFieldsWithMeta(value, limits, origin).fields;
}

/** checkEntryFields, also giving the canonical JSON of the meta it checked (for buildEntryTemplate). */
export function checkEntryFieldsWithMeta(
  value: unknown,
  limits: EntryLimits,
  origin?: string,
): CheckedEntryFields {
  if (!isPlainObject(value)) throw invalid('entry', 'must be an object');
  rejectUnknownKeys(value, FIELD_KEYS, '');
  return checkCommonFields(value, limits, origin);
}

/** The entry for validated fields at sequencer time `time`, and its canonical bytes (the leaf). */
export function buildEntry(
  fields: EntryFields,
  time: string,
  limits: EntryLimits,
): { entry: Entry; bytes: Uint8Array } {
  if (!isReceiptTime(time)) throw invalid('time', 'must be RFC 3339 UTC with milliseconds');
  return serializeEntry(fields, time, limits);
}

/**
 * RFC 8785 canonical JSON of the entry (DESIGN.md "Entry") at `time`, a time isReceiptTime
 * accepted (the callers check it, or it is the template's). Its member names sort as digest, meta,
 * sig, time, type, unit, v, and when digest, type and unit have the forms the checks allow (ASCII
 * that JSON does not escape, as is every such time), the text is put together around the meta's
 * canonical JSON instead of canonicalizing the whole entry again; other values take the general path.
 */
function serializeEntry(
  fields: EntryFields,
  time: string,
  limits: EntryLimits,
  metaJson?: string,
): { entry: Entry; bytes: Uint8Array } {
  const entry: Entry = {
    v: ENTRY_VERSION,
    type: fields.type,
    digest: fields.digest,
    unit: fields.unit,
    time,
    meta: fields.meta ?? {},
  };
  if (fields.sig !== undefined) entry.sig = fields.sig;
  const plain =
    metaJson !== undefined &&
    TYPE_PATTERN.test(entry.type) &&
    UNIT_PATTERN.test(entry.unit) &&
    isTaggedDigest(entry.digest);
  const text = plain
    ? `{"digest":"${entry.digest}","meta":${metaJson}${
        entry.sig === undefined ? '' : `,"sig":${canonicalizeJson(entry.sig)}`
      },"time":"${time}","type":"${entry.type}","unit":"${entry.unit}","v":${ENTRY_VERSION}}`
    : canonicalizeJson(entry);
  const bytes = utf8ToBytes(text);
  if (bytes.length > limits.maxEntryBytes) {
    throw new LedgerError(
      'ENTRY_INVALID',
      `the entry is ${bytes.length} bytes, more than ${limits.maxEntryBytes}`,
      {
        details: { field: 'entry', sizeBytes: bytes.length, maxEntryBytes: limits.maxEntryBytes },
      },
    );
  }
  return { entry, bytes };
}

/** An entry serialised with a placeholder time, whose time can be set without serialising it again. */
export interface EntryTemplate {
  readonly bytes: Uint8Array;
  /** Where the 24 bytes of the time's value start. */
  readonly timeOffset: number;
}

const TEMPLATE_TIME = '2000-01-01T00:00:00.000Z';

/**
 * buildEntry with a placeholder time (so it also checks the entry's size: every time has the same
 * length). RFC 8785 sorts members by key, so `time` is followed only by `type`, `unit` and `v`,
 * whose values are plain ASCII that JSON does not escape: the time sits at a known distance from
 * the end. `metaJson`, when given, must be the canonical JSON of `fields.meta` as
 * checkEntryFieldsWithMeta gave it; the meta is then not canonicalized again.
 */
export function buildEntryTemplate(
  fields: EntryFields,
  limits: EntryLimits,
  metaJson?: string,
): EntryTemplate {
  const { bytes } = serializeEntry(fields, TEMPLATE_TIME, limits, metaJson);
  const expected = `"time":"${TEMPLATE_TIME}","type":"${fields.type}","unit":"${fields.unit}","v":${ENTRY_VERSION}}`;
  const start = bytes.length - expected.length;
  for (let i = 0; i < expected.length; i++) {
    if (bytes[start + i] !== expected.charCodeAt(i)) {
      throw new LedgerError('ENTRY_INVALID', 'the entry does not serialise in the expected member order', {
        details: { field: 'entry' },
      });
    }
  }
  return { bytes, timeOffset: start + '"time":"'.length };
}

/** The canonical bytes of the template's entry at sequencer time `time` (same as buildEntry's). */
export function stampEntryTime(template: EntryTemplate, time: string): Uint8Array {
  if (!isReceiptTime(time)) throw invalid('time', 'must be RFC 3339 UTC with milliseconds');
  return stampCheckedTime(template, time);
}

/** stampEntryTime for a time already checked with isReceiptTime (24 ASCII characters). */
export function stampCheckedTime(template: EntryTemplate, time: string): Uint8Array {
  const bytes = template.bytes.slice();
  for (let i = 0; i < time.length; i++) bytes[template.timeOffset + i] = time.charCodeAt(i);
  return bytes;
}

// The last members of a canonical entry (RFC 8785 sorts members by key): time, type, unit, v.
const TIME_PATTERN = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const TIME_LENGTH = 24;

function isLowerAlnum(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39);
}

function isUnitByte(byte: number): boolean {
  return (
    isLowerAlnum(byte) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x3a ||
    byte === 0x40 ||
    byte === 0x2d
  );
}

/** True when `text` (ASCII) ends at `end` in `bytes`. */
function endsWith(bytes: Uint8Array, end: number, text: string): boolean {
  if (end < text.length) return false;
  for (let i = 0; i < text.length; i++) {
    if (bytes[end - text.length + i] !== text.charCodeAt(i)) return false;
  }
  return true;
}

function readAscii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

/**
 * The type, unit and time of entry bytes the sequencer built, read backwards from the entry's last
 * members (`,"time":"…","type":"…","unit":"…","v":1}`) alone, for readers that count entries
 * rather than check them (the chain's statistics); null when the bytes do not end as a canonical
 * entry does. It does not validate the entry: parseEntry does.
 */
export function readEntryTypeAndUnit(bytes: Uint8Array): { type: string; unit: string; time: string } | null {
  let end = bytes.length;
  if (!endsWith(bytes, end, '","v":1}')) return null;
  end -= 8;
  let start = end;
  while (start > 0 && end - start < 255 && isUnitByte(bytes[start - 1]!)) start--;
  if (start === end || !isLowerAlnum(bytes[start]! | 0x20) || !endsWith(bytes, start, '","unit":"'))
    return null;
  const unit = readAscii(bytes, start, end);
  end = start - 10;
  start = end;
  while (start > 0 && end - start < 32 && (isLowerAlnum(bytes[start - 1]!) || bytes[start - 1] === 0x2d))
    start--;
  if (
    start === end ||
    !(bytes[start]! >= 0x61 && bytes[start]! <= 0x7a) ||
    !endsWith(bytes, start, '","type":"')
  )
    return null;
  const type = readAscii(bytes, start, end);
  end = start - 10;
  if (end < TIME_LENGTH || !endsWith(bytes, end - TIME_LENGTH, ',"time":"')) return null;
  const time = readAscii(bytes, end - TIME_LENGTH, end);
  if (!TIME_PATTERN.test(time)) return null;
  return { type, unit, time };
}

/**
 * Parses stored leaf bytes strictly (canonical form, every field, the signature); throws
 * ENTRY_INVALID. `origin` is the chain's, needed to check a chain-bound (form 2) signature.
 */
export function parseEntry(bytes: Uint8Array, limits: EntryLimits, origin?: string): Entry {
  if (!(bytes instanceof Uint8Array) || bytes.length > limits.maxEntryBytes) {
    throw invalid('entry', `must be at most ${limits.maxEntryBytes} bytes`);
  }
  let value: unknown;
  try {
    value = parseCanonicalJson(bytes, { maxBytes: limits.maxEntryBytes });
  } catch (cause) {
    throw invalid('entry', 'is not RFC 8785 canonical JSON', cause);
  }
  if (!isPlainObject(value)) throw invalid('entry', 'must be a JSON object');
  rejectUnknownKeys(value, ENTRY_KEYS, '');
  if (value.v !== ENTRY_VERSION) throw invalid('v', `must be ${ENTRY_VERSION}`);
  if (!isReceiptTime(value.time)) throw invalid('time', 'must be RFC 3339 UTC with milliseconds');
  if (value.meta === undefined) throw invalid('meta', 'is missing');
  const { fields } = checkCommonFields(value, limits, origin);
  return { v: ENTRY_VERSION, ...fields, time: value.time, meta: fields.meta ?? {} };
}

/** True when two entries (or requests) carry the same submitted fields (the idempotent-replay test). */
export function matchesEntryFields(entry: EntryFields, fields: EntryFields): boolean {
  const pick = (value: EntryFields) => ({
    type: value.type,
    digest: value.digest,
    unit: value.unit,
    meta: value.meta ?? {},
    sig: value.sig ?? null,
  });
  return canonicalizeJson(pick(entry)) === canonicalizeJson(pick(fields));
}
