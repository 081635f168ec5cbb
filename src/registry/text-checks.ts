import { RegistryError, type RegistryErrorCode } from './errors.ts';

// Text that reaches the registry's database or the chain: NUL cannot be stored in PostgreSQL text
// or jsonb, and U+FFFD is what a decoder puts where the bytes were not UTF-8, so a field holding
// either is refused (TEXT_INVALID, 422) before anything is written, never silently replaced.

/** The first character no stored text may hold (NUL, U+FFFD, lone surrogates), or null. */
export function findForbiddenCharacter(text: string): string | null {
  if (!text.isWellFormed()) return 'an unpaired surrogate';
  if (text.includes('\u0000')) return 'NUL';
  if (text.includes('\uFFFD')) return 'U+FFFD (bytes that were not UTF-8)';
  return null;
}

function textInvalid(field: string, problem: string): RegistryError {
  return new RegistryError('TEXT_INVALID', `${field}: must not contain ${problem}`, {
    details: { issues: [{ field, message: `must not contain ${problem}` }] },
  });
}

/** Throws TEXT_INVALID when `text` holds a character no stored text may hold. */
export function refuseForbiddenText(field: string, text: string): void {
  const problem = findForbiddenCharacter(text);
  if (problem !== null) throw textInvalid(field, problem);
}

/** Walks parsed JSON and throws TEXT_INVALID for the first key or string holding a forbidden character. */
export function refuseForbiddenJsonText(value: unknown, field = 'metadata', depth = 0): void {
  if (depth > 32) return;
  if (typeof value === 'string') return refuseForbiddenText(field, value);
  if (Array.isArray(value)) {
    value.forEach((item, position) => refuseForbiddenJsonText(item, `${field}[${position}]`, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      refuseForbiddenText(`${field} key`, key);
      refuseForbiddenJsonText(item, `${field}.${key}`, depth + 1);
    }
  }
}

/**
 * A reason (of a revocation or a decision): text of 1 to `maxChars` characters, line breaks and
 * tabs allowed, other control characters not. Missing or too long is `code`; NUL is TEXT_INVALID.
 */
export function parseReason(value: unknown, code: RegistryErrorCode, maxChars: number): string {
  const invalid = (message: string) =>
    new RegistryError(code, `reason: ${message}`, { details: { issues: [{ field: 'reason', message }] } });
  if (typeof value !== 'string') throw invalid(`must be text of 1 to ${maxChars} characters`);
  refuseForbiddenText('reason', value);
  const reason = value.normalize('NFC').trim();
  if (reason === '' || reason.length > maxChars) throw invalid(`must be text of 1 to ${maxChars} characters`);
  // C0 controls other than tab, line feed and carriage return, and DEL.
  for (const char of reason) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f)
      throw invalid('must not contain control characters');
  }
  return reason;
}
