import {
  base64ToBytes,
  bytesToBase64,
  KEY_TYPE_ED25519,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { signNote } from './sign-note.ts';
import { DEFAULT_NOTE_LIMITS, formatKeyIdentity, parseNote, type NoteLimits } from './signed-note.ts';
import { isCleanText, isNonNegativeSafeInteger, parseDecimal } from './text.ts';
import { checkVerifierKey } from './verifier-keys.ts';
import { verifyNoteSignatures } from './verify-note.ts';

// sealchain receipt (DESIGN.md "Receipt"): a signed note by the sequencer binding origin, index,
// leaf hash and acceptance time. Its first line is a fixed header and its second line is not a
// decimal, so a receipt can never parse as a checkpoint (https://c2sp.org/tlog-checkpoint) and a
// checkpoint never as a receipt.
//
//   sealchain-receipt/v1
//   origin <origin>
//   index <decimal, no leading zeros>
//   leaf <base64 of the 32-byte leaf hash>
//   time <RFC 3339 UTC with milliseconds, e.g. 2026-11-21T10:00:00.000Z>

export const RECEIPT_HEADER = 'sealchain-receipt/v1';
export const RECEIPT_LEAF_HASH_SIZE_BYTES = 32;
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface Receipt {
  readonly origin: string;
  readonly index: number;
  readonly leafHash: Uint8Array;
  /** Sequencer time at acceptance, RFC 3339 UTC with milliseconds. */
  readonly time: string;
}

function malformed(message: string, cause?: unknown): NoteError {
  return new NoteError('RECEIPT_MALFORMED', message, cause === undefined ? {} : { cause });
}

/** RFC 3339 §5.6 date-time, restricted to UTC with exactly three fraction digits and a real date. */
export function isReceiptTime(time: unknown): time is string {
  if (typeof time !== 'string' || !TIME_PATTERN.test(time)) return false;
  const ms = Date.parse(time);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === time;
}

function isOrigin(origin: unknown): origin is string {
  return isCleanText(origin) && origin.length > 0 && !origin.includes('\n');
}

function field(line: string, name: string): string {
  const prefix = `${name} `;
  if (!line.startsWith(prefix)) throw malformed(`the receipt has no "${name}" line where one belongs`);
  return line.slice(prefix.length);
}

/** Parses a receipt body (a note's text); throws RECEIPT_MALFORMED. */
export function parseReceipt(body: string): Receipt {
  if (typeof body !== 'string' || body.length > DEFAULT_NOTE_LIMITS.maxNoteBytes) {
    throw malformed('a receipt body must be a string no larger than a note');
  }
  if (!isCleanText(body) || !body.endsWith('\n')) {
    throw malformed('a receipt body is well-formed text ending in a newline, with no control character');
  }
  const lines = body.slice(0, -1).split('\n');
  if (lines.length !== 5 || lines[0] !== RECEIPT_HEADER) {
    throw malformed(`a receipt is the line ${RECEIPT_HEADER} and four field lines`);
  }
  const origin = field(lines[1]!, 'origin');
  if (origin.length === 0) throw malformed('the receipt origin is empty');
  const index = parseDecimal(field(lines[2]!, 'index'));
  if (index === undefined)
    throw malformed('the receipt index must be decimal without leading zeros, at most 2^53 - 1');
  let leafHash: Uint8Array;
  try {
    leafHash = base64ToBytes(field(lines[3]!, 'leaf'));
  } catch (cause) {
    if (cause instanceof NoteError) throw cause;
    throw malformed('the receipt leaf hash is not canonical base64', cause);
  }
  if (leafHash.length !== RECEIPT_LEAF_HASH_SIZE_BYTES) {
    throw malformed(`the receipt leaf hash must be ${RECEIPT_LEAF_HASH_SIZE_BYTES} bytes`);
  }
  const time = field(lines[4]!, 'time');
  if (!isReceiptTime(time)) throw malformed('the receipt time must be RFC 3339 UTC with milliseconds');
  return { origin, index, leafHash, time };
}

/** Formats a receipt body; throws RECEIPT_MALFORMED for a field that would not parse back. */
export function formatReceipt(receipt: Receipt): string {
  return formatReceipts([receipt])[0]!;
}

/**
 * formatReceipt for each receipt, in order. A group commit's receipts share their origin and
 * time, so an origin or time equal to the one checked just before is not checked again.
 */
export function formatReceipts(receipts: readonly Receipt[]): string[] {
  let checkedOrigin: string | undefined;
  let checkedTime: string | undefined;
  return receipts.map((receipt) => {
    if (typeof receipt !== 'object' || receipt === null) throw malformed('a receipt must be an object');
    const { origin, index, leafHash, time } = receipt;
    if (checkedOrigin === undefined || origin !== checkedOrigin) {
      if (!isOrigin(origin)) throw malformed('the receipt origin must be one non-empty line of clean text');
      checkedOrigin = origin;
    }
    if (!isNonNegativeSafeInteger(index))
      throw malformed('the receipt index must be a non-negative safe integer');
    if (!(leafHash instanceof Uint8Array) || leafHash.length !== RECEIPT_LEAF_HASH_SIZE_BYTES) {
      throw malformed(`the receipt leaf hash must be ${RECEIPT_LEAF_HASH_SIZE_BYTES} bytes`);
    }
    if (checkedTime === undefined || time !== checkedTime) {
      if (!isReceiptTime(time)) throw malformed('the receipt time must be RFC 3339 UTC with milliseconds');
      checkedTime = time;
    }
    return `${RECEIPT_HEADER}\norigin ${origin}\nindex ${index}\nleaf ${bytesToBase64(leafHash)}\ntime ${time}\n`;
  });
}

/** The sequencer signs a receipt with its Ed25519 key; returns the signed note. */
export function signReceipt(receipt: Receipt, sequencerKey: SignerKey, limits?: Partial<NoteLimits>): string {
  return signNote(formatReceipt(receipt), [sequencerKey], limits);
}

/**
 * Verifies a receipt note signed by the sequencer key for `origin` and returns the receipt.
 * Throws NOTE_*, RECEIPT_MALFORMED, RECEIPT_ORIGIN_MISMATCH, KEY_INVALID, SIGNATURE_INVALID or
 * NO_TRUSTED_SIGNATURE.
 */
export function verifyReceipt(
  noteText: string | Uint8Array,
  origin: string,
  sequencerKey: VerifierKey,
  limits?: Partial<NoteLimits>,
): Receipt {
  if (typeof origin !== 'string' || origin.length === 0) {
    throw new NoteError('OPTIONS_INVALID', 'the expected origin must be a non-empty string');
  }
  checkVerifierKey(sequencerKey, KEY_TYPE_ED25519);
  const note = parseNote(noteText, limits);
  const receipt = parseReceipt(note.text);
  if (receipt.origin !== origin) {
    throw new NoteError('RECEIPT_ORIGIN_MISMATCH', `the receipt is for ${receipt.origin}, not ${origin}`, {
      details: { expectedOrigin: origin, origin: receipt.origin },
    });
  }
  const identity = formatKeyIdentity(sequencerKey.name, sequencerKey.keyId);
  const verified = verifyNoteSignatures(note, new Map([[identity, sequencerKey]]));
  if (verified.verified.length === 0) {
    throw new NoteError(
      'NO_TRUSTED_SIGNATURE',
      `the receipt carries no signature by sequencer key ${identity}`,
      {
        details: { sequencerKey: identity },
      },
    );
  }
  return receipt;
}
