import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

// A mutation fuzzer for text parsers: it feeds a parser valid inputs changed by one to four
// random edits (and, now and then, random strings and values that are not strings), and
// requires that every failure is an expected error and that every accepted input passes a
// caller's check, typically that formatting the result gives the input back.

export interface FuzzStringOptions<T> {
  seed: number;
  /** How many inputs to try. */
  count: number;
  /** Valid inputs that mutations start from. */
  corpus: readonly string[];
  /** Characters that mutations insert, besides random code units. */
  alphabet?: readonly string[];
  parse: (input: string) => T;
  isExpectedError: (error: unknown) => boolean;
  /** Throws if an accepted input's result is wrong. */
  checkAccepted: (result: T, input: string) => void;
}

export interface FuzzReport {
  accepted: number;
  rejected: number;
}

const TRICKY = [
  '+', '=', '/', ':', '-', '_', '.', ' ', '\n', '\r', '\t', '\u0000', '\u0085', '\u00a0', '\u2028', '\u3000',
  '\ufeff', '\ud800', '\udfff', '\ud83d\ude00', 'é', '中', '０', 'A', 'a', 'F', 'f', 'g', 'Z', '0', '9',
  'PRIVATE+KEY+', 'sha256:', 'sm3:', '==',
];
const NOT_STRINGS: readonly unknown[] = [undefined, null, 0, 42, true, {}, [], ['a'], new Uint8Array(2), () => 'x'];

function randomCodeUnit(random: SeededRandom): string {
  return String.fromCharCode(random.pick([random.below(0x80), random.below(0x800), random.below(0x10000)]));
}

function mutate(text: string, random: SeededRandom, corpus: readonly string[], alphabet: readonly string[]): string {
  const at = random.below(text.length + 1);
  const end = Math.min(text.length, at + 1 + random.below(8));
  const insert = () => (random.below(3) === 0 ? randomCodeUnit(random) : random.pick(alphabet));
  switch (random.below(9)) {
    case 0:
      return text.slice(0, at) + insert() + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(end);
    case 2:
      return text.slice(0, at) + insert() + text.slice(at + 1);
    case 3: {
      if (at >= text.length) return text + insert();
      const flipped = text.charCodeAt(at) ^ (1 << random.below(16));
      return text.slice(0, at) + String.fromCharCode(flipped) + text.slice(at + 1);
    }
    case 4:
      return text.slice(0, end) + text.slice(at, end) + text.slice(end);
    case 5: {
      const other = random.pick(corpus);
      return text.slice(0, at) + other.slice(random.below(other.length + 1));
    }
    case 6:
      return text.slice(0, at);
    case 7: {
      const char = text.charAt(at);
      const swapped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
      return text.slice(0, at) + swapped + text.slice(at + 1);
    }
    default:
      return random.below(8) === 0 ? text + text : text.slice(0, at) + insert() + insert() + text.slice(end);
  }
}

function describeInput(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

export function fuzzStringParser<T>(options: FuzzStringOptions<T>): FuzzReport {
  const random = createSeededRandom(options.seed);
  const alphabet = [...TRICKY, ...(options.alphabet ?? [])];
  const report: FuzzReport = { accepted: 0, rejected: 0 };
  for (let i = 0; i < options.count; i++) {
    let input: unknown;
    const kind = random.below(100);
    if (kind === 0) {
      input = random.pick(NOT_STRINGS);
    } else if (kind < 6) {
      input = Array.from({ length: random.below(90) }, () => random.pick(alphabet)).join('');
    } else {
      let text = random.pick(options.corpus);
      const edits = kind < 10 ? 0 : 1 + random.below(4);
      for (let e = 0; e < edits; e++) text = mutate(text, random, options.corpus, alphabet);
      input = text;
    }
    let result: T;
    try {
      result = options.parse(input as string);
    } catch (error) {
      if (!options.isExpectedError(error)) {
        throw new Error(`input ${i} ${describeInput(input)} threw an unexpected ${String(error)}`, { cause: error });
      }
      report.rejected++;
      continue;
    }
    try {
      options.checkAccepted(result, input as string);
    } catch (error) {
      throw new Error(`input ${i} ${describeInput(input)} was accepted wrongly: ${String(error)}`, { cause: error });
    }
    report.accepted++;
  }
  return report;
}
