import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { xxh32 } from './xxh32.ts';

interface XxhVector {
  length?: number;
  utf8?: string;
  xxh32: string;
}

const { vectors } = JSON.parse(
  readFileSync(new URL('./testdata/xxh32-vectors.json', import.meta.url), 'utf8'),
) as {
  vectors: XxhVector[];
};

function patternBytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + 7) % 256);
}

describe('xxh32', () => {
  it('matches xxhsum for every vector (all tail lengths, 16-byte stripes, UTF-8 text)', () => {
    assert.equal(vectors.length, 52);
    for (const vector of vectors) {
      const bytes =
        vector.utf8 === undefined ? patternBytes(vector.length!) : new TextEncoder().encode(vector.utf8);
      assert.equal(xxh32(bytes).toString(16).padStart(8, '0'), vector.xxh32, JSON.stringify(vector));
    }
  });

  it('hashes a byte range in place as if it were its own array', () => {
    const bytes = patternBytes(1000);
    for (const [start, end] of [
      [0, 0],
      [3, 19],
      [17, 1000],
      [500, 503],
    ] as const) {
      assert.equal(xxh32(bytes, start, end), xxh32(bytes.slice(start, end)));
    }
  });

  it('returns an unsigned 32-bit integer', () => {
    const value = xxh32(new TextEncoder().encode('Nobody inspects the spammish repetition'));
    assert.equal(value, 0xe2293b2f);
    assert.ok(value > 0x7fffffff);
  });
});
