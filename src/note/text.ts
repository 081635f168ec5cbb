import { bytesToUtf8 } from '../crypto/index.ts';
import { NoteError, type NoteErrorCode } from './errors.ts';

// Text checks shared by every parser here. Input arrives either as a string (well-formed UTF-16
// required, so that its UTF-8 encoding is exact) or as bytes (strict UTF-8, a leading U+FEFF kept
// as text, since signatures cover it).

export interface TextErrorCodes {
  malformed: NoteErrorCode;
  tooLarge: NoteErrorCode;
}

/** UTF-8 length of a well-formed string, without encoding it. */
export function measureUtf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      length += 4;
      i++;
    } else length += 3;
  }
  return length;
}

/** Returns the input as a string; throws `codes.malformed` or `codes.tooLarge`. */
export function decodeTextInput(
  input: unknown,
  maxBytes: number,
  codes: TextErrorCodes,
  what: string,
): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(codes, what, maxBytes, input.length);
    if (!input.isWellFormed()) {
      throw new NoteError(codes.malformed, `${what} contains a lone UTF-16 surrogate`);
    }
    if (input.length * 3 > maxBytes) {
      const size = measureUtf8Length(input);
      if (size > maxBytes) throw tooLarge(codes, what, maxBytes, size);
    }
    return input;
  }
  if (input instanceof Uint8Array) {
    if (input.length > maxBytes) throw tooLarge(codes, what, maxBytes, input.length);
    try {
      return bytesToUtf8(input);
    } catch (cause) {
      throw new NoteError(codes.malformed, `${what} is not valid UTF-8`, { cause });
    }
  }
  throw new NoteError(codes.malformed, `${what} must be a string or a Uint8Array`);
}

function tooLarge(codes: TextErrorCodes, what: string, maxBytes: number, size: number): NoteError {
  return new NoteError(codes.tooLarge, `${what} is larger than ${maxBytes} bytes`, {
    details: { maxBytes, sizeBytes: size },
  });
}

/** https://c2sp.org/signed-note#format: no ASCII control character other than newline. */
export function hasForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x20 && unit !== 0x0a) return true;
  }
  return false;
}

/** Checks a note text (or a line of one) as a signer must: well-formed, no control characters. */
export function isCleanText(text: unknown): text is string {
  return typeof text === 'string' && text.isWellFormed() && !hasForbiddenControl(text);
}

const DECIMAL_PATTERN = /^(?:0|[1-9][0-9]{0,15})$/;

/** Parses ASCII decimal with no leading zeros; undefined unless it is a safe integer. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
