import {
  checkEd25519,
  concatBytes,
  CryptoError,
  equalBytes,
  KEY_TYPE_COSIGNATURE_V1,
  signEd25519,
  utf8ToBytes,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { NoteError } from './errors.ts';
import {
  addNoteSignatures,
  formatKeyIdentity,
  parseNote,
  type NoteLimits,
  type NoteSignature,
} from './signed-note.ts';
import { isNonNegativeSafeInteger } from './text.ts';
import { checkSignerKey, checkVerifierKey } from './verifier-keys.ts';

// C2SP tlog-cosignature, Ed25519 cosignature/v1 (https://c2sp.org/tlog-cosignature#format): key
// type 0x04, signature bytes = u64 big-endian POSIX timestamp ‖ Ed25519 signature over
// "cosignature/v1\ntime <timestamp>\n" ‖ the checkpoint body. Timestamps are kept as numbers, so
// those past 2^53 - 1 (the spec allows up to 2^63 - 1) are rejected as malformed.

export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
export const COSIGNATURE_V1_SIZE_BYTES = 72;
const TIMESTAMP_SIZE_BYTES = 8;
const TWO_TO_32 = 0x1_0000_0000;
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;

export interface Cosignature {
  /** When the witness cosigned, in POSIX seconds. */
  readonly timestamp: number;
  /** The 64-byte Ed25519 signature. */
  readonly signature: Uint8Array;
}

/** Splits a cosignature/v1 note signature into timestamp and signature; throws COSIGNATURE_MALFORMED. */
export function parseCosignature(signature: NoteSignature): Cosignature {
  const bytes: unknown =
    typeof signature === 'object' && signature !== null ? signature.signature : undefined;
  if (!(bytes instanceof Uint8Array) || bytes.length !== COSIGNATURE_V1_SIZE_BYTES) {
    throw new NoteError(
      'COSIGNATURE_MALFORMED',
      `a cosignature/v1 signature is ${COSIGNATURE_V1_SIZE_BYTES} bytes`,
      {
        details: { expectedBytes: COSIGNATURE_V1_SIZE_BYTES },
      },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, TIMESTAMP_SIZE_BYTES);
  const high = view.getUint32(0);
  if (high > MAX_SAFE_HIGH_WORD) {
    throw new NoteError('COSIGNATURE_MALFORMED', 'the cosignature timestamp is past 2^53 - 1 seconds');
  }
  return {
    timestamp: high * TWO_TO_32 + view.getUint32(4),
    signature: bytes.slice(TIMESTAMP_SIZE_BYTES),
  };
}

function encodeTimestamp(timestamp: number): Uint8Array {
  const out = new Uint8Array(TIMESTAMP_SIZE_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(timestamp / TWO_TO_32));
  view.setUint32(4, timestamp % TWO_TO_32);
  return out;
}

// https://c2sp.org/tlog-cosignature#ed25519-signed-message
/** The message a witness signs: header line, time line, then the checkpoint body bytes. */
export function buildCosignatureMessage(bodyBytes: Uint8Array, timestamp: number): Uint8Array {
  return concatBytes(utf8ToBytes(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n`), bodyBytes);
}

/**
 * Verifies a cosignature by a key already matched on name and key ID and returns its timestamp;
 * throws COSIGNATURE_MALFORMED or COSIGNATURE_INVALID.
 */
export function checkCosignature(bodyBytes: Uint8Array, signature: NoteSignature, key: VerifierKey): number {
  const { timestamp, signature: ed25519Signature } = parseCosignature(signature);
  if (!checkEd25519(key.publicKey, buildCosignatureMessage(bodyBytes, timestamp), ed25519Signature)) {
    throw new NoteError(
      'COSIGNATURE_INVALID',
      `the cosignature by ${formatKeyIdentity(key.name, key.keyId)} does not verify`,
      { details: { key: formatKeyIdentity(key.name, key.keyId), timestamp } },
    );
  }
  return timestamp;
}

/** A witness cosigns a checkpoint body at `timeSeconds`; throws CHECKPOINT_MALFORMED, KEY_INVALID or COSIGNATURE_MALFORMED. */
export function cosignCheckpoint(
  checkpointBody: string,
  signer: SignerKey,
  timeSeconds: number,
): NoteSignature {
  checkSignerKey(signer, KEY_TYPE_COSIGNATURE_V1);
  parseCheckpoint(checkpointBody);
  if (!isNonNegativeSafeInteger(timeSeconds)) {
    throw new NoteError(
      'COSIGNATURE_MALFORMED',
      'the cosignature time must be a non-negative integer of seconds',
    );
  }
  let ed25519Signature: Uint8Array;
  try {
    ed25519Signature = signEd25519(
      signer.seed,
      buildCosignatureMessage(utf8ToBytes(checkpointBody), timeSeconds),
    );
  } catch (cause) {
    if (cause instanceof CryptoError)
      throw new NoteError('KEY_INVALID', 'the witness key cannot sign', { cause });
    throw cause;
  }
  return {
    name: signer.name,
    keyId: signer.keyId.slice(),
    signature: concatBytes(encodeTimestamp(timeSeconds), ed25519Signature),
  };
}

/**
 * Verifies one cosignature over a checkpoint body by a witness key and returns its timestamp;
 * throws KEY_INVALID, CHECKPOINT_MALFORMED, COSIGNATURE_MALFORMED or COSIGNATURE_INVALID.
 */
export function verifyCosignature(
  checkpointBody: string,
  signature: NoteSignature,
  witnessKey: VerifierKey,
): number {
  checkVerifierKey(witnessKey, KEY_TYPE_COSIGNATURE_V1);
  parseCheckpoint(checkpointBody);
  if (
    typeof signature !== 'object' ||
    signature === null ||
    signature.name !== witnessKey.name ||
    !(signature.keyId instanceof Uint8Array) ||
    !equalBytes(signature.keyId, witnessKey.keyId)
  ) {
    throw new NoteError('COSIGNATURE_INVALID', `the signature is not by witness key ${witnessKey.name}`, {
      details: {
        expectedKey: formatKeyIdentity(witnessKey.name, witnessKey.keyId),
        signatureKey:
          signature?.keyId instanceof Uint8Array
            ? formatKeyIdentity(String(signature.name), signature.keyId)
            : undefined,
      },
    });
  }
  return checkCosignature(utf8ToBytes(checkpointBody), signature, witnessKey);
}

/**
 * Adds cosignature lines to a checkpoint note (signed by the log), replacing earlier cosignatures
 * by the same witness key; throws NOTE_*, CHECKPOINT_MALFORMED or COSIGNATURE_MALFORMED.
 */
export function addCosignatures(
  checkpointNote: string | Uint8Array,
  cosignatures: readonly NoteSignature[],
  limits?: Partial<NoteLimits>,
): string {
  parseCheckpoint(parseNote(checkpointNote, limits).text);
  if (!Array.isArray(cosignatures))
    throw new NoteError('COSIGNATURE_MALFORMED', 'cosignatures must be an array');
  for (const cosignature of cosignatures as readonly NoteSignature[]) parseCosignature(cosignature);
  return addNoteSignatures(checkpointNote, cosignatures, limits);
}
