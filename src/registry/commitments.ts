import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  randomBytes,
  sha256,
  utf8ToBytes,
} from '../crypto/index.ts';
import { canonicalizeJson } from '../note/index.ts';

// Salted commitments to personal data, so the chain carries none of it in clear (DESIGN.md
// "Entry"). After the disclosures of SD-JWT (RFC 9901 §4.2.1): a disclosure is the RFC 8785
// canonical JSON of [salt, name, value] with a 128-bit random salt, and the commitment is the
// SHA-256 of the disclosure's UTF-8 bytes. Whoever holds a disclosure can show that the committed
// value is the one on the chain; nobody else can learn it, even by guessing likely values.

const SALT_BYTES = 16;

export interface Disclosure {
  /** The canonical JSON text [salt, name, value]. */
  disclosure: string;
  /** Hex SHA-256 of the disclosure. */
  commitment: string;
}

function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function discloseValue(
  name: string,
  value: unknown,
  salt: Uint8Array = randomBytes(SALT_BYTES),
): Disclosure {
  const disclosure = canonicalizeJson([toBase64Url(salt), name, value]);
  return { disclosure, commitment: bytesToHex(sha256(utf8ToBytes(disclosure))) };
}

/** True when `disclosure` commits to `commitment` and names `name`; the disclosed value is returned. */
export function openDisclosure(
  disclosure: string,
  commitment: string,
  name: string,
): { ok: true; value: unknown } | { ok: false } {
  if (typeof disclosure !== 'string' || bytesToHex(sha256(utf8ToBytes(disclosure))) !== commitment)
    return { ok: false };
  try {
    const parsed = JSON.parse(disclosure) as unknown;
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 3 ||
      parsed[1] !== name ||
      typeof parsed[0] !== 'string'
    ) {
      return { ok: false };
    }
    base64ToBytes(
      parsed[0]
        .replaceAll('-', '+')
        .replaceAll('_', '/')
        .padEnd(Math.ceil(parsed[0].length / 4) * 4, '='),
    );
    return { ok: true, value: parsed[2] };
  } catch {
    return { ok: false };
  }
}
