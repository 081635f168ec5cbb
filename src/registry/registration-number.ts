import { RegistryError } from './errors.ts';

// Registration numbers: `SC-2026-W-00001234-7` — issuer prefix, year, kind (W a work, L a licence),
// an 8-digit sequence within the year and kind, and one check character of ISO/IEC 7064 MOD 37,36
// (the hybrid system for alphanumeric strings, as used by ISAN) over the characters without hyphens.

export const REGISTRATION_PREFIX = 'SC';
export const NUMBER_KINDS = ['W', 'L'] as const;
export type NumberKind = (typeof NUMBER_KINDS)[number];

export interface RegistrationNumber {
  year: number;
  kind: NumberKind;
  sequence: number;
  /** The canonical text, e.g. `SC-2026-W-00001234-7`. */
  text: string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MODULUS = 36;
const MAX_SEQUENCE = 99_999_999;
const NUMBER_PATTERN = /^SC-(\d{4})-([WL])-(\d{8})-([0-9A-Z])$/;

// ISO/IEC 7064:2003 §7 (hybrid systems, M = 36): P starts at M; for each character
// S = (P + a) mod M with 0 read as M, then P = 2S mod (M + 1). The check character c makes
// (P + c) mod M = 1.
function runHybrid(text: string): number {
  let p = MODULUS;
  for (const char of text) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) throw new RangeError(`not an ISO 7064 MOD 37,36 character: ${char}`);
    const s = (p + value) % MODULUS || MODULUS;
    p = (2 * s) % (MODULUS + 1);
  }
  return p;
}

/** The ISO/IEC 7064 MOD 37,36 check character of an upper-case alphanumeric string. */
export function computeCheckCharacter(text: string): string {
  return ALPHABET[(((1 - runHybrid(text)) % MODULUS) + MODULUS) % MODULUS]!;
}

/** True when the string's last character is its correct MOD 37,36 check character. */
export function hasValidCheckCharacter(textWithCheck: string): boolean {
  if (textWithCheck.length < 2) return false;
  const last = textWithCheck.at(-1)!;
  try {
    return (
      (runHybrid(textWithCheck.slice(0, -1)) + ALPHABET.indexOf(last)) % MODULUS === 1 &&
      ALPHABET.includes(last)
    );
  } catch {
    return false;
  }
}

export function formatRegistrationNumber(year: number, kind: NumberKind, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) {
    throw new RegistryError('REGISTRATION_NUMBER_INVALID', 'the year of a registration number has 4 digits');
  }
  if (!NUMBER_KINDS.includes(kind)) {
    throw new RegistryError('REGISTRATION_NUMBER_INVALID', 'the kind of a registration number is W or L');
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new RegistryError(
      'REGISTRATION_NUMBER_INVALID',
      `the sequence of a registration number runs from 1 to ${MAX_SEQUENCE} in a year`,
      { details: { year, kind, sequence } },
    );
  }
  const body = `${REGISTRATION_PREFIX}-${year}-${kind}-${String(sequence).padStart(8, '0')}`;
  return `${body}-${computeCheckCharacter(body.replaceAll('-', ''))}`;
}

/**
 * Parses a registration number, ignoring case and surrounding space. Throws
 * REGISTRATION_NUMBER_INVALID for another shape or a wrong check character (every mistyped
 * character is caught, and all but about 3 in 1,000 swaps of two neighbours).
 */
export function parseRegistrationNumber(input: string): RegistrationNumber {
  const text = typeof input === 'string' && input.length <= 64 ? input.trim().toUpperCase() : '';
  const match = NUMBER_PATTERN.exec(text);
  if (match === null) {
    throw new RegistryError(
      'REGISTRATION_NUMBER_INVALID',
      'a registration number looks like SC-2026-W-00001234-7',
      { details: { number: typeof input === 'string' ? input.slice(0, 64) : null } },
    );
  }
  if (!hasValidCheckCharacter(text.replaceAll('-', ''))) {
    throw new RegistryError(
      'REGISTRATION_NUMBER_INVALID',
      `${text} has a wrong check character: the number is mistyped`,
      { details: { number: text } },
    );
  }
  return { year: Number(match[1]), kind: match[2] as NumberKind, sequence: Number(match[3]), text };
}

/** True for text shaped like a registration number (check character not tested). */
export function looksLikeRegistrationNumber(input: string): boolean {
  return typeof input === 'string' && NUMBER_PATTERN.test(input.trim().toUpperCase());
}
