import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../../errors/index.ts';
import { buildHammingIndex, HammingIndex } from './hamming-index.ts';
import { compareMatches, type HammingId, type HammingMatch } from './matches.ts';
import { planSubstrings, type Substring } from './substrings.ts';

// Property test against a naive reference: every answer must equal the linear scan's, ids and
// distances, for planted near-duplicates and for random codes alike.

function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function randomCode(next: () => number, bytes: number): Uint8Array {
  const code = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) code[i] = next() & 255;
  return code;
}

function flipBits(code: Uint8Array, count: number, next: () => number): Uint8Array {
  const copy = code.slice();
  const bits = code.length * 8;
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(next() % bits);
  for (const bit of chosen) copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

function naiveDistance(a: Uint8Array, b: Uint8Array): number {
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    let x = a[i]! ^ b[i]!;
    while (x !== 0) {
      distance += x & 1;
      x >>= 1;
    }
  }
  return distance;
}

class ReferenceScan {
  readonly codes = new Map<HammingId, Uint8Array>();
  distancesTo(query: Uint8Array): HammingMatch[] {
    return [...this.codes]
      .map(([id, code]) => ({ id, distance: naiveDistance(query, code) }))
      .sort(compareMatches);
  }
}

interface Corpus {
  index: HammingIndex;
  reference: ReferenceScan;
  queries: Uint8Array[];
}

// Codes at exactly `distance` from `code` whose flips are spread over the index's substrings in the
// ways the pigeonhole bound is tight: the codes a wrong substring radius would miss first.
function plantAtBoundary(
  code: Uint8Array,
  distance: number,
  substrings: Substring[],
  next: () => number,
): Uint8Array[] {
  const m = substrings.length;
  const s = Math.floor(distance / m);
  const a = distance % m;
  const layouts: number[][] = [
    substrings.map((_, t) => s + (t < a ? 1 : 0)),
    substrings.map((_, t) => s + (t >= m - a ? 1 : 0)),
  ];
  if (s >= 1 && a + 1 < m) {
    const low = a + 1 + (next() % (m - a - 1));
    layouts.push(substrings.map((_, t) => (t <= a ? s + 1 : t === low ? s - 1 : s)));
  }
  return layouts
    .filter((counts) => counts.every((count, t) => count <= substrings[t]!.length))
    .map((counts) => {
      const copy = code.slice();
      substrings.forEach((substring, t) => {
        const chosen = new Set<number>();
        while (chosen.size < counts[t]!) chosen.add(substring.start + (next() % substring.length));
        for (const bit of chosen) copy[bit >> 3]! ^= 0x80 >> (bit & 7);
      });
      return copy;
    });
}

function buildCorpus(
  bits: number,
  size: number,
  seed: number,
  boundaryRadii: number[],
  substringCount?: number,
  oneByOne = false,
): Corpus {
  const next = createRandom(seed);
  const bytes = bits / 8;
  const queries: Uint8Array[] = [];
  for (let q = 0; q < 40; q++) queries.push(randomCode(next, bytes));
  const codes: Uint8Array[] = [];
  for (let i = 0; codes.length < size; i++) {
    // Every 50th code is the centre of a cluster of planted near-duplicates that follow it.
    codes.push(
      i % 50 === 0 ? randomCode(next, bytes) : flipBits(codes[i - (i % 50)]!, next() % (bits / 4), next),
    );
  }
  for (let q = 0; q < 20; q++) queries.push(flipBits(codes[q * 50]!, next() % (bits / 8), next));
  const reference = new ReferenceScan();
  const ids: HammingId[] = codes.map((_, i) => (i % 3 === 0 ? `work-${i}` : i));
  const packed = new Uint8Array(codes.length * bytes);
  codes.forEach((code, i) => {
    packed.set(code, i * bytes);
    reference.codes.set(ids[i]!, code);
  });
  const options = substringCount === undefined ? { bits } : { bits, substringCount };
  let index: HammingIndex;
  if (oneByOne) {
    index = new HammingIndex(options);
    ids.forEach((id, i) => index.insert(id, codes[i]!));
  } else {
    index = buildHammingIndex(options, ids, packed);
  }
  // Planted after the build, against the substrings the index chose, so they also take the path
  // of codes added to a built index.
  const substrings = planSubstrings(bits, index.substringCount);
  let planted = 0;
  for (const query of queries.slice(0, 30)) {
    for (const radius of boundaryRadii) {
      for (const code of [
        ...plantAtBoundary(query, radius, substrings, next),
        ...plantAtBoundary(query, radius + 1, substrings, next),
      ]) {
        index.insert(`planted-${planted}`, code);
        reference.codes.set(`planted-${planted++}`, code);
      }
    }
  }
  assert.equal(index.substringCount, substrings.length, 'planting must not trigger a re-plan');
  return { index, reference, queries };
}

