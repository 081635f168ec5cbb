import { FingerprintError } from '../errors.ts';

// Checks shared by the generators: every input is attacker-controlled.

export function inputError(message: string, details: Record<string, unknown> = {}): FingerprintError {
  return new FingerprintError('ISCC_INPUT_INVALID', message, { details });
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw inputError(`${field} must be a string`, { field, type: typeof value });
  if (!value.isWellFormed())
    throw inputError(`${field} has a lone surrogate and is not valid Unicode`, { field });
  return value;
}

/** Rejects keys outside `allowed`, so a misspelt option is an error rather than ignored. */
export function rejectUnknownKeys(value: object, allowed: readonly string[], what: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw inputError(`${what} has unknown keys: ${unknown.join(', ')}`, { unknown });
}

export type ByteStream = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * Yields the chunks of a byte stream. A failure inside the source becomes FILE_UNREADABLE; a chunk
 * that is not a Uint8Array (a string from a stream with an encoding set) is ISCC_INPUT_INVALID.
 */
export async function* readByteStream(stream: ByteStream): AsyncGenerator<Uint8Array> {
  if (stream instanceof Uint8Array) {
    yield stream;
    return;
  }
  const isAsync = typeof stream === 'object' && stream !== null && Symbol.asyncIterator in stream;
  const isSync = typeof stream === 'object' && stream !== null && Symbol.iterator in stream;
  if (!isAsync && !isSync) throw inputError('the stream must be a Uint8Array or an iterable of Uint8Array');
  const iterator = isAsync
    ? (stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
    : (stream as Iterable<Uint8Array>)[Symbol.iterator]();
  for (;;) {
    let step: IteratorResult<Uint8Array>;
    try {
      step = await iterator.next();
    } catch (cause) {
      if (cause instanceof FingerprintError) throw cause;
      throw new FingerprintError('FILE_UNREADABLE', 'the input stream failed while it was being read', {
        cause,
      });
    }
    if (step.done === true) return;
    if (!(step.value instanceof Uint8Array)) {
      throw inputError('every chunk of the stream must be a Uint8Array', { type: typeof step.value });
    }
    yield step.value;
  }
}
