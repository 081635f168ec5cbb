import { checkEd25519, KEY_TYPE_COSIGNATURE_V1, utf8ToBytes, type VerifierKey } from '../crypto/index.ts';
import { checkCosignature } from './cosignature.ts';
import { NoteError } from './errors.ts';
import {
  formatKeyIdentity,
  parseNote,
  type Note,
  type NoteLimits,
  type NoteSignature,
} from './signed-note.ts';
import { indexVerifierKeys } from './verifier-keys.ts';

// https://c2sp.org/signed-note#signatures: signatures by unknown keys are kept but not trusted; a
// signature whose (name, key ID) matches a known key must verify, or the whole note is rejected;
// a note with no verified signature is rejected.

export interface VerifiedSignature {
  readonly signature: NoteSignature;
  readonly key: VerifierKey;
  /** For a cosignature/v1 key, when the witness cosigned, in POSIX seconds. */
  readonly timestamp?: number;
}

export interface VerifiedNote extends Note {
  readonly verified: readonly VerifiedSignature[];
  /** Signatures by keys the caller did not name: kept, never trusted. */
  readonly unverified: readonly NoteSignature[];
}

/**
 * Checks every signature of a parsed note whose name and key ID match a known key; throws
 * SIGNATURE_INVALID, COSIGNATURE_MALFORMED or COSIGNATURE_INVALID for one that fails.
 */
export function verifyNoteSignatures(note: Note, keys: ReadonlyMap<string, VerifierKey>): VerifiedNote {
  let textBytes: Uint8Array | undefined;
  const verified: VerifiedSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const signature of note.signatures) {
    const identity = formatKeyIdentity(signature.name, signature.keyId);
    const key = keys.get(identity);
    if (key === undefined) {
      unverified.push(signature);
      continue;
    }
    textBytes ??= utf8ToBytes(note.text);
    if (key.type === KEY_TYPE_COSIGNATURE_V1) {
      verified.push({ signature, key, timestamp: checkCosignature(textBytes, signature, key) });
    } else if (checkEd25519(key.publicKey, textBytes, signature.signature)) {
      verified.push({ signature, key });
    } else {
      throw new NoteError('SIGNATURE_INVALID', `the signature by ${identity} does not verify`, {
        details: { key: identity },
      });
    }
  }
  return { text: note.text, signatures: note.signatures, verified, unverified };
}

/**
 * Parses a signed note and verifies it against known keys (Ed25519 and cosignature/v1); throws
 * NOTE_*, KEY_INVALID, VERIFIER_KEYS_AMBIGUOUS, SIGNATURE_INVALID, COSIGNATURE_* or
 * NO_TRUSTED_SIGNATURE when no known key signed it.
 */
export function verifyNote(
  input: string | Uint8Array,
  keys: readonly VerifierKey[],
  limits?: Partial<NoteLimits>,
): VerifiedNote {
  const index = indexVerifierKeys(keys);
  const result = verifyNoteSignatures(parseNote(input, limits), index);
  if (result.verified.length === 0) {
    throw new NoteError('NO_TRUSTED_SIGNATURE', 'no known key signed the note', {
      details: { signers: result.unverified.map((s) => formatKeyIdentity(s.name, s.keyId)) },
    });
  }
  return result;
}
