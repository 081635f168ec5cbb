import { CryptoError, KEY_TYPE_ED25519, signEd25519, utf8ToBytes, type SignerKey } from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { checkNoteText, formatNote, type NoteLimits, type NoteSignature } from './signed-note.ts';
import { checkSignerKey } from './verifier-keys.ts';

// https://c2sp.org/signed-note#ed25519-signatures: an Ed25519 signature over the note text.

/** Signs a note text with one Ed25519 (type 0x01) key; throws NOTE_MALFORMED or KEY_INVALID. */
export function signNoteText(text: string, signer: SignerKey): NoteSignature {
  checkNoteText(text);
  checkSignerKey(signer, KEY_TYPE_ED25519);
  try {
    return {
      name: signer.name,
      keyId: signer.keyId.slice(),
      signature: signEd25519(signer.seed, utf8ToBytes(text)),
    };
  } catch (cause) {
    if (cause instanceof CryptoError)
      throw new NoteError('KEY_INVALID', `key ${signer.name} cannot sign`, { cause });
    throw cause;
  }
}

/** Signs a note text with one or more Ed25519 keys and returns the signed note. */
export function signNote(text: string, signers: readonly SignerKey[], limits?: Partial<NoteLimits>): string {
  if (!Array.isArray(signers) || signers.length === 0) {
    throw new NoteError('KEY_INVALID', 'signing a note needs at least one signer key');
  }
  const signatures = (signers as readonly SignerKey[]).map((signer) => signNoteText(text, signer));
  return formatNote({ text, signatures }, limits);
}
