import * as backend from '#crypto-backend';
import { invert, mod } from '@noble/curves/abstract/modular.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE, createHmacDrbg, numberToBytesBE } from '@noble/curves/utils.js';
import { concatBytes, utf8ToBytes } from './bytes.ts';
import { createHasher, sm3 } from './digest.ts';
import { CryptoError } from './errors.ts';
import { computeHmac } from './hmac.ts';

// SM2 digital signatures (GB/T 32918.2-2016) on the recommended curve sm2p256v1
// (GB/T 32918.5-2017 §10, the same parameters as GM/T 0003.5-2012), with SM3 as the hash.
// Private keys are 32-byte big-endian scalars, public keys 65-byte uncompressed points
// 04 ‖ x ‖ y, signatures 64 bytes r ‖ s.

const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
} as const;
const N = CURVE.n;
const Point = weierstrass(CURVE);
type CurvePoint = InstanceType<typeof Point>;

export const SM2_PRIVATE_KEY_SIZE = 32;
export const SM2_PUBLIC_KEY_SIZE = 65;
export const SM2_SIGNATURE_SIZE = 64;
/** The default distinguishing identifier of GB/T 32918.2 and GM/T 0009-2012 §10. */
export const SM2_DEFAULT_ID = '1234567812345678';
/** ENTL_A is the ID's length in bits in two bytes, so an ID has at most 8191 bytes. */
const SM2_ID_MAX_BYTES = 8191;

export interface Sm2Options {
  /** The signer's distinguishing identifier ID_A; a string is taken as UTF-8. */
  id: string | Uint8Array;
}

export interface Sm2SignOptions extends Sm2Options {
  /**
   * The per-signature secret k, 32 bytes big-endian, for reproducing conformance vectors only.
   * Without it k is derived deterministically from the key and the message (RFC 6979 §3.2
   * with HMAC-SM3), so a broken random number generator cannot leak the key.
   */
  k?: Uint8Array;
}

export const DEFAULT_SM2_OPTIONS: Readonly<Sm2Options> = Object.freeze({ id: SM2_DEFAULT_ID });

const SIGN_OPTION_KEYS = new Set(['id', 'k']);
const CHECK_OPTION_KEYS = new Set(['id']);

// GB/T 32918.2-2016 §5.5: a ‖ b ‖ x_G ‖ y_G, the fixed middle part of Z_A.
const CURVE_PARAMETER_BYTES = concatBytes(
  numberToBytesBE(CURVE.a, 32),
  numberToBytesBE(CURVE.b, 32),
  numberToBytesBE(CURVE.Gx, 32),
  numberToBytesBE(CURVE.Gy, 32),
);

const generateNonce = createHmacDrbg<Uint8Array>(32, 32, (key: Uint8Array, message: Uint8Array) =>
  computeHmac('sm3', key, message),
);

function optionsError(message: string): CryptoError {
  return new CryptoError('OPTIONS_INVALID', message);
}

function checkOptionKeys(options: object, allowed: ReadonlySet<string>): void {
  if (typeof options !== 'object' || options === null) throw optionsError('SM2 options must be an object');
  for (const key of Object.keys(options)) {
    if (!allowed.has(key)) throw optionsError(`unknown SM2 option "${key}"`);
  }
}

function encodeId(id: string | Uint8Array | undefined): Uint8Array {
  const bytes =
    id === undefined
      ? utf8ToBytes(SM2_DEFAULT_ID)
      : typeof id === 'string'
        ? utf8ToBytes(id)
        : id instanceof Uint8Array
          ? id
          : undefined;
  if (bytes === undefined) throw optionsError('an SM2 ID must be a string or a Uint8Array');
  if (bytes.length > SM2_ID_MAX_BYTES) {
    throw optionsError(`an SM2 ID has at most ${SM2_ID_MAX_BYTES} bytes, not ${bytes.length}`);
  }
  return bytes;
}

// GB/T 32918.1-2016 §6.1: d ∈ [1, n−2], since signing divides by 1 + d.
function parsePrivateKey(privateKey: Uint8Array): bigint {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== SM2_PRIVATE_KEY_SIZE) {
    throw new CryptoError('KEY_INVALID', `an SM2 private key must be ${SM2_PRIVATE_KEY_SIZE} bytes`);
  }
  const d = bytesToNumberBE(privateKey);
  if (d < 1n || d > N - 2n) throw new CryptoError('KEY_INVALID', 'an SM2 private key must be in [1, n-2]');
  return d;
}

