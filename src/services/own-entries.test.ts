import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeChainEntries, type ChainEntriesPage, type OwnEntry } from './own-entries.ts';
import { formatOwnEntriesCursor, parseOwnEntriesCursor } from './own-entries-cursor.ts';
import { ServiceError } from './errors.ts';

function entry(chain: string, index: number, second: number): OwnEntry {
  return {
    chain,
    index,
    id: `${chain}:${index}`,
    type: 'evidence',
    digest: `sha256:${'0'.repeat(64)}`,
    time: `2026-05-06T07:08:${String(second).padStart(2, '0')}.000Z`,
    principal: 'alice',
    key: null,
  };
}

/** A chain's whole history, newest first, and its page below `start` of at most `limit`. */
function readPage(chain: string, all: OwnEntry[], start: number | null, limit: number): ChainEntriesPage {
  const below = all.filter((e) => start === null || e.index < start);
  return { chain, entries: below.slice(0, limit), more: below.length > limit, start };
}

describe('mergeChainEntries', () => {
  it('pages through several chains newest first, listing every entry exactly once', () => {
    const chains: Record<string, OwnEntry[]> = {
      evidence: [9, 7, 4, 3, 1].map((index, i) => entry('evidence', index, 50 - i * 7)),
      works: [5, 2, 0].map((index, i) => entry('works', index, 48 - i * 11)),
      court: [],
    };
    for (const limit of [1, 2, 3, 8, 20]) {
      const seen: OwnEntry[] = [];
      let cursor: Map<string, number> | null = null;
      for (let round = 0; round < 20; round++) {
        const pages: ChainEntriesPage[] = Object.entries(chains)
          .filter(([chain]) => cursor === null || cursor.has(chain))
          .map(([chain, all]) => readPage(chain, all, cursor?.get(chain) ?? null, limit));
        const merged = mergeChainEntries(pages, limit);
        assert.ok(merged.entries.length <= limit);
        seen.push(...merged.entries);
        const text = formatOwnEntriesCursor(merged.positions);
        if (text === null) break;
        cursor = new Map(parseOwnEntriesCursor(text));
      }
      const expected = Object.values(chains)
        .flat()
        .sort((a, b) => (a.time < b.time ? 1 : -1));
      assert.deepEqual(
        seen.map((e) => e.id),
        expected.map((e) => e.id),
        `limit ${limit}`,
      );
    }
  });

  it('keeps a chain at its start when none of its entries made the page', () => {
    const merged = mergeChainEntries(
      [
        { chain: 'evidence', entries: [entry('evidence', 4, 59)], more: true, start: null },
        { chain: 'works', entries: [entry('works', 8, 10)], more: false, start: 12 },
      ],
      1,
    );
    assert.deepEqual(
      merged.entries.map((e) => e.id),
      ['evidence:4'],
    );
    assert.deepEqual(
      [...merged.positions],
      [
        ['evidence', 4],
        ['works', 12],
      ],
    );
  });
});

describe('parseOwnEntriesCursor', () => {
  it('reads back what formatOwnEntriesCursor wrote', () => {
    const cursor = new Map([
      ['works', 0],
      ['evidence', 9_007_199_254_740_991],
    ]);
    assert.deepEqual(parseOwnEntriesCursor(formatOwnEntriesCursor(cursor)!), cursor);
    assert.equal(formatOwnEntriesCursor(new Map()), null);
  });

  for (const hostile of [
    '',
    'evidence',
    'evidence:-1',
    'evidence:01',
    'evidence:99999999999999999',
    'evidence:1,evidence:2',
    'Evidence:1',
    'evidence:1\u0000',
    'evidence:1,',
    Array.from({ length: 17 }, (_, i) => `c${i}:1`).join(','),
  ]) {
    it(`refuses ${JSON.stringify(hostile).slice(0, 40)} as REQUEST_INVALID`, () => {
      assert.throws(
        () => parseOwnEntriesCursor(hostile),
        (error: unknown) =>
          error instanceof ServiceError &&
          error.code === 'REQUEST_INVALID' &&
          (error.details as { field?: string }).field === 'cursor',
      );
    });
  }
});
