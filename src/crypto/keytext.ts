import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, equalBytes, utf8ToBytes } from './bytes.ts';
import { sha256 } from './digest.ts';
import { deriveEd25519PublicKey, ED25519_PUBLIC_KEY_SIZE, generateEd25519Seed } from './ed25519.ts';
import { CryptoError } from './errors.ts';

// C2SP signed-note key text forms (https://c2sp.org/signed-note#verifier-keys):
//   verifier key  <name>+<hex(keyID)>+<base64(type ‖ public key)>
//   signer key    PRIVATE+KEY+<name>+<hex(keyID)>+<base64(type ‖ seed)>
// keyID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4].

/** Signature types from the C2SP signed-note registry that sealchain uses. */
export const KEY_TYPE_ED25519 = 0x01;
export const KEY_TYPE_COSIGNATURE_V1 = 0x04;
export type KeyType = typeof KEY_TYPE_ED25519 | typeof KEY_TYPE_COSIGNATURE_V1;

export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  type: KeyType;
  publicKey: Uint8Array;
}

export interface SignerKey extends VerifierKey {
  seed: Uint8Array;
}

const SIGNER_PREFIX = 'PRIVATE+KEY+';
const KEY_ID_PATTERN = /^[0-9a-f]{8}$/;

// C2SP signed-note: a key name is non-empty UTF-8 with no Unicode White_Space and no plus sign.
// \p{White_Space} rather than \s: \s misses U+0085 (NEL) and wrongly includes U+FEFF.
const KEY_NAME_FORBIDDEN = /[\p{White_Space}+]/u;

export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && name.isWellFormed() && !KEY_NAME_FORBIDDEN.test(name);
}

export function computeKeyId(name: string, type: KeyType, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(name), Uint8Array.of(0x0a, type), publicKey)).slice(0, 4);
}

function parseKeyMaterial(
  name: string,
  keyIdHex: string,
  material: string,
): { type: KeyType; key: Uint8Array } {
  if (!isValidKeyName(name))
    throw new CryptoError('KEY_TEXT_INVALID', 'key name is empty or has a space or "+"');
  if (!KEY_ID_PATTERN.test(keyIdHex)) {
    throw new CryptoError('KEY_TEXT_INVALID', 'key ID must be 8 lower-case hexadecimal digits');
  }
  let raw: Uint8Array;
  try {
    raw = base64ToBytes(material);
  } catch (cause) {
    throw new CryptoError('KEY_TEXT_INVALID', 'key material is not valid base64', { cause });
  }
  const type = raw[0];
  if (type !== KEY_TYPE_ED25519 && type !== KEY_TYPE_COSIGNATURE_V1) {
    throw new CryptoError('KEY_TEXT_INVALID', `unsupported key type ${String(type)}`);
  }
  if (raw.length !== 1 + ED25519_PUBLIC_KEY_SIZE) {
    throw new CryptoError('KEY_TEXT_INVALID', 'key material must be one type byte and 32 key bytes');
  }
  return { type, key: raw.slice(1) };
}

function splitKeyText(text: string): [string, string, string] {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new CryptoError('KEY_TEXT_INVALID', 'key text must be name+keyID+key');
  return [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
}

/** Parses a verifier key; throws KEY_TEXT_INVALID or KEY_ID_MISMATCH. */
export function parseVerifierKey(text: string): VerifierKey {
  if (typeof text !== 'string') throw new CryptoError('KEY_TEXT_INVALID', 'key text must be a string');
  const [name, keyIdHex, material] = splitKeyText(text);
  const { type, key } = parseKeyMaterial(name, keyIdHex, material);
  const keyId = computeKeyId(name, type, key);
  if (bytesToHex(keyId) !== keyIdHex) {
    throw new CryptoError('KEY_ID_MISMATCH', `key ID ${keyIdHex} does not match the key of ${name}`, {
      details: { expectedKeyId: bytesToHex(keyId), statedKeyId: keyIdHex },
    });
  }
  return { name, keyId, type, publicKey: key };
}

/** Parses a signer key; throws KEY_TEXT_INVALID or KEY_ID_MISMATCH. */
export function parseSignerKey(text: string): SignerKey {
  if (typeof text !== 'string' || !text.startsWith(SIGNER_PREFIX)) {
    throw new CryptoError('KEY_TEXT_INVALID', 'a signer key starts with PRIVATE+KEY+');
  }
  const [name, keyIdHex, material] = splitKeyText(text.slice(SIGNER_PREFIX.length));
  const { type, key: seed } = parseKeyMaterial(name, keyIdHex, material);
  const publicKey = deriveEd25519PublicKey(seed);
  const keyId = computeKeyId(name, type, publicKey);
  if (bytesToHex(keyId) !== keyIdHex) {
    throw new CryptoError('KEY_ID_MISMATCH', `key ID ${keyIdHex} does not match the key of ${name}`, {
      details: { expectedKeyId: bytesToHex(keyId), statedKeyId: keyIdHex },
    });
  }
  return { name, keyId, type, publicKey, seed };
}

export function formatVerifierKey(key: VerifierKey): string {
  return `${key.name}+${bytesToHex(key.keyId)}+${bytesToBase64(concatBytes(Uint8Array.of(key.type), key.publicKey))}`;
}

export function formatSignerKey(key: SignerKey): string {
  return `${SIGNER_PREFIX}${key.name}+${bytesToHex(key.keyId)}+${bytesToBase64(concatBytes(Uint8Array.of(key.type), key.seed))}`;
}

/** Builds a signer key from a seed; generates a fresh seed when none is given. */
export function createSignerKey(
  name: string,
  type: KeyType = KEY_TYPE_ED25519,
  seed?: Uint8Array,
): SignerKey {
  if (!isValidKeyName(name))
    throw new CryptoError('KEY_TEXT_INVALID', 'key name is empty or has a space or "+"');
  const keySeed = seed ?? generateEd25519Seed();
  const publicKey = deriveEd25519PublicKey(keySeed);
  return { name, type, publicKey, seed: keySeed, keyId: computeKeyId(name, type, publicKey) };
}

export function toVerifierKey(key: SignerKey): VerifierKey {
  return { name: key.name, keyId: key.keyId, type: key.type, publicKey: key.publicKey };
}

export function sameVerifierKey(a: VerifierKey, b: VerifierKey): boolean {
  return a.name === b.name && a.type === b.type && equalBytes(a.publicKey, b.publicKey);
}