function parsePublicKey(publicKey: Uint8Array): CurvePoint {
  if (
    !(publicKey instanceof Uint8Array) ||
    publicKey.length !== SM2_PUBLIC_KEY_SIZE ||
    publicKey[0] !== 0x04
  ) {
    throw new CryptoError('KEY_INVALID', 'an SM2 public key must be 65 bytes: 04 ‖ x ‖ y');
  }
  try {
    return Point.fromBytes(publicKey);
  } catch (cause) {
    throw new CryptoError('KEY_INVALID', 'the SM2 public key is not a point on the curve', { cause });
  }
}

function computeZa(publicKey: Uint8Array, id: Uint8Array): Uint8Array {
  const bits = id.length * 8;
  return sm3(
    concatBytes(Uint8Array.of(bits >> 8, bits & 0xff), id, CURVE_PARAMETER_BYTES, publicKey.subarray(1)),
  );
}

// GB/T 32918.2-2016 §6.1 A1–A2 and §7.1 B3–B4: e = SM3(Z_A ‖ M) as an integer.
function computeE(publicKey: Uint8Array, id: Uint8Array, message: Uint8Array): bigint {
  return bytesToNumberBE(createHasher('sm3').update(computeZa(publicKey, id)).update(message).digest());
}

export function generateSm2PrivateKey(): Uint8Array {
  for (;;) {
    const candidate = backend.randomBytes(SM2_PRIVATE_KEY_SIZE);
    const d = bytesToNumberBE(candidate);
    if (d >= 1n && d <= N - 2n) return candidate;
  }
}

export function deriveSm2PublicKey(privateKey: Uint8Array): Uint8Array {
  return Point.BASE.multiply(parsePrivateKey(privateKey)).toBytes(false);
}

/** Z_A of GB/T 32918.2-2016 §5.5: SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A). */
export function computeSm2Za(publicKey: Uint8Array, id: string | Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  parsePublicKey(publicKey);
  return computeZa(publicKey, encodeId(id));
}

// GB/T 32918.2-2016 §6.1 A3–A6; undefined sends the caller back to A3 for another k.
function signWithNonce(d: bigint, e: bigint, k: bigint): Uint8Array | undefined {
  if (k < 1n || k >= N) return undefined;
  const x1 = Point.BASE.multiply(k).x;
  const r = mod(e + x1, N);
  if (r === 0n || r + k === N) return undefined;
  const s = mod(invert(1n + d, N) * (k - r * d), N);
  if (s === 0n) return undefined;
  return concatBytes(numberToBytesBE(r, 32), numberToBytesBE(s, 32));
}

/** Signs per GB/T 32918.2-2016 §6; returns r ‖ s. Throws KEY_INVALID or OPTIONS_INVALID. */
export function signSm2(
  privateKey: Uint8Array,
  message: Uint8Array,
  options: Partial<Sm2SignOptions> = {},
): Uint8Array {
  checkOptionKeys(options, SIGN_OPTION_KEYS);
  const d = parsePrivateKey(privateKey);
  const id = encodeId(options.id);
  const publicKey = Point.BASE.multiply(d).toBytes(false);
  const e = computeE(publicKey, id, message);
  if (options.k !== undefined) {
    if (!(options.k instanceof Uint8Array) || options.k.length !== 32) {
      throw optionsError('an SM2 nonce k must be 32 bytes');
    }
    const signature = signWithNonce(d, e, bytesToNumberBE(options.k));
    if (signature === undefined)
      throw optionsError('the SM2 nonce k is out of range or gives r = 0 or s = 0');
    return signature;
  }
  const seed = concatBytes(numberToBytesBE(d, 32), numberToBytesBE(mod(e, N), 32));
  return generateNonce(seed, (candidate) => signWithNonce(d, e, bytesToNumberBE(candidate)));
}

/**
 * Checks an SM2 signature r ‖ s per GB/T 32918.2-2016 §7; returns false for a wrong signature
 * and for any malformed key, signature, message or option. Never throws.
 */
export function checkSm2(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  options: Partial<Sm2Options> = {},
): boolean {
  try {
    checkOptionKeys(options, CHECK_OPTION_KEYS);
    if (!(message instanceof Uint8Array)) return false;
    if (!(signature instanceof Uint8Array) || signature.length !== SM2_SIGNATURE_SIZE) return false;
    const r = bytesToNumberBE(signature.subarray(0, 32));
    const s = bytesToNumberBE(signature.subarray(32));
    if (r < 1n || r >= N || s < 1n || s >= N) return false;
    const t = mod(r + s, N);
    if (t === 0n) return false;
    const point = parsePublicKey(publicKey);
    const e = computeE(publicKey, encodeId(options.id), message);
    const sum = Point.BASE.mulAddUnsafe(s, point, t);
    if (sum.is0()) return false;
    return mod(e + sum.x, N) === r;
  } catch {
    return false;
  }
}
