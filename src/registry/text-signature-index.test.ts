import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToBase64 } from '../crypto/index.ts';
import { computeTextSignature, type TextSignature } from '../fingerprint/index.ts';
import { INDEXED_BINS, TextSignatureIndex } from './text-signature-index.ts';

function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>>= 0);
  };
}

function makeSignature(bins: Uint16Array, shingleCount: number): TextSignature {
  const bytes = new Uint8Array(512);
  bins.forEach((value, i) => {
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 255;
  });
  return { version: 1, shingleCount, minHash: bytesToBase64(bytes) };
}

function randomBins(next: () => number): Uint16Array {
  return Uint16Array.from({ length: 256 }, () => next() & 0xffff);
}

// The reference: count equal indexed bins of every stored signature.
function countHits(a: Uint16Array, b: Uint16Array): number {
  let hits = 0;
  for (let t = 0; t < INDEXED_BINS; t++) if (a[t] === b[t]) hits++;
  return hits;
}

describe('TextSignatureIndex', () => {
  it('finds exactly the texts a full scan finds, through rebuilds and deletions', () => {
    const next = createRandom(7);
    const index = new TextSignatureIndex();
    const stored = new Map<number, Uint16Array>();
    const centre = randomBins(next);
    for (let id = 1; id <= 10_000; id++) {
      const bins =
        id % 100 === 0 ? centre.map((v) => (next() % 3 === 0 ? next() & 0xffff : v)) : randomBins(next);
      stored.set(id, bins);
      assert.equal(index.add(id, makeSignature(bins, 1000)), true);
    }
    for (let id = 200; id <= 10_000; id += 400) {
      index.delete(id);
      stored.delete(id);
    }
    const query = makeSignature(centre, 1000);
    const found = index.search(query, 0, 10_000);
    const expected = [...stored].filter(([, bins]) => countHits(bins, centre) > 0).map(([id]) => id);
    assert.deepEqual(
      found.map((c) => c.id).sort((a, b) => a - b),
      expected.sort((a, b) => a - b),
    );
    for (const candidate of found) assert.equal(candidate.hits, countHits(stored.get(candidate.id)!, centre));
    const near = index.search(query, 0.3, 10_000).map((c) => c.id);
    assert.ok(near.length >= 40 && near.every((id) => id % 100 === 0), `${near.length} near copies`);
  });

  it('ranks a real rewrite above unrelated texts and ignores a malformed signature', () => {
    const index = new TextSignatureIndex();
    const original = '春天来了，河边的柳树发了芽，孩子们在田野里放风筝。'.repeat(20);
    index.add(1, computeTextSignature(original));
    index.add(2, computeTextSignature('Bread dough rises slowly in a cool kitchen overnight. '.repeat(20)));
    assert.equal(index.add(3, { version: 1, shingleCount: 5, minHash: 'not base64!' }), false);
    const rewrite = computeTextSignature(original.replaceAll('孩子们', '小朋友们'));
    assert.deepEqual(
      index.search(rewrite, 0.18, 10).map((c) => c.id),
      [1],
    );
  });
});
