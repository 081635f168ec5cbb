import { CryptoError, KEY_TYPE_ED25519, signEd25519, utf8ToBytes, type SignerKey } from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { checkNoteText, formatNote, type NoteLimits, type NoteSignature } from './signed-note.ts';
import { checkSignerKey } from './verifier-keys.ts';

// https://c2sp.org/signed-note#ed25519-signatures: an Ed25519 signature over the note text.

function signTextBytes(textBytes: Uint8Array, signer: SignerKey): NoteSignature {
  checkSignerKey(signer, KEY_TYPE_ED25519);
  try {
    return { name: signer.name, keyId: signer.keyId.slice(), signature: signEd25519(signer.seed, textBytes) };
  } catch (cause) {
    if (cause instanceof CryptoError)
      throw new NoteError('KEY_INVALID', `key ${signer.name} cannot sign`, { cause });
    throw cause;
  }
}

/** Signs a note text with one Ed25519 (type 0x01) key; throws NOTE_MALFORMED or KEY_INVALID. */
export function signNoteText(text: string, signer: SignerKey): NoteSignature {
  checkNoteText(text);
  return signTextBytes(utf8ToBytes(text), signer);
}

/** Signs a note text with one or more Ed25519 keys and returns the signed note. */
export function signNote(text: string, signers: readonly SignerKey[], limits?: Partial<NoteLimits>): string {
  checkNoteText(text);
  if (!Array.isArray(signers) || signers.length === 0) {
    throw new NoteError('KEY_INVALID', 'signing a note needs at least one signer key');
  }
  const textBytes = utf8ToBytes(text);
  const signatures = (signers as readonly SignerKey[]).map((signer) => signTextBytes(textBytes, signer));
  return formatNote({ text, signatures }, limits);
}
