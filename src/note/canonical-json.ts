import { utf8ToBytes } from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { decodeTextInput, measureUtf8Length } from './text.ts';

// RFC 8785 JSON Canonicalization Scheme: no whitespace, object members sorted by the UTF-16 code
// units of their names (§3.2.3), numbers serialised as ECMAScript's Number::toString (§3.2.2.3),
// strings escaped only where JSON requires it, with lower-case \u00xx (§3.2.2.2). The input must be
// I-JSON (RFC 7493): no lone surrogates, no non-finite numbers, no duplicate member names.

export interface CanonicalJsonOptions {
  /** Largest accepted JSON text, in bytes of UTF-8 (both directions). */
  maxBytes: number;
  /** Deepest nesting of arrays and objects accepted. */
  maxDepth: number;
}

export const DEFAULT_CANONICAL_JSON_OPTIONS: Readonly<CanonicalJsonOptions> = Object.freeze({
  maxBytes: 1_048_576,
  maxDepth: 64,
});

function invalid(message: string, details?: Record<string, unknown>): NoteError {
  return new NoteError('CANONICAL_JSON_INVALID', message, details === undefined ? {} : { details });
}

function resolveOptions(options?: Partial<CanonicalJsonOptions>): Readonly<CanonicalJsonOptions> {
  if (options === undefined || options === DEFAULT_CANONICAL_JSON_OPTIONS)
    return DEFAULT_CANONICAL_JSON_OPTIONS;
  if (typeof options !== 'object' || options === null) {
    throw new NoteError('OPTIONS_INVALID', 'canonical JSON options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CANONICAL_JSON_OPTIONS, key)) {
      throw new NoteError('OPTIONS_INVALID', `unknown canonical JSON option "${key}"`);
    }
  }
  const resolved = { ...DEFAULT_CANONICAL_JSON_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new NoteError('OPTIONS_INVALID', `canonical JSON option ${key} must be a positive integer`);
    }
  }
  return resolved;
}

// RFC 8785 §3.2.2.2
function serializeString(text: string): string {
  if (!text.isWellFormed()) throw invalid('a string contains a lone UTF-16 surrogate');
  return JSON.stringify(text);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) && Object.getOwnPropertySymbols(value).length === 0
  );
}

function serializeValue(value: unknown, depth: number, ancestors: Set<object>, maxDepth: number): string {
  switch (typeof value) {
    case 'string':
      return serializeString(value);
    case 'number':
      if (!Number.isFinite(value)) throw invalid(`the number ${value} has no JSON form`);
      // RFC 8785 §3.2.2.3: ECMAScript Number::toString, which JSON.stringify applies (-0 becomes 0).
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (depth >= maxDepth) throw invalid(`the value nests deeper than ${maxDepth} levels`, { maxDepth });
      if (ancestors.has(value)) throw invalid('the value contains a cycle');
      ancestors.add(value);
      try {
        return serializeContainer(value, depth + 1, ancestors, maxDepth);
      } finally {
        ancestors.delete(value);
      }
    }
    default:
      throw invalid(`a ${typeof value} is not a JSON value`);
  }
}

// RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names, which is how both
// String's < and the default Array sort compare. Objects here are small (an entry envelope, its
// meta), and an insertion sort of a few names allocates nothing, where Array sort sets up a work
// area on every call.
const INSERTION_SORT_LIMIT = 16;

function sortMemberNames(names: string[]): string[] {
  if (names.length > INSERTION_SORT_LIMIT) return names.sort();
  for (let i = 1; i < names.length; i++) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      j--;
    }
    names[j + 1] = name;
  }
  return names;
}

function serializeContainer(value: object, depth: number, ancestors: Set<object>, maxDepth: number): string {
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length) {
      throw invalid('arrays must be plain, without holes or extra properties');
    }
    const items: string[] = [];
    for (const item of value as unknown[]) {
      if (item === undefined) throw invalid('undefined is not a JSON value');
      items.push(serializeValue(item, depth, ancestors, maxDepth));
    }
    return `[${items.join(',')}]`;
  }
  if (!isPlainObject(value))
    throw invalid('only plain objects, arrays and JSON primitives can be canonicalized');
  const names = sortMemberNames(Object.keys(value));
  const members: string[] = [];
  for (const name of names) {
    const member = value[name];
    if (member === undefined) throw invalid(`member "${name}" is undefined, which is not a JSON value`);
    members.push(`${serializeString(name)}:${serializeValue(member, depth, ancestors, maxDepth)}`);
  }
  return `{${members.join(',')}}`;
}

/** RFC 8785 canonical JSON text of a value; throws CANONICAL_JSON_INVALID for what JSON cannot carry. */
export function canonicalizeJson(value: unknown, options?: Partial<CanonicalJsonOptions>): string {
  const resolved = resolveOptions(options);
  const text = serializeValue(value, 0, new Set(), resolved.maxDepth);
  if (text.length > resolved.maxBytes || measureUtf8Length(text) > resolved.maxBytes) {
    throw invalid(`the canonical JSON is larger than ${resolved.maxBytes} bytes`, {
      maxBytes: resolved.maxBytes,
    });
  }
  return text;
}

/** RFC 8785 canonical JSON of a value as UTF-8 bytes, ready to hash or sign. */
export function canonicalizeJsonToBytes(value: unknown, options?: Partial<CanonicalJsonOptions>): Uint8Array {
  return utf8ToBytes(canonicalizeJson(value, options));
}

/**
 * Parses JSON text that must already be in RFC 8785 canonical form. Re-serialising and comparing
 * rejects whitespace, unsorted or duplicate members (JSON.parse keeps one, so the text differs),
 * non-canonical numbers and escapes; lone surrogates fail serialisation. Throws CANONICAL_JSON_INVALID.
 */
export function parseCanonicalJson(
  input: string | Uint8Array,
  options?: Partial<CanonicalJsonOptions>,
): unknown {
  const resolved = resolveOptions(options);
  const text = decodeTextInput(
    input,
    resolved.maxBytes,
    { malformed: 'CANONICAL_JSON_INVALID', tooLarge: 'CANONICAL_JSON_INVALID' },
    'the JSON text',
  );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new NoteError('CANONICAL_JSON_INVALID', 'the text is not JSON', { cause });
  }
  const canonical = serializeValue(value, 0, new Set(), resolved.maxDepth);
  if (canonical !== text) {
    let offset = 0;
    while (offset < text.length && text[offset] === canonical[offset]) offset++;
    throw invalid(
      `the JSON is not in RFC 8785 canonical form from offset ${offset} (whitespace, member order, duplicate member, number or string form)`,
      { offset },
    );
  }
  return value;
}
