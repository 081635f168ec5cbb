import { FingerprintError } from '../errors.ts';

// RFC 4648 §6 base32, upper case, without padding (ISO 24138:2024 §5.4).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) {
  VALUES[ALPHABET.charCodeAt(i)] = i;
  VALUES[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}
/** Lengths mod 8 that an unpadded encoding can have. */
const VALID_TAIL = new Set([0, 2, 4, 5, 7]);

export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes either case; rejects other characters, impossible lengths and non-zero trailing bits,
 * so each byte string has one upper-case text form.
 */
export function decodeBase32(text: string): Uint8Array {
  if (!VALID_TAIL.has(text.length % 8)) {
    throw new FingerprintError('ISCC_INVALID', 'the base32 text has an impossible length', {
      details: { length: text.length },
    });
  }
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code]! : -1;
    if (value < 0) {
      throw new FingerprintError('ISCC_INVALID', 'the ISCC has a character outside base32 (A–Z, 2–7)', {
        details: { position: i },
      });
    }
    buffer = ((buffer << 5) | value) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 255;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) {
    throw new FingerprintError('ISCC_INVALID', 'the base32 text has non-zero trailing bits');
  }
  return out;
}
