import {
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { NoteError } from './errors.ts';
import { signNote } from './sign-note.ts';
import { formatKeyIdentity, parseNote, type Note, type NoteLimits } from './signed-note.ts';
import { checkVerifierKey, indexVerifierKeys } from './verifier-keys.ts';
import { verifyNoteSignatures, type VerifiedNote } from './verify-note.ts';

// https://c2sp.org/tlog-checkpoint#signatures and https://c2sp.org/tlog-cosignature: the log signs
// the checkpoint body with Ed25519; witnesses add cosignature/v1 lines. A verifier parses the note
// and the body once, then checks only the signatures of the keys it was configured with.

export interface VerifiedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: VerifiedNote;
}

export interface VerifiedCosignature {
  readonly key: VerifierKey;
  /** When the witness cosigned, in POSIX seconds. */
  readonly timestamp: number;
}

export interface VerifiedCosignedCheckpoint extends VerifiedCheckpoint {
  /** One entry per configured witness whose cosignature verified, in note order. */
  readonly cosignatures: readonly VerifiedCosignature[];
}

/** Who must have signed a checkpoint: the log's Ed25519 key and at least `quorum` of the witnesses. */
export interface CheckpointTrustPolicy {
  origin: string;
  logKey: VerifierKey;
  witnessKeys: readonly VerifierKey[];
  quorum: number;
}

const POLICY_KEYS = new Set(['origin', 'logKey', 'witnessKeys', 'quorum']);

/** The log signs a checkpoint; returns the signed note. */
export function signCheckpoint(
  checkpoint: Checkpoint,
  signer: SignerKey,
  limits?: Partial<NoteLimits>,
): string {
  return signNote(formatCheckpoint(checkpoint), [signer], limits);
}

function checkOriginArgument(origin: unknown): void {
  if (typeof origin !== 'string' || origin.length === 0) {
    throw new NoteError('OPTIONS_INVALID', 'the expected origin must be a non-empty string');
  }
}

function openCheckpoint(noteText: string | Uint8Array, origin: string, limits?: Partial<NoteLimits>) {
  const note: Note = parseNote(noteText, limits);
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== origin) {
    throw new NoteError(
      'CHECKPOINT_ORIGIN_MISMATCH',
      `the checkpoint is for ${checkpoint.origin}, not ${origin}`,
      {
        details: { expectedOrigin: origin, origin: checkpoint.origin },
      },
    );
  }
  return { note, checkpoint };
}

function requireLogSignature(note: VerifiedNote, logKey: VerifierKey): void {
  if (!note.verified.some((entry) => entry.key.type === KEY_TYPE_ED25519)) {
    throw new NoteError(
      'NO_TRUSTED_SIGNATURE',
      `the checkpoint carries no signature by log key ${formatKeyIdentity(logKey.name, logKey.keyId)}`,
      { details: { logKey: formatKeyIdentity(logKey.name, logKey.keyId) } },
    );
  }
}

/**
 * Verifies a checkpoint note signed by the log for `origin`; other signatures are kept, unchecked.
 * Throws NOTE_*, CHECKPOINT_MALFORMED, CHECKPOINT_ORIGIN_MISMATCH, KEY_INVALID, SIGNATURE_INVALID
 * or NO_TRUSTED_SIGNATURE.
 */
export function verifyCheckpoint(
  noteText: string | Uint8Array,
  origin: string,
  logKey: VerifierKey,
  limits?: Partial<NoteLimits>,
): VerifiedCheckpoint {
  checkOriginArgument(origin);
  checkVerifierKey(logKey, KEY_TYPE_ED25519);
  const { note, checkpoint } = openCheckpoint(noteText, origin, limits);
  const verified = verifyNoteSignatures(
    note,
    new Map([[formatKeyIdentity(logKey.name, logKey.keyId), logKey]]),
  );
  requireLogSignature(verified, logKey);
  return { checkpoint, note: verified };
}

function checkPolicy(policy: CheckpointTrustPolicy): Map<string, VerifierKey> {
  if (typeof policy !== 'object' || policy === null) {
    throw new NoteError('OPTIONS_INVALID', 'the checkpoint trust policy must be an object');
  }
  for (const key of Object.keys(policy)) {
    if (!POLICY_KEYS.has(key))
      throw new NoteError('OPTIONS_INVALID', `unknown checkpoint policy field "${key}"`);
  }
  checkOriginArgument(policy.origin);
  checkVerifierKey(policy.logKey, KEY_TYPE_ED25519);
  if (!Array.isArray(policy.witnessKeys))
    throw new NoteError('OPTIONS_INVALID', 'witnessKeys must be an array');
  for (const key of policy.witnessKeys as readonly VerifierKey[])
    checkVerifierKey(key, KEY_TYPE_COSIGNATURE_V1);
  const index = indexVerifierKeys([policy.logKey, ...(policy.witnessKeys as readonly VerifierKey[])]);
  const witnessCount = index.size - 1;
  if (!Number.isSafeInteger(policy.quorum) || policy.quorum < 0 || policy.quorum > witnessCount) {
    throw new NoteError('OPTIONS_INVALID', `the quorum must be an integer from 0 to ${witnessCount}`, {
      details: { quorum: policy.quorum, witnesses: witnessCount },
    });
  }
  return index;
}

/**
 * Verifies a checkpoint signed by the log and cosigned by at least `policy.quorum` distinct known
 * witnesses. Every signature by a known key is checked once; a failing one rejects the note.
 * Throws as verifyCheckpoint does, and COSIGNATURE_MALFORMED, COSIGNATURE_INVALID or
 * COSIGNATURE_QUORUM_NOT_MET.
 */
export function verifyCosignedCheckpoint(
  noteText: string | Uint8Array,
  policy: CheckpointTrustPolicy,
  limits?: Partial<NoteLimits>,
): VerifiedCosignedCheckpoint {
  const index = checkPolicy(policy);
  const { note, checkpoint } = openCheckpoint(noteText, policy.origin, limits);
  const verified = verifyNoteSignatures(note, index);
  requireLogSignature(verified, policy.logKey);
  const cosignatures: VerifiedCosignature[] = [];
  for (const entry of verified.verified) {
    if (entry.timestamp !== undefined) cosignatures.push({ key: entry.key, timestamp: entry.timestamp });
  }
  if (cosignatures.length < policy.quorum) {
    throw new NoteError(
      'COSIGNATURE_QUORUM_NOT_MET',
      `the checkpoint has ${cosignatures.length} valid cosignatures from known witnesses, ${policy.quorum} needed`,
      {
        details: {
          quorum: policy.quorum,
          cosignatures: cosignatures.length,
          witnesses: cosignatures.map((c) => formatKeyIdentity(c.key.name, c.key.keyId)),
        },
      },
    );
  }
  return { checkpoint, note: verified, cosignatures };
}