function checkAgainstReference(corpus: Corpus, radii: number[], counts: number[]): void {
  for (const query of corpus.queries) {
    const all = corpus.reference.distancesTo(query);
    for (const radius of radii) {
      assert.deepEqual(
        corpus.index.searchRadius(query, radius),
        all.filter((m) => m.distance <= radius),
        `radius ${radius}`,
      );
    }
    for (const count of counts) {
      assert.deepEqual(corpus.index.searchNearest(query, count), all.slice(0, count), `nearest ${count}`);
      assert.deepEqual(
        corpus.index.searchNearest(query, count, 31),
        all.filter((m) => m.distance <= 31).slice(0, count),
        `nearest ${count} within 31`,
      );
    }
  }
}

function deleteAndReplace(corpus: Corpus, seed: number, bits: number): void {
  const next = createRandom(seed);
  const ids = [...corpus.reference.codes.keys()];
  for (const id of ids) {
    const roll = next() % 10;
    if (roll < 7) {
      assert.equal(corpus.index.delete(id), true);
      corpus.reference.codes.delete(id);
    } else if (roll === 7) {
      const code = flipBits(corpus.reference.codes.get(id)!, 1 + (next() % 20), next);
      corpus.index.insert(id, code);
      corpus.reference.codes.set(id, code);
    }
  }
  const fresh = randomCode(next, bits / 8);
  corpus.index.insert('fresh', fresh);
  corpus.reference.codes.set('fresh', fresh);
  corpus.queries.push(flipBits(fresh, 5, next));
  assert.equal(corpus.index.size, corpus.reference.codes.size);
}

const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

describe('HammingIndex with 256-bit codes', () => {
  it('returns exactly the linear scan for radius and nearest-neighbour queries', () => {
    const radii = [0, 1, 8, 20, 31, 47, 64];
    checkAgainstReference(buildCorpus(256, 6000, 1, radii), radii, [1, 5, 25]);
  });

  it('still returns exactly the linear scan after one-by-one inserts, deletes, replacements and compaction', () => {
    const corpus = buildCorpus(256, 6000, 2, [8, 31, 40], undefined, true);
    deleteAndReplace(corpus, 3, 256);
    checkAgainstReference(corpus, [0, 8, 31, 40], [1, 10]);
    assert.equal(corpus.index.delete('no-such-id'), false);
  });

  it('is exact with substrings that straddle 32-bit words (11 substrings of 23–24 bits)', () => {
    checkAgainstReference(buildCorpus(256, 3000, 4, [0, 10, 31], 11), [0, 10, 31], [3]);
  });
});

describe('HammingIndex with 64-bit codes', () => {
  it('returns exactly the linear scan, also with 3 substrings of 21–22 bits', () => {
    const radii = [0, 2, 8, 12, 20];
    checkAgainstReference(buildCorpus(64, 6000, 5, radii), radii, [1, 7]);
    checkAgainstReference(buildCorpus(64, 3000, 6, [0, 5, 8, 16], 3), [0, 5, 8, 16], [2]);
  });

  it('accepts bigint codes and returns stored codes as bytes', () => {
    const index = new HammingIndex({ bits: 64 });
    index.insert(7, 0x0123456789abcdefn);
    index.insert('other', 0x0123456789abcdeen);
    assert.deepEqual(index.get(7), Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]));
    assert.deepEqual(index.searchRadius(0x0123456789abcdefn, 1), [
      { id: 7, distance: 0 },
      { id: 'other', distance: 1 },
    ]);
    assert.equal(index.has('other'), true);
    assert.equal(index.get('missing'), undefined);
  });
});

describe('HammingIndex input checks', () => {
  it('rejects codes of the wrong length or range with INDEX_INVALID', () => {
    const index = new HammingIndex({ bits: 256 });
    assert.throws(() => index.insert(1, new Uint8Array(31)), hasCode('INDEX_INVALID'));
    assert.throws(() => index.searchRadius(new Uint8Array(8), 3), hasCode('INDEX_INVALID'));
    assert.throws(() => index.insert(1, 1n << 256n), hasCode('INDEX_INVALID'));
    assert.throws(() => index.insert(1, -1n), hasCode('INDEX_INVALID'));
    assert.throws(() => index.insert(Number.NaN, new Uint8Array(32)), hasCode('INDEX_INVALID'));
    assert.equal(index.size, 0);
  });

  it('rejects bad radii, counts and options with INDEX_INVALID', () => {
    const index = new HammingIndex({ bits: 64 });
    assert.throws(() => index.searchRadius(0n, -1), hasCode('INDEX_INVALID'));
    assert.throws(() => index.searchRadius(0n, 1.5), hasCode('INDEX_INVALID'));
    assert.throws(() => index.searchNearest(0n, -2), hasCode('INDEX_INVALID'));
    assert.throws(() => new HammingIndex({ bits: 60 }), hasCode('INDEX_INVALID'));
    assert.throws(() => new HammingIndex({ bits: 64, substringCount: 2 }), hasCode('INDEX_INVALID'));
    assert.throws(
      () => buildHammingIndex({ bits: 64 }, [1, 2], new Uint8Array(15)),
      hasCode('INDEX_INVALID'),
    );
  });
});
