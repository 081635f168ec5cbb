/**
 * The base of every error sealchain throws on purpose. Each module declares one subclass in its
 * own `errors.ts` with a string-literal union of codes; the API maps `code` to an HTTP status in
 * one table. `details` carries the values a report shows (expected and computed root, and so on).
 */
export class SealchainError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: Code,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** True for any error sealchain raised on purpose, whatever module it came from. */
export function isSealchainError(value: unknown): value is SealchainError {
  return value instanceof SealchainError;
}
