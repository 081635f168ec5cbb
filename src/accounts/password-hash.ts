import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Passwords are hashed with scrypt (RFC 7914), memory-hard, and stored as a PHC string
// (https://github.com/P-H-C/phc-string-format): `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` with
// unpadded base64 salt and hash. The parameters travel in the string, so they can be raised
// later: old hashes still verify with their own, and `needsRehash` tells when to replace one.

/** scrypt's cost parameters and sizes. */
export interface PasswordHashOptions {
  /** log2 of scrypt's N (CPU/memory cost); 15 means N = 32768, about 32 MiB with r = 8. */
  logN: number;
  /** Block size r. */
  blockSize: number;
  /** Parallelisation p. */
  parallelism: number;
  /** Salt length, in bytes. */
  saltBytes: number;
  /** Derived key length, in bytes. */
  keyBytes: number;
}

export const DEFAULT_PASSWORD_HASH: Readonly<PasswordHashOptions> = Object.freeze({
  logN: 15,
  blockSize: 8,
  parallelism: 1,
  saltBytes: 16,
  keyBytes: 32,
});

const PHC_PATTERN =
  /^\$scrypt\$ln=([0-9]{1,2}),r=([0-9]{1,2}),p=([0-9]{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{22,88})$/;

/** A parsed password hash. */
export interface ParsedPasswordHash {
  logN: number;
  blockSize: number;
  parallelism: number;
  salt: Buffer;
  key: Buffer;
}

function deriveKey(
  password: string,
  salt: Buffer,
  params: Omit<ParsedPasswordHash, 'salt' | 'key'>,
  keyBytes: number,
) {
  const N = 2 ** params.logN;
  const options: ScryptOptions = {
    N,
    r: params.blockSize,
    p: params.parallelism,
    // scrypt needs 128·N·r bytes (RFC 7914 §2); Node's default ceiling is 32 MiB.
    maxmem: 256 * N * params.blockSize + 1024 * 1024,
  };
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** The PHC string of `password` under fresh random salt. */
export async function hashPassword(
  password: string,
  options: PasswordHashOptions = DEFAULT_PASSWORD_HASH,
): Promise<string> {
  const salt = randomBytes(options.saltBytes);
  const key = await deriveKey(password, salt, options, options.keyBytes);
  const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
  return `$scrypt$ln=${options.logN},r=${options.blockSize},p=${options.parallelism}$${b64(salt)}$${b64(key)}`;
}

/** The parts of a PHC scrypt string, or null when it is not one this module writes. */
export function parsePasswordHash(text: string): ParsedPasswordHash | null {
  const match = PHC_PATTERN.exec(text);
  if (match === null) return null;
  const [logN, blockSize, parallelism] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (logN < 10 || logN > 22 || blockSize < 1 || parallelism < 1) return null;
  const salt = Buffer.from(match[4]!, 'base64');
  const key = Buffer.from(match[5]!, 'base64');
  // A shortened key would still verify as a prefix of the right one: its length is fixed.
  if (salt.length < 16 || key.length !== DEFAULT_PASSWORD_HASH.keyBytes) return null;
  return { logN, blockSize, parallelism, salt, key };
}

/** True when `password` matches `stored`; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (parsed === null) return false;
  const key = await deriveKey(password, parsed.salt, parsed, parsed.key.length);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with weaker parameters than `options` (replace it at the next login). */
export function needsRehash(stored: string, options: PasswordHashOptions = DEFAULT_PASSWORD_HASH): boolean {
  const parsed = parsePasswordHash(stored);
  return (
    parsed === null ||
    parsed.logN < options.logN ||
    parsed.blockSize < options.blockSize ||
    parsed.parallelism < options.parallelism ||
    parsed.salt.length < options.saltBytes
  );
}

/** A random password of 20 base64url characters (120 bits): the one-time password of a new or reset account. */
export function createOneTimePassword(): string {
  return randomBytes(15).toString('base64url');
}
