import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from '../crypto/index.ts';
import { canonicalizeJson, canonicalizeJsonToBytes, parseCanonicalJson } from './canonical-json.ts';
import { NoteError } from './errors.ts';
import { FUZZ_ITERATIONS, inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';

interface Vectors {
  numbers: { ieee754: string; canonical: string | null }[];
  documents: {
    about: string;
    input: string;
    canonical: string;
    canonicalUtf8Hex?: string;
    memberOrder?: string[];
  }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./testdata/rfc8785-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

function fromIeee754(hex: string): number {
  return new DataView(hexToBytes(hex).buffer).getFloat64(0);
}

function rejects(run: () => unknown): void {
  assert.throws(
    run,
    (error: unknown) => error instanceof NoteError && error.code === 'CANONICAL_JSON_INVALID',
  );
}

describe('canonicalizeJson', () => {
  it('serialises every number of RFC 8785 Appendix B and rejects NaN and Infinity', () => {
    assert.equal(vectors.numbers.length, 26);
    for (const { ieee754, canonical } of vectors.numbers) {
      const value = fromIeee754(ieee754);
      if (canonical === null) rejects(() => canonicalizeJson(value));
      else assert.equal(canonicalizeJson(value), canonical, ieee754);
    }
  });

  it('produces the RFC 8785 §3.2.2 and §3.2.3 canonical documents and their UTF-8 bytes', () => {
    for (const document of vectors.documents) {
      const value: unknown = JSON.parse(document.input);
      assert.equal(canonicalizeJson(value), document.canonical, document.about);
      if (document.canonicalUtf8Hex !== undefined) {
        assert.equal(bytesToHex(canonicalizeJsonToBytes(value)), document.canonicalUtf8Hex);
      }
      if (document.memberOrder !== undefined) {
        const order = [...canonicalizeJson(value).matchAll(/":"([^"]+)"/g)].map((match) => match[1]);
        assert.deepEqual(order, document.memberOrder);
      }
    }
  });

  it('sorts nested members and keeps array order', () => {
    assert.equal(
      canonicalizeJson({ b: [{ z: 1, a: [3, 2] }], a: { d: true, c: null }, '': 'empty' }),
      '{"":"empty","a":{"c":null,"d":true},"b":[{"a":[3,2],"z":1}]}',
    );
  });

  it('orders members by UTF-16 code units at every object size (insertion sort up to 16 names)', () => {
    const names = [
      '',
      'a',
      'B',
      'é',
      '\u{1f600}',
      '\uff61',
      'aa',
      'a\u0000',
      '_',
      '10',
      '9',
      'Z',
      'z',
      '\u00ff',
    ];
    for (let size = 0; size <= 40; size++) {
      const picked = Array.from(
        { length: size },
        (_, i) => `${names[(i * 7) % names.length]}${i % 5}-${size - i}`,
      );
      const value = Object.fromEntries(picked.map((name, i) => [name, i]));
      const expected = `{${Object.keys(value)
        .sort()
        .map((name) => `${JSON.stringify(name)}:${value[name]}`)
        .join(',')}}`;
      assert.equal(canonicalizeJson(value), expected, `${size} members`);
    }
    // Object.keys lists integer-like names first in numeric order; canonical order is by code unit.
    assert.equal(canonicalizeJson({ b: 0, 10: 1, 9: 2, a: 3 }), '{"10":1,"9":2,"a":3,"b":0}');
  });

  it('escapes only what JSON requires, control characters as lower-case \\u00xx', () => {
    assert.equal(
      canonicalizeJson('\u0000\b\t\n\u000b\f\r\u001f"\\/\u007f\u2028é😀'),
      '"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f\\"\\\\/\u007f\u2028é😀"',
    );
  });

  it('rejects what JSON cannot carry: undefined, functions, symbols, bigints, lone surrogates', () => {
    for (const value of [
      undefined,
      () => 1,
      Symbol('s'),
      10n,
      '\uD800',
      { a: undefined },
      [1, undefined],
      { '\uDC00': 1 },
      new Array<number>(3),
      Infinity,
      -Infinity,
    ]) {
      rejects(() => canonicalizeJson(value));
    }
  });

  it('rejects non-plain objects, arrays with extra properties and cycles', () => {
    class Point {
      x = 1;
    }
    const withExtra = Object.assign([1, 2], { extra: true });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const value of [
      new Date(0),
      new Map(),
      new Point(),
      new Uint8Array(2),
      withExtra,
      cyclic,
      { [Symbol('s')]: 1 },
    ]) {
      rejects(() => canonicalizeJson(value));
    }
    const shared = { n: 1 };
    assert.equal(canonicalizeJson([shared, shared]), '[{"n":1},{"n":1}]');
    assert.equal(
      canonicalizeJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 })),
      '{"a":2,"b":1}',
    );
  });

  it('rejects nesting deeper than maxDepth and output larger than maxBytes', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 65; i++) deep = [deep];
    rejects(() => canonicalizeJson(deep));
    assert.equal(canonicalizeJson(deep, { maxDepth: 65 }).length, 131);
    rejects(() => canonicalizeJson('é'.repeat(10), { maxBytes: 20 }));
    assert.throws(
      () => canonicalizeJson(1, { constructor: 3 } as never),
      (error: unknown) => error instanceof NoteError && error.code === 'OPTIONS_INVALID',
    );
  });
});

