import { CryptoError } from './errors.ts';

// Byte helpers on Uint8Array only, so that the verifier runs in a browser without Buffer.

const HEX_DIGITS = '0123456789abcdef';
const HEX_PATTERN = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Values of the characters HEX_PATTERN accepts (others never reach the table).
const HEX_VALUES = new Uint8Array(128);
for (let i = 0; i < 16; i++) {
  HEX_VALUES[HEX_DIGITS.charCodeAt(i)] = i;
  HEX_VALUES[HEX_DIGITS.toUpperCase().charCodeAt(i)] = i;
}
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUES[BASE64_ALPHABET.charCodeAt(i)] = i;

const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the text instead of silently dropping it, so decoding
// and re-encoding give back the same bytes.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const HEX_CODES = Uint16Array.from(HEX_DIGITS, (digit) => digit.charCodeAt(0));
const BASE64_CODES = Uint16Array.from(BASE64_ALPHABET, (char) => char.charCodeAt(0));
const PAD_CODE = 0x3d; // '='
const CHUNK_CODES = 8192;
// Scratch space for the character codes of one output string; the encoders fill it synchronously.
const scratchCodes = new Uint16Array(CHUNK_CODES);

function codeBuffer(length: number): Uint16Array {
  return length <= CHUNK_CODES ? scratchCodes.subarray(0, length) : new Uint16Array(length);
}

// One flat string from character codes. Building it with += leaves a tree of one small string
// per step, which stays alive (and is copied by every young-generation GC) until something
// flattens it; receipts and batch answers hold thousands of these.
function codesToString(codes: Uint16Array): string {
  if (codes.length <= CHUNK_CODES) return String.fromCharCode.apply(null, codes as unknown as number[]);
  const parts: string[] = [];
  for (let at = 0; at < codes.length; at += CHUNK_CODES) {
    parts.push(String.fromCharCode.apply(null, codes.subarray(at, at + CHUNK_CODES) as unknown as number[]));
  }
  return parts.join('');
}

export function bytesToHex(bytes: Uint8Array): string {
  const out = codeBuffer(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    out[2 * i] = HEX_CODES[bytes[i]! >> 4]!;
    out[2 * i + 1] = HEX_CODES[bytes[i]! & 15]!;
  }
  return codesToString(out);
}

/** Parses hex of either case; throws ENCODING_INVALID on odd length or a non-hex character. */
export function hexToBytes(hex: string): Uint8Array {
  if (typeof hex !== 'string' || !HEX_PATTERN.test(hex)) {
    throw new CryptoError('ENCODING_INVALID', 'expected an even number of hexadecimal digits');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = (HEX_VALUES[hex.charCodeAt(2 * i)]! << 4) | HEX_VALUES[hex.charCodeAt(2 * i + 1)]!;
  }
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  const out = codeBuffer(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const b1 = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const triple = (bytes[i]! << 16) | (b1 << 8) | b2;
    out[o++] = BASE64_CODES[(triple >> 18) & 63]!;
    out[o++] = BASE64_CODES[(triple >> 12) & 63]!;
    out[o++] = i + 1 < bytes.length ? BASE64_CODES[(triple >> 6) & 63]! : PAD_CODE;
    out[o++] = i + 2 < bytes.length ? BASE64_CODES[triple & 63]! : PAD_CODE;
  }
  return codesToString(out);
}

/**
 * Strict standard base64 (RFC 4648 §4) with padding: rejects whitespace, URL-safe characters and
 * non-canonical trailing bits, so one byte string has exactly one accepted text form.
 */
export function base64ToBytes(text: string): Uint8Array {
  if (typeof text !== 'string' || !BASE64_PATTERN.test(text)) {
    throw new CryptoError('ENCODING_INVALID', 'expected standard padded base64');
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const v0 = BASE64_VALUES[text.charCodeAt(i)]!;
    const v1 = BASE64_VALUES[text.charCodeAt(i + 1)]!;
    const v2 = text[i + 2] === '=' ? 0 : BASE64_VALUES[text.charCodeAt(i + 2)]!;
    const v3 = text[i + 3] === '=' ? 0 : BASE64_VALUES[text.charCodeAt(i + 3)]!;
    const triple = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    if (o < out.length) out[o++] = (triple >> 16) & 255;
    if (o < out.length) out[o++] = (triple >> 8) & 255;
    if (o < out.length) out[o++] = triple & 255;
  }
  if (bytesToBase64(out) !== text) {
    throw new CryptoError('ENCODING_INVALID', 'base64 has non-zero padding bits');
  }
  return out;
}

/**
 * Encodes text as UTF-8; throws ENCODING_INVALID on a lone surrogate, which TextEncoder would
 * silently replace with U+FFFD (so that signed bytes would differ from the text given).
 */
export function utf8ToBytes(text: string): Uint8Array {
  if (typeof text !== 'string' || !text.isWellFormed()) {
    throw new CryptoError('ENCODING_INVALID', 'text has a lone surrogate and cannot be encoded as UTF-8');
  }
  return utf8Encoder.encode(text);
}

/** Decodes UTF-8 strictly; throws ENCODING_INVALID on malformed sequences. */
export function bytesToUtf8(bytes: Uint8Array): string {
  try {
    return utf8Decoder.decode(bytes);
  } catch (cause) {
    throw new CryptoError('ENCODING_INVALID', 'text is not valid UTF-8', { cause });
  }
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
