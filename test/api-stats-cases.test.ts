import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// GET /v1/stats over the local consortium in this process, with verifications recorded on both
// chains' nodes. Only court verifications count (issue 22): records signed by a key the consortium
// file authorises for verifications, which it can do on the evidence chain only (the court's
// service key); those the works node records carry no such signature and are entries, not court
// verifications, in the statistics.

const SHARED = '(2026)京0491民初21号';
const COURT_ONLY = '(2026)京0491民初22号';
const WORKS_ONLY = '(2026)京0491民初23号';

describe('statistics of cases across the chains of the local consortium', () => {
  let consortium: TestConsortium;

  before(async () => {
    consortium = await startTestConsortium();
    const evidence = await consortium.depositFinal('evidence');
    const works = await consortium.depositFinal('works');
    // Each record: [the node that records it, what it verifies, the case].
    const records: [string, { chain: string; index: number }, string][] = [
      ['evidence', { chain: 'works', index: works.index }, SHARED],
      ['evidence', { chain: 'evidence', index: evidence.index }, COURT_ONLY],
      ['works', { chain: 'evidence', index: evidence.index }, SHARED],
      ['works', { chain: 'works', index: works.index }, WORKS_ONLY],
    ];
    for (const [node, subject, caseNumber] of records) {
      const answer = await consortium.requestNode(node, '/v1/verifications', {
        token: consortium.apiKey,
        json: { ...subject, caseNumber },
      });
      assert.equal(answer.status, 201, answer.text);
      assert.equal(answer.json.verified, true);
      assert.match(answer.json.record.id, new RegExp(`^${node}:`));
    }
  });

  after(() => consortium?.close());

  it("counts only the court's signed verifications, and the works node's records as entries only", async () => {
    const stats = (await consortium.request('/v1/stats')).json;
    assert.deepEqual(stats.unavailable, []);
    const chainStats = (chain: string) => stats.chains.find((s: { chain: string }) => s.chain === chain);
    assert.deepEqual(
      { ...chainStats('evidence').verifications, topCases: undefined },
      {
        verifications: 2,
        verified: 2,
        failed: 0,
        crossChainVerifications: 1,
        cases: 2,
        crossChainCases: 1,
        topCases: undefined,
      },
    );
    assert.deepEqual(
      { ...chainStats('works').verifications, topCases: [] },
      {
        verifications: 0,
        verified: 0,
        failed: 0,
        crossChainVerifications: 0,
        cases: 0,
        crossChainCases: 0,
        topCases: [],
      },
    );
    assert.equal(chainStats('works').types.verification, 2, 'still entries of their type');
    assert.deepEqual(stats.totals, {
      entries: stats.chains.reduce((n: number, s: { entries: number }) => n + s.entries, 0),
      verifications: 2,
      crossChainVerifications: 1,
      cases: 2,
      crossChainCases: 1,
    });
  });

  it('lists the cases of a chain a page at a time, through either node', async () => {
    const first = await consortium.request('/v1/chains/evidence/cases?limit=1');
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.cases.length, 1);
    const second = await consortium.request(
      `/v1/chains/evidence/cases?limit=1&after=${encodeURIComponent(first.json.cases[0].caseNumber)}`,
    );
    assert.equal(second.json.cases.length, 1);
    const third = await consortium.request(
      `/v1/chains/evidence/cases?limit=1&after=${encodeURIComponent(second.json.cases[0].caseNumber)}`,
    );
    assert.deepEqual(third.json.cases, []);
    const listed = [...first.json.cases, ...second.json.cases].sort((a, b) =>
      a.caseNumber < b.caseNumber ? -1 : 1,
    );
    assert.deepEqual(listed, [
      { caseNumber: SHARED, verifications: 1, crossChainVerifications: 1 },
      { caseNumber: COURT_ONLY, verifications: 1, crossChainVerifications: 0 },
    ]);
    const fromCourt = await consortium.requestNode('evidence', '/v1/chains/evidence/cases');
    assert.deepEqual(fromCourt.json.cases.map((c: { caseNumber: string }) => c.caseNumber).sort(), [
      SHARED,
      COURT_ONLY,
    ]);
    const works = await consortium.request('/v1/chains/works/cases');
    assert.deepEqual(works.json.cases, [], `${WORKS_ONLY} is not a court verification's case`);
    for (const query of ['limit=0', 'limit=1001', 'limit=x', 'after=']) {
      const refused = await consortium.request(`/v1/chains/works/cases?${query}`);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.json.code, 'REQUEST_INVALID');
    }
    assert.equal((await consortium.request('/v1/chains/nowhere/cases')).status, 404);
  });
});