describe('parseCanonicalJson', () => {
  it('accepts every canonical vector and returns its value', () => {
    for (const document of vectors.documents) {
      assert.deepEqual(parseCanonicalJson(document.canonical), JSON.parse(document.input));
      if (document.canonicalUtf8Hex !== undefined) {
        assert.deepEqual(
          parseCanonicalJson(hexToBytes(document.canonicalUtf8Hex)),
          JSON.parse(document.input),
        );
      }
    }
    for (const { ieee754, canonical } of vectors.numbers) {
      if (canonical !== null)
        assert.equal(
          parseCanonicalJson(canonical),
          Object.is(fromIeee754(ieee754), -0) ? 0 : fromIeee754(ieee754),
        );
    }
  });

  it('rejects the non-canonical inputs of the RFC examples', () => {
    for (const document of vectors.documents) rejects(() => parseCanonicalJson(document.input));
  });

  it('rejects duplicate members, even with equal values', () => {
    rejects(() => parseCanonicalJson('{"a":1,"a":1}'));
    rejects(() => parseCanonicalJson('{"a":1,"a":2}'));
    rejects(() => parseCanonicalJson('{"a":{"b":1,"b":1}}'));
  });

  it('rejects lone surrogates, escaped or raw, and invalid UTF-8 bytes', () => {
    rejects(() => parseCanonicalJson('"\\ud800"'));
    rejects(() => parseCanonicalJson('"\uD800"'));
    rejects(() => parseCanonicalJson('{"\\udc00":1}'));
    rejects(() => parseCanonicalJson(Uint8Array.of(0x22, 0xff, 0x22)));
    rejects(() => parseCanonicalJson(Uint8Array.of(0xef, 0xbb, 0xbf, 0x31)));
  });

  it('rejects whitespace, unsorted members, non-canonical numbers and escapes, and trailing text', () => {
    for (const text of [
      ' 1',
      '1 ',
      '{"b":1,"a":2}',
      '[1, 2]',
      '1.0',
      '1E3',
      '-0',
      '0.1e1',
      '"\\u0041"',
      '"\\/"',
      '"\\u001F"',
      '"\\ud83d\\ude00"',
      '1e400',
      '[1]x',
      '',
      'nul',
    ]) {
      rejects(() => parseCanonicalJson(text));
    }
    assert.equal(parseCanonicalJson('"\\u001f"'), '\u001f');
    assert.equal(parseCanonicalJson('"😀"'), '😀');
  });

  it('keeps a member named __proto__ as data, not as a prototype', () => {
    const value = parseCanonicalJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects deep nesting with a typed error instead of exhausting the stack', () => {
    rejects(() => parseCanonicalJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`));
  });
});

describe('parseCanonicalJson on hostile input', () => {
  it('turns 100,000 mutated JSON texts into values that canonicalize back exactly, or a NoteError', () => {
    const corpus = [
      ...vectors.documents.map((document) => document.canonical),
      canonicalizeJson({
        v: 1,
        type: 'evidence',
        digest: `sha256:${'ab'.repeat(32)}`,
        unit: '北京互联网法院',
        time: '2026-11-21T10:00:00.000Z',
        meta: { n: [1, 2.5, -3e-7, 1e21, true, null], s: 'a"\\\u0001😀' },
      }),
      '[[[[[]]]],{},"",0,-0.5]',
    ];
    const accepted = runFuzz(
      new Mutator(6, corpus),
      FUZZ_ITERATIONS,
      (input) => {
        const value = parseCanonicalJson(input);
        const text = inputToText(input);
        if (text !== undefined) assert.equal(canonicalizeJson(value), text);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > FUZZ_ITERATIONS / 100, `only ${accepted} mutated JSON texts parsed`);
  });
});
