import { inputError } from './input.ts';

// RFC 8785 JSON Canonicalization Scheme: members sorted by UTF-16 code units, numbers in
// ECMAScript Number-to-String form (§3.2.2.3), strings escaped as JSON.stringify does (§3.2.2.2).

const MAX_DEPTH = 64;

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function canonicalizeString(text: string): string {
  if (!text.isWellFormed()) throw inputError('JSON metadata has a string with a lone surrogate');
  return JSON.stringify(text);
}

function canonicalize(value: unknown, depth: number, seen: Set<object>): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw inputError('JSON metadata has a number that is not finite', { value });
    return String(value);
  }
  if (typeof value === 'string') return canonicalizeString(value);
  if (typeof value !== 'object')
    throw inputError('JSON metadata holds a value JSON cannot express', { type: typeof value });
  if (depth >= MAX_DEPTH) throw inputError(`JSON metadata is nested deeper than ${MAX_DEPTH} levels`);
  if (seen.has(value)) throw inputError('JSON metadata refers to itself');
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item) => canonicalize(item, depth + 1, seen)).join(',')}]`;
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    out = `{${keys.map((key) => `${canonicalizeString(key)}:${canonicalize(value[key], depth + 1, seen)}`).join(',')}}`;
  } else {
    throw inputError('JSON metadata must hold only plain objects, arrays and JSON values');
  }
  seen.delete(value);
  return out;
}

/** The RFC 8785 canonical text of a JSON value; throws ISCC_INPUT_INVALID for non-JSON values. */
export function canonicalizeJson(value: unknown): string {
  return canonicalize(value, 0, new Set());
}
