import { base64ToBytes, bytesToBase64, bytesToUtf8, utf8ToBytes } from '../crypto/index.ts';
import {
  CHECKPOINT_HASH_SIZE_BYTES,
  NoteError,
  parseCheckpoint,
  parseNote,
  type Checkpoint,
  type Note,
} from '../note/index.ts';
import { ConsortiumError } from './errors.ts';

// C2SP tlog-witness add-checkpoint request body (https://c2sp.org/tlog-witness#add-checkpoint):
//   old <size>\n  <base64 hash>\n × 0..63  \n  <signed checkpoint note>
// The old size is decimal without leading zeroes; the proof is empty when the old size is zero;
// the old size is at most the checkpoint's size. Any other shape is a 400. RFC 9162 §2.1.4: the
// proof between two trees of one size is empty too.

export const MAX_CONSISTENCY_PROOF_LINES = 63;
/** Largest request body a witness reads, in bytes: a checkpoint with a few dozen signatures. */
export const DEFAULT_MAX_ADD_CHECKPOINT_BYTES = 65_536;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  /** RFC 6962 §2.1.2 consistency proof from oldSize to the checkpoint's size. */
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note exactly as sent. */
  readonly checkpointNote: string;
  readonly note: Note;
  readonly checkpoint: Checkpoint;
}

const OLD_SIZE_LINE = /^old (0|[1-9][0-9]{0,15})$/;

function malformed(message: string, details: Record<string, unknown> = {}, cause?: unknown): ConsortiumError {
  return new ConsortiumError('WITNESS_REQUEST_MALFORMED', `add-checkpoint request: ${message}`, {
    details,
    ...(cause === undefined ? {} : { cause }),
  });
}

function tooLarge(sizeBytes: number, maxBytes: number): ConsortiumError {
  return new ConsortiumError(
    'WITNESS_REQUEST_TOO_LARGE',
    `the add-checkpoint request is larger than ${maxBytes} bytes`,
    { details: { maxBytes, sizeBytes } },
  );
}

function decodeBody(body: string | Uint8Array, maxBytes: number): string {
  if (body instanceof Uint8Array) {
    if (body.length > maxBytes) throw tooLarge(body.length, maxBytes);
    try {
      return bytesToUtf8(body);
    } catch (cause) {
      throw malformed('the body is not valid UTF-8', {}, cause);
    }
  }
  if (typeof body !== 'string') throw malformed('the body must be text');
  if (body.length > maxBytes) throw tooLarge(body.length, maxBytes);
  let size: number;
  try {
    size = utf8ToBytes(body).length;
  } catch (cause) {
    throw malformed('the body is not well-formed text', {}, cause);
  }
  if (size > maxBytes) throw tooLarge(size, maxBytes);
  return body;
}

function parseOldSize(line: string): number {
  const match = OLD_SIZE_LINE.exec(line);
  const oldSize = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(oldSize)) {
    throw malformed(
      'the first line must be "old <size>" in decimal without leading zeroes, at most 2^53 - 1',
    );
  }
  return oldSize;
}

function parseProofLine(line: string, index: number): Uint8Array {
  let hash: Uint8Array;
  try {
    hash = base64ToBytes(line);
  } catch (cause) {
    throw malformed(
      `consistency proof line ${index + 1} is not canonical base64`,
      { line: index + 2 },
      cause,
    );
  }
  if (hash.length !== CHECKPOINT_HASH_SIZE_BYTES) {
    throw malformed(`consistency proof line ${index + 1} is not a ${CHECKPOINT_HASH_SIZE_BYTES}-byte hash`, {
      line: index + 2,
      hashBytes: hash.length,
    });
  }
  return hash;
}

/**
 * Parses an add-checkpoint request body without checking any signature or proof; throws
 * ConsortiumError WITNESS_REQUEST_MALFORMED or WITNESS_REQUEST_TOO_LARGE.
 */
export function parseAddCheckpointRequest(
  body: string | Uint8Array,
  maxBytes: number = DEFAULT_MAX_ADD_CHECKPOINT_BYTES,
): AddCheckpointRequest {
  const text = decodeBody(body, maxBytes);
  const split = text.indexOf('\n\n');
  if (split < 0) throw malformed('no empty line separates the old size and proof from the checkpoint');
  const headerLines = text.slice(0, split).split('\n');
  const oldSize = parseOldSize(headerLines[0]!);
  const proofLines = headerLines.slice(1);
  if (proofLines.length > MAX_CONSISTENCY_PROOF_LINES) {
    throw malformed(`more than ${MAX_CONSISTENCY_PROOF_LINES} consistency proof lines`, {
      proofLines: proofLines.length,
    });
  }
  const proof = proofLines.map(parseProofLine);
  const checkpointNote = text.slice(split + 2);
  let note: Note;
  let checkpoint: Checkpoint;
  try {
    note = parseNote(checkpointNote, { maxNoteBytes: maxBytes });
    checkpoint = parseCheckpoint(note.text);
  } catch (cause) {
    if (!(cause instanceof NoteError)) throw cause;
    throw malformed(
      `the checkpoint is not a signed checkpoint note: ${cause.message}`,
      { cause: cause.code },
      cause,
    );
  }
  if (oldSize > checkpoint.treeSize) {
    throw malformed('the old size is larger than the checkpoint size', {
      oldSize,
      treeSize: checkpoint.treeSize,
    });
  }
  if ((oldSize === 0 || oldSize === checkpoint.treeSize) && proof.length > 0) {
    throw malformed('the consistency proof must be empty when the old size is zero or the checkpoint size', {
      proofLines: proof.length,
    });
  }
  return { oldSize, proof, checkpointNote, note, checkpoint };
}

/** Formats an add-checkpoint request body; the checkpoint note is sent as given. */
export function formatAddCheckpointRequest(
  oldSize: number,
  proof: readonly Uint8Array[],
  checkpointNote: string,
): string {
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) {
    throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', 'the old size must be a non-negative integer', {
      details: { key: 'oldSize' },
    });
  }
  if (proof.length > MAX_CONSISTENCY_PROOF_LINES) {
    throw new ConsortiumError(
      'CONSORTIUM_OPTIONS_INVALID',
      `a consistency proof has at most ${MAX_CONSISTENCY_PROOF_LINES} hashes`,
      { details: { key: 'proof' } },
    );
  }
  let body = `old ${oldSize}\n`;
  for (const hash of proof) body += `${bytesToBase64(hash)}\n`;
  return `${body}\n${checkpointNote}`;
}
