// Defensive readers for attacker-controlled JSON: each returns the typed value or throws the
// caller's error with the path of the offending field, never a TypeError.

export type FieldErrorFactory = (path: string, problem: string) => Error;

export type JsonObject = Record<string, unknown>;

export function readObject(value: unknown, path: string, fail: FieldErrorFactory): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw fail(path, 'must be an object');
  return value as JsonObject;
}

export function rejectUnknownKeys(
  object: JsonObject,
  allowed: readonly string[],
  path: string,
  fail: FieldErrorFactory,
): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw fail(`${path}.${key}`, 'is not a known field');
  }
}

export function readString(
  object: JsonObject,
  key: string,
  path: string,
  fail: FieldErrorFactory,
  limits: { maxLength?: number; pattern?: RegExp } = {},
): string {
  const value = object[key];
  const where = `${path}.${key}`;
  if (typeof value !== 'string') throw fail(where, 'must be a string');
  if (value.length === 0) throw fail(where, 'must not be empty');
  if (value.length > (limits.maxLength ?? 4096)) throw fail(where, 'is too long');
  if (!value.isWellFormed()) throw fail(where, 'has a lone surrogate, which no UTF-8 text can hold');
  if (limits.pattern && !limits.pattern.test(value)) throw fail(where, 'has an invalid form');
  return value;
}

export function readOptionalString(
  object: JsonObject,
  key: string,
  path: string,
  fail: FieldErrorFactory,
  limits: { maxLength?: number; pattern?: RegExp } = {},
): string | undefined {
  return object[key] === undefined ? undefined : readString(object, key, path, fail, limits);
}

export function readInteger(
  object: JsonObject,
  key: string,
  path: string,
  fail: FieldErrorFactory,
  range: { min: number; max: number },
): number {
  const value = object[key];
  const where = `${path}.${key}`;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail(where, 'must be an integer');
  if (value < range.min || value > range.max)
    throw fail(where, `must be between ${range.min} and ${range.max}`);
  return value;
}

export function readArray(
  object: JsonObject,
  key: string,
  path: string,
  fail: FieldErrorFactory,
  limits: { maxItems: number; minItems?: number },
): unknown[] {
  const value = object[key];
  const where = `${path}.${key}`;
  if (!Array.isArray(value)) throw fail(where, 'must be an array');
  if (value.length > limits.maxItems) throw fail(where, `has more than ${limits.maxItems} items`);
  if (value.length < (limits.minItems ?? 0)) throw fail(where, `needs at least ${limits.minItems} items`);
  return value;
}
