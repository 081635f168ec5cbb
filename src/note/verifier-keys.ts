import {
  ED25519_PUBLIC_KEY_SIZE,
  equalBytes,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  type KeyType,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { formatKeyIdentity, isValidNoteKeyName, NOTE_KEY_ID_SIZE_BYTES } from './signed-note.ts';

// Verifier keys are looked up by (name, key ID), as https://c2sp.org/signed-note#signatures says a
// verifier identifies keys. Keys come from trusted configuration, so a malformed one is a
// programming or configuration error (KEY_INVALID), not hostile input.

function describeType(type: KeyType): string {
  return type === KEY_TYPE_ED25519 ? 'Ed25519 (0x01)' : 'cosignature/v1 (0x04)';
}

/** Throws KEY_INVALID unless the key is well-formed and, when given, of the expected type. */
export function checkVerifierKey(key: VerifierKey, expectedType?: KeyType): void {
  if (
    typeof key !== 'object' ||
    key === null ||
    !isValidNoteKeyName(key.name) ||
    !(key.keyId instanceof Uint8Array) ||
    key.keyId.length !== NOTE_KEY_ID_SIZE_BYTES ||
    !(key.publicKey instanceof Uint8Array) ||
    key.publicKey.length !== ED25519_PUBLIC_KEY_SIZE ||
    (key.type !== KEY_TYPE_ED25519 && key.type !== KEY_TYPE_COSIGNATURE_V1)
  ) {
    throw new NoteError(
      'KEY_INVALID',
      'a verifier key needs a valid name, 4-byte key ID, type and public key',
    );
  }
  if (expectedType !== undefined && key.type !== expectedType) {
    throw new NoteError(
      'KEY_INVALID',
      `key ${key.name} is a ${describeType(key.type)} key where a ${describeType(expectedType)} key is needed`,
      { details: { expectedType, type: key.type } },
    );
  }
}

/** Throws KEY_INVALID unless the signer key is well-formed and of the expected type. */
export function checkSignerKey(key: SignerKey, expectedType: KeyType): void {
  checkVerifierKey(key, expectedType);
  if (!(key.seed instanceof Uint8Array)) throw new NoteError('KEY_INVALID', 'a signer key needs its seed');
}

/** Indexes keys by name and key ID; throws VERIFIER_KEYS_AMBIGUOUS when two different keys share both. */
export function indexVerifierKeys(keys: readonly VerifierKey[]): Map<string, VerifierKey> {
  if (!Array.isArray(keys)) throw new NoteError('KEY_INVALID', 'verifier keys must be an array');
  const index = new Map<string, VerifierKey>();
  for (const key of keys as readonly VerifierKey[]) {
    checkVerifierKey(key);
    const identity = formatKeyIdentity(key.name, key.keyId);
    const known = index.get(identity);
    if (known === undefined) index.set(identity, key);
    else if (known.type !== key.type || !equalBytes(known.publicKey, key.publicKey)) {
      throw new NoteError('VERIFIER_KEYS_AMBIGUOUS', `two different verifier keys are named ${identity}`, {
        details: { key: identity },
      });
    }
  }
  return index;
}
