import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaseSummary } from '../consortium/index.ts';
import { isSealchainError } from '../errors/index.ts';
import { countCaseUnion, readAllCases, type ReadCasePage } from './case-totals.ts';

function summary(caseNumber: string, verifications = 1, crossChainVerifications = 0): CaseSummary {
  return { caseNumber, verifications, crossChainVerifications };
}

/** Pages over `cases` as ChainIndexStorage.listCases gives them, recording each request. */
function pagesOf(cases: readonly CaseSummary[], requests: (string | null)[] = []): ReadCasePage {
  return async (after, limit) => {
    requests.push(after);
    const start = after === null ? 0 : cases.findIndex((c) => c.caseNumber === after) + 1;
    return cases.slice(start, start + limit);
  };
}

describe('readAllCases', () => {
  it('reads page after page until a short page, each from the last case number', async () => {
    const cases = ['a', 'b', 'c', 'd', 'e'].map((n) => summary(n));
    const requests: (string | null)[] = [];
    assert.deepEqual(await readAllCases('works', pagesOf(cases, requests), 100, 2), cases);
    assert.deepEqual(requests, [null, 'b', 'd']);
    const even: (string | null)[] = [];
    assert.deepEqual(
      await readAllCases('works', pagesOf(cases.slice(0, 4), even), 100, 2),
      cases.slice(0, 4),
    );
    assert.deepEqual(even, [null, 'b', 'd'], 'a full last page is followed by an empty one');
    assert.deepEqual(await readAllCases('works', pagesOf([]), 100, 2), []);
  });

  it('refuses a listing that repeats a case (pages that do not follow each other)', async () => {
    const stuck: ReadCasePage = async () => [summary('a'), summary('b')];
    await assert.rejects(
      readAllCases('works', stuck, 100, 2),
      (error: unknown) =>
        isSealchainError(error) &&
        error.code === 'INTERNAL_ERROR' &&
        /the cases of chain works list a twice/.test(error.message),
    );
  });

  it('stops reading a listing longer than the cases expected', async () => {
    let pages = 0;
    const endless: ReadCasePage = async (_after, limit) => {
      pages++;
      return Array.from({ length: limit }, (_, i) => summary(`case-${pages}-${i}`));
    };
    await assert.rejects(
      readAllCases('works', endless, 5, 2),
      (error: unknown) => isSealchainError(error) && /more than the 5 cases expected/.test(error.message),
    );
    assert.equal(pages, 3);
  });
});

describe('countCaseUnion', () => {
  it('counts a case on several chains once, cross-chain when it is so on any of them', () => {
    const evidence = [summary('(2026)京0491民初1号', 2, 1), summary('only-evidence', 1, 0)];
    const works = [
      summary('(2026)京0491民初1号', 1, 0),
      summary('only-works', 3, 3),
      summary('both-own', 1, 0),
    ];
    const third = [summary('both-own', 2, 0)];
    assert.deepEqual(countCaseUnion([evidence, works, third]), { cases: 4, crossChainCases: 2 });
    assert.deepEqual(countCaseUnion([evidence]), { cases: 2, crossChainCases: 1 });
    assert.deepEqual(countCaseUnion([]), { cases: 0, crossChainCases: 0 });
  });
});
