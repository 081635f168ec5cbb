import { VerifyError } from './errors.ts';
import {
  readArray,
  readInteger,
  readObject,
  readString,
  rejectUnknownKeys,
  type FieldErrorFactory,
  type JsonObject,
} from './json-reader.ts';

// The proof bundle, media type application/vnd.sealchain.bundle+json (DESIGN.md "Proof bundle"):
// the entry as its exact canonical JSON text, its index and leaf hash, the inclusion proof under a
// checkpoint cosigned by witnesses, the sequencer's receipt, and any cross-chain anchors: an
// anchor is this chain's checkpoint as deposited on another chain, with the proof of the entry
// under it and the bundle of that `anchor` entry on the other chain.

export const BUNDLE_FORMAT = 'sealchain-bundle/v1';
export const BUNDLE_MEDIA_TYPE = 'application/vnd.sealchain.bundle+json';

export interface AnchorProof {
  checkpoint: string;
  inclusionProof: string[];
  bundle: ProofBundle;
}

export interface ProofBundle {
  format: typeof BUNDLE_FORMAT;
  chain: string;
  origin: string;
  index: number;
  entry: string;
  leafHash: string;
  treeSize: number;
  inclusionProof: string[];
  checkpoint: string;
  receipt?: string;
  anchors?: AnchorProof[];
}

const HASH_HEX_PATTERN = /^[0-9a-f]{64}$/;
const MAX_BUNDLE_CHARS = 4 << 20;
const MAX_ENTRY_CHARS = 64 * 1024;
const MAX_NOTE_CHARS = 64 * 1024;
const MAX_PROOF_HASHES = 64;
const MAX_ANCHORS = 16;
const MAX_INDEX = Number.MAX_SAFE_INTEGER;

const fail: FieldErrorFactory = (path, problem) =>
  new VerifyError('BUNDLE_INVALID', `bundle: ${path} ${problem}`, { details: { path } });

function readHashList(object: JsonObject, key: string, path: string): string[] {
  return readArray(object, key, path, fail, { maxItems: MAX_PROOF_HASHES }).map((item, i) => {
    if (typeof item !== 'string' || !HASH_HEX_PATTERN.test(item)) {
      throw fail(`${path}.${key}[${i}]`, 'must be 64 lower-case hexadecimal digits');
    }
    return item;
  });
}

function readAnchor(value: unknown, path: string): AnchorProof {
  const object = readObject(value, path, fail);
  rejectUnknownKeys(object, ['checkpoint', 'inclusionProof', 'bundle'], path, fail);
  const bundle = readBundleObject(object['bundle'], `${path}.bundle`, false);
  return {
    checkpoint: readString(object, 'checkpoint', path, fail, { maxLength: MAX_NOTE_CHARS }),
    inclusionProof: readHashList(object, 'inclusionProof', path),
    bundle,
  };
}

function readBundleObject(value: unknown, path: string, allowAnchors: boolean): ProofBundle {
  const object = readObject(value, path, fail);
  rejectUnknownKeys(
    object,
    [
      'format',
      'chain',
      'origin',
      'index',
      'entry',
      'leafHash',
      'treeSize',
      'inclusionProof',
      'checkpoint',
      'receipt',
      ...(allowAnchors ? ['anchors'] : []),
    ],
    path,
    fail,
  );
  if (object['format'] !== BUNDLE_FORMAT) throw fail(`${path}.format`, `must be "${BUNDLE_FORMAT}"`);
  const bundle: ProofBundle = {
    format: BUNDLE_FORMAT,
    chain: readString(object, 'chain', path, fail, { maxLength: 63 }),
    origin: readString(object, 'origin', path, fail, { maxLength: 255 }),
    index: readInteger(object, 'index', path, fail, { min: 0, max: MAX_INDEX - 1 }),
    entry: readString(object, 'entry', path, fail, { maxLength: MAX_ENTRY_CHARS }),
    leafHash: readString(object, 'leafHash', path, fail, { pattern: HASH_HEX_PATTERN }),
    treeSize: readInteger(object, 'treeSize', path, fail, { min: 1, max: MAX_INDEX }),
    inclusionProof: readHashList(object, 'inclusionProof', path),
    checkpoint: readString(object, 'checkpoint', path, fail, { maxLength: MAX_NOTE_CHARS }),
  };
  if (bundle.index >= bundle.treeSize) throw fail(`${path}.index`, 'must be less than treeSize');
  if (object['receipt'] !== undefined) {
    bundle.receipt = readString(object, 'receipt', path, fail, { maxLength: MAX_NOTE_CHARS });
  }
  if (object['anchors'] !== undefined) {
    bundle.anchors = readArray(object, 'anchors', path, fail, { maxItems: MAX_ANCHORS }).map((item, i) =>
      readAnchor(item, `${path}.anchors[${i}]`),
    );
  }
  return bundle;
}

/**
 * The 202 answer of the bundle endpoint (`{"status": "pending", …}`) saved in place of a bundle:
 * named for what it is, since "$.status is not a known field" leaves the user guessing.
 */
function rejectPendingAnswer(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const object = value as JsonObject;
  if (object['status'] !== 'pending' || Object.hasOwn(object, 'format')) return;
  const index = object['index'];
  throw new VerifyError(
    'BUNDLE_PENDING',
    'this is a pending answer, not a proof bundle: the entry is not final yet; fetch the bundle again with ?wait=final',
    { details: Number.isSafeInteger(index) ? { index } : {} },
  );
}

/**
 * Parses a proof bundle from its JSON text or parsed value; throws VerifyError('BUNDLE_INVALID'),
 * or 'BUNDLE_PENDING' for the bundle endpoint's "not final yet" answer.
 */
export function parseBundle(input: string | unknown): ProofBundle {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_BUNDLE_CHARS) throw fail('$', 'is larger than 4 MiB');
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new VerifyError('BUNDLE_INVALID', 'bundle is not valid JSON', { cause });
    }
  }
  rejectPendingAnswer(value);
  return readBundleObject(value, '$', true);
}
