import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentEntries } from './recent-entries.ts';
import type { StoredEntry } from './storage.ts';

function makeRows(start: number, count: number): StoredEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    leafIndex: start + i,
    entry: new Uint8Array([start + i]),
    leafHash: new Uint8Array(32),
    unit: 'u',
    idempotencyKey: null,
    receipt: `receipt ${start + i}`,
  }));
}

function indexesOf(rows: StoredEntry[] | null): number[] | null {
  return rows === null ? null : rows.map((row) => row.leafIndex);
}

describe('RecentEntries', () => {
  it('holds one contiguous run and answers only ranges wholly inside it', () => {
    const recent = new RecentEntries(100);
    assert.equal(recent.read(0, 1), null);
    recent.add(makeRows(10, 5));
    assert.equal(recent.end, 15);
    assert.deepEqual(indexesOf(recent.read(10, 15)), [10, 11, 12, 13, 14]);
    assert.deepEqual(indexesOf(recent.read(12, 13)), [12]);
    assert.equal(recent.read(9, 12), null);
    assert.equal(recent.read(14, 16), null);
    assert.equal(recent.read(12, 12), null);
    recent.add(makeRows(15, 3));
    assert.deepEqual(indexesOf(recent.read(13, 18)), [13, 14, 15, 16, 17]);
  });

  it('starts a new run at a gap, so it never answers across rows it did not see committed', () => {
    const recent = new RecentEntries(100);
    recent.add(makeRows(0, 4));
    recent.add(makeRows(7, 2));
    assert.equal(recent.read(0, 4), null);
    assert.equal(recent.read(3, 8), null);
    assert.deepEqual(indexesOf(recent.read(7, 9)), [7, 8]);
    recent.clear();
    assert.equal(recent.read(7, 9), null);
    assert.equal(recent.end, 9);
  });

  it('keeps only the newest `capacity` rows, in agreement with a plain list', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const capacity = 37;
    const recent = new RecentEntries(capacity);
    let all: StoredEntry[] = [];
    let next = 0;
    for (let round = 0; round < 2_000; round++) {
      const count = 1 + random(50);
      const rows = makeRows(next, count);
      recent.add(rows);
      all = [...all, ...rows].slice(-capacity);
      next += count;
      const start = next - 1 - random(60);
      const end = start + 1 + random(40);
      const held = start >= all[0]!.leafIndex && end <= next && start >= 0;
      const expected = held ? all.slice(start - all[0]!.leafIndex, end - all[0]!.leafIndex) : null;
      assert.deepEqual(indexesOf(recent.read(start, end)), indexesOf(expected), `round ${round}`);
    }
  });
});
