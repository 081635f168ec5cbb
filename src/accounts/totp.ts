import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Time-based one-time passwords, RFC 6238 over HOTP (RFC 4226 §5.3) with HMAC-SHA1: 30-second
// steps from the Unix epoch, 6 digits, and a window of one step either side for clock drift.
// Secrets travel to authenticator apps as otpauth:// URIs (Google Authenticator's key URI
// format) with the secret in RFC 4648 base32.

export interface TotpOptions {
  /** Length of a step, in seconds (RFC 6238 X). */
  stepSeconds: number;
  /** Digits of a code. */
  digits: number;
  /** Steps accepted before and after the current one. */
  windowSteps: number;
}

export const DEFAULT_TOTP: Readonly<TotpOptions> = Object.freeze({
  stepSeconds: 30,
  digits: 6,
  windowSteps: 1,
});

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) text += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return text;
}

/** The HOTP value of `counter` under `secret` (RFC 4226 §5.3, dynamic truncation). */
export function generateHotp(secret: Uint8Array, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return binary.toString().padStart(digits, '0');
}

/** The step number of `timeMs` (RFC 6238 §4.2: T = floor((now − T0) / X), T0 = 0). */
export function totpStep(timeMs: number, options: TotpOptions = DEFAULT_TOTP): number {
  return Math.floor(timeMs / 1000 / options.stepSeconds);
}

/** The code for `timeMs`. */
export function generateTotp(
  secret: Uint8Array,
  timeMs: number,
  options: TotpOptions = DEFAULT_TOTP,
): string {
  return generateHotp(secret, totpStep(timeMs, options), options.digits);
}

/**
 * The step whose code `code` is, within the window around `timeMs`, or null. Steps at or before
 * `lastUsedStep` are refused, so a code seen once cannot be replayed.
 */
export function matchTotp(
  secret: Uint8Array,
  code: string,
  timeMs: number,
  lastUsedStep: number | null,
  options: TotpOptions = DEFAULT_TOTP,
): number | null {
  if (!/^[0-9]+$/.test(code) || code.length !== options.digits) return null;
  const now = totpStep(timeMs, options);
  let matched: number | null = null;
  for (let step = now - options.windowSteps; step <= now + options.windowSteps; step++) {
    const expected = Buffer.from(generateHotp(secret, step, options.digits));
    // Every step is compared, in constant time, whatever matched first.
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === null) matched = step;
  }
  if (matched === null || (lastUsedStep !== null && matched <= lastUsedStep)) return null;
  return matched;
}

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits). */
export function createTotpSecret(): Buffer {
  return randomBytes(20);
}

/** The otpauth:// URI an authenticator app scans: issuer `sealchain`, label `sealchain:<account>`. */
export function formatTotpUri(
  secret: Uint8Array,
  account: string,
  options: TotpOptions = DEFAULT_TOTP,
): string {
  const label = `${encodeURIComponent('sealchain')}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: encodeBase32(secret),
    issuer: 'sealchain',
    algorithm: 'SHA1',
    digits: String(options.digits),
    period: String(options.stepSeconds),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
