import { base64ToBytes, bytesToBase64 } from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { DEFAULT_NOTE_LIMITS } from './signed-note.ts';
import { isCleanText, isNonNegativeSafeInteger, parseDecimal } from './text.ts';

// C2SP tlog-checkpoint note text (https://c2sp.org/tlog-checkpoint#note-text): origin, tree size in
// decimal, base64 root hash, then optional non-empty extension lines, each ending in a newline.
// Tree sizes are kept as numbers, so sizes past 2^53 - 1 are rejected rather than rounded.

export const CHECKPOINT_HASH_SIZE_BYTES = 32;

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** Extension lines, verbatim and in order, without their newlines. */
  readonly extensions: readonly string[];
}

function malformed(message: string, details?: Record<string, unknown>): NoteError {
  return new NoteError('CHECKPOINT_MALFORMED', message, details === undefined ? {} : { details });
}

/** Parses a checkpoint body (a note's text); throws CHECKPOINT_MALFORMED. */
export function parseCheckpoint(body: string): Checkpoint {
  if (typeof body !== 'string' || body.length > DEFAULT_NOTE_LIMITS.maxNoteBytes) {
    throw malformed('a checkpoint body must be a string no larger than a note');
  }
  if (!isCleanText(body) || !body.endsWith('\n')) {
    throw malformed('a checkpoint body is well-formed text ending in a newline, with no control character');
  }
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('a checkpoint has an origin, a tree size and a root hash line');
  const emptyLine = lines.indexOf('');
  if (emptyLine >= 0) throw malformed(`checkpoint line ${emptyLine + 1} is empty`, { line: emptyLine + 1 });
  const [origin, sizeText, hashText] = lines as [string, string, string];
  const treeSize = parseDecimal(sizeText);
  if (treeSize === undefined) {
    throw malformed('the tree size must be decimal without leading zeros, at most 2^53 - 1');
  }
  let rootHash: Uint8Array;
  try {
    rootHash = base64ToBytes(hashText);
  } catch (cause) {
    throw new NoteError('CHECKPOINT_MALFORMED', 'the root hash is not canonical base64', { cause });
  }
  if (rootHash.length !== CHECKPOINT_HASH_SIZE_BYTES) {
    throw malformed(`the root hash must be ${CHECKPOINT_HASH_SIZE_BYTES} bytes`, {
      expectedBytes: CHECKPOINT_HASH_SIZE_BYTES,
      rootHashBytes: rootHash.length,
    });
  }
  return { origin, treeSize, rootHash, extensions: lines.slice(3) };
}

function isCheckpointLine(line: unknown): line is string {
  return isCleanText(line) && line.length > 0 && !line.includes('\n');
}

/** Formats a checkpoint body; throws CHECKPOINT_MALFORMED for a field that would not parse back. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  if (typeof checkpoint !== 'object' || checkpoint === null)
    throw malformed('a checkpoint must be an object');
  const { origin, treeSize, rootHash, extensions } = checkpoint;
  if (!isCheckpointLine(origin)) throw malformed('the origin must be one non-empty line of clean text');
  if (!isNonNegativeSafeInteger(treeSize))
    throw malformed('the tree size must be a non-negative safe integer');
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== CHECKPOINT_HASH_SIZE_BYTES) {
    throw malformed(`the root hash must be ${CHECKPOINT_HASH_SIZE_BYTES} bytes`);
  }
  if (!Array.isArray(extensions) || !extensions.every(isCheckpointLine)) {
    throw malformed('extension lines must be non-empty lines of clean text');
  }
  const lines = [origin, String(treeSize), bytesToBase64(rootHash), ...(extensions as string[])];
  return `${lines.join('\n')}\n`;
}
