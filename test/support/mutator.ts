import { bytesToUtf8 } from '../../src/crypto/index.ts';

// Test support for the hostile-input tests of this module: a seeded generator of random and
// mutated inputs (flipped bits, truncations, duplicated and swapped lines, inserted Unicode and
// separators, splices of other corpus entries) and a loop that allows only the expected errors.

const encoder = new TextEncoder();

export const FUZZ_ITERATIONS = 100_000;

/** mulberry32: small, fast, and the same sequence on every run for a given seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

const INTERESTING = [
  '\n',
  '\n\n',
  ' ',
  '—',
  '— ',
  '+',
  '=',
  '/',
  '0',
  '1',
  '9',
  '-',
  'é',
  '\u0085',
  '\u00a0',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '\u0000',
  '\r',
  '\t',
  '\u007f',
  '😀',
  'A',
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  ':',
  ',',
  '\\u0000',
  '\\ud800',
  'time ',
  'origin ',
  'index ',
  'leaf ',
  'sealchain-receipt/v1\n',
  'cosignature/v1\n',
  '1e3',
  '-0',
  'null',
  '99999999999999999999',
];

export class Mutator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly corpus: readonly string[],
  ) {
    this.random = createRandom(seed);
  }

  private below(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  private randomText(): string {
    let out = '';
    const length = this.below(120);
    while (out.length < length) {
      out += this.random() < 0.5 ? this.pick(INTERESTING) : String.fromCharCode(this.below(0x3000));
    }
    return out;
  }

  private mutateLines(text: string, swap: boolean): string {
    const lines = text.split('\n');
    const i = this.below(lines.length);
    if (swap) {
      const j = this.below(lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    } else lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }

  private mutateText(text: string): string {
    const at = this.below(text.length + 1);
    switch (this.below(9)) {
      case 0:
        return text.slice(0, at) + this.pick(INTERESTING) + text.slice(at);
      case 1:
        return text.slice(0, at) + text.slice(at + 1 + this.below(8));
      case 2:
        return text.slice(0, at);
      case 3:
        return this.mutateLines(text, false);
      case 4:
        return this.mutateLines(text, true);
      case 5:
        return text.slice(0, at) + String.fromCodePoint(this.below(0x11_0000)) + text.slice(at);
      case 6:
        return text.slice(0, at) + this.pick(this.corpus).slice(this.below(40));
      case 7:
        return text.slice(0, at) + text.slice(at, at + this.below(30)) + text.slice(at);
      default:
        return (
          text.slice(0, at) +
          String.fromCharCode(text.charCodeAt(at) ^ (1 << this.below(16))) +
          text.slice(at + 1)
        );
    }
  }

  private flipBits(bytes: Uint8Array): Uint8Array {
    const flips = 1 + this.below(3);
    for (let i = 0; i < flips && bytes.length > 0; i++)
      bytes[this.below(bytes.length)]! ^= 1 << this.below(8);
    return bytes;
  }

  /** A string or UTF-8 bytes (possibly invalid) derived from the corpus, or random text. */
  next(): string | Uint8Array {
    const roll = this.random();
    if (roll < 0.05) return this.randomText();
    let text = this.pick(this.corpus);
    const rounds = 1 + this.below(3);
    for (let i = 0; i < rounds; i++) text = this.mutateText(text);
    if (roll < 0.25) return this.flipBits(encoder.encode(text));
    return roll < 0.3 ? encoder.encode(text) : text;
  }
}

/** The input as the exact text it encodes, or undefined when the bytes are not exact UTF-8. */
export function inputToText(input: string | Uint8Array): string | undefined {
  if (typeof input === 'string') return input;
  try {
    const text = bytesToUtf8(input);
    return encoder.encode(text).length === input.length ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Feeds `iterations` generated inputs to `parse`; any error that `allowed` refuses fails with the
 * input shown. Returns how many inputs were accepted, so a test can check the mutations still
 * reach the parser's success path. Stack traces are not captured meanwhile: they dominate the
 * cost of the rejected inputs and nothing reads them.
 */
export function runFuzz(
  mutator: Mutator,
  iterations: number,
  parse: (input: string | Uint8Array) => void,
  allowed: (error: unknown) => boolean,
): number {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let accepted = 0;
  try {
    for (let i = 0; i < iterations; i++) {
      const input = mutator.next();
      try {
        parse(input);
        accepted++;
      } catch (error) {
        if (!allowed(error)) {
          const shown = typeof input === 'string' ? JSON.stringify(input) : `bytes [${input.join(',')}]`;
          throw new Error(`input ${shown} threw ${String(error)}`, { cause: error });
        }
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return accepted;
}
