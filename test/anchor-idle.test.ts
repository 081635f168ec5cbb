import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// Issue 22 point 11: idle chains anchored each other every interval forever, each chain's anchor
// giving the other a new checkpoint to anchor. On a started local consortium (anchors looked at
// every 300 ms), the anchor entries stop growing once the chains are idle, and a deposit on one
// chain brings exactly one anchor on the other.

const INTERVAL_MS = 300;

describe('anchoring on an idle local consortium', () => {
  let consortium: TestConsortium;

  before(async () => {
    consortium = await startTestConsortium({ consortium: { anchorIntervalMs: INTERVAL_MS } });
  });
  after(async () => {
    await consortium?.close();
  });

  async function countAnchors(): Promise<{ evidence: number; works: number }> {
    const counts = { evidence: 0, works: 0 };
    for (const chain of ['evidence', 'works'] as const) {
      const stats = await consortium.request(`/v1/chains/${chain}/stats`);
      assert.equal(stats.status, 200, stats.text);
      counts[chain] = stats.json.types?.anchor ?? 0;
    }
    return counts;
  }

  /** The anchor counts once they held still for `rounds` intervals (at most 30 s). */
  async function settle(rounds: number): Promise<{ evidence: number; works: number }> {
    const deadline = Date.now() + 30_000;
    let last = await countAnchors();
    let still = 0;
    while (still < rounds) {
      assert.ok(Date.now() < deadline, `the anchors never settled: ${JSON.stringify(last)}`);
      await sleep(INTERVAL_MS);
      const now = await countAnchors();
      still = now.evidence === last.evidence && now.works === last.works ? still + 1 : 0;
      last = now;
    }
    return last;
  }

  it('anchors each deposit on the other chain, then stays still while idle', async () => {
    const evidence = await consortium.depositFinal('evidence');
    const works = await consortium.depositFinal('works');
    for (const [chain, index] of [
      ['evidence', evidence.index],
      ['works', works.index],
    ] as const) {
      const anchored = await consortium.request(
        `/v1/chains/${chain}/entries/${index}/bundle?wait=anchored&timeoutMs=20000`,
      );
      assert.equal(anchored.status, 200, anchored.text);
      assert.equal(anchored.json.anchors.length, 1);
    }
    const settled = await settle(5);
    assert.ok(settled.evidence >= 1 && settled.works >= 1, JSON.stringify(settled));
    // Twenty intervals idle: not one anchor more (before the fix, one per chain per interval).
    await sleep(20 * INTERVAL_MS);
    assert.deepEqual(await countAnchors(), settled);

    // A deposit on the evidence chain: the works chain anchors it once, and the evidence chain
    // does not anchor the works chain's checkpoint that grew only by that anchor.
    const deposit = await consortium.depositFinal('evidence');
    const bundle = await consortium.request(
      `/v1/chains/evidence/entries/${deposit.index}/bundle?wait=anchored&timeoutMs=20000`,
    );
    assert.equal(bundle.status, 200, bundle.text);
    assert.deepEqual(await settle(10), { evidence: settled.evidence, works: settled.works + 1 });
    // The anchorer read the other chain's entries without a failure (a 503 while a node starts is not one).
    assert.deepEqual(
      consortium.loggedErrors.filter((line) => line.includes('without entry')),
      [],
    );
  });
});
