import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tallyQuorum } from '../verify/index.ts';
import { FinalityHealth, STALL_REPEAT_MS, type FinalityEvent } from './finality-health.ts';

const WITNESSES = ['court', 'copyright-center', 'notary'];

function track(): { health: FinalityHealth; events: FinalityEvent[] } {
  const events: FinalityEvent[] = [];
  return { health: new FinalityHealth(WITNESSES, (event) => events.push(event)), events };
}

const CHAIN = { sequencer: { name: 'court' }, witnesses: WITNESSES.map((name) => ({ name })), quorum: 1 };
const pending = (pendingSince: number | undefined, cosigners: string[] = ['court']) => ({
  treeSize: 12,
  finalTreeSize: 9,
  pendingSince,
  cosigners,
  tally: tallyQuorum(CHAIN, cosigners),
  maxMergeDelayMs: 10_000,
});

describe('FinalityHealth', () => {
  it('reports a witness failing once per run of failures, and its recovery with the time it took', () => {
    const { health, events } = track();
    const unreachable = {
      witness: 'notary',
      kind: 'unreachable',
      attempts: 2,
      reason: 'connect ECONNREFUSED',
    } as const;
    health.noteOutcome(unreachable, 1_000);
    health.noteOutcome(unreachable, 2_000);
    health.noteOutcome({ ...unreachable, kind: 'refused', reason: 'HTTP 403' }, 3_000);
    assert.deepEqual(events, [
      { kind: 'witness-failing', witness: 'notary', outcome: 'unreachable', reason: 'connect ECONNREFUSED' },
    ]);
    const notary = health.list().find((h) => h.witness === 'notary')!;
    assert.equal(notary.state, 'failing');
    assert.equal(notary.failingSince, 1_000, 'the first failure of the run');
    assert.equal(notary.reason, 'HTTP 403', 'the latest reason');
    health.noteStored('notary', 12, 6_000);
    assert.deepEqual(events.at(-1), { kind: 'witness-recovered', witness: 'notary', failedForMs: 5_000 });
    assert.deepEqual(
      health.list().find((h) => h.witness === 'notary'),
      {
        witness: 'notary',
        state: 'ok',
        lastOutcome: 'cosigned',
        lastCosignedSize: 12,
        lastCosignedAt: 6_000,
      },
    );
  });

  it('does not count a cosignature until it is stored', () => {
    const { health, events } = track();
    health.noteOutcome({ witness: 'court', kind: 'cosigned', attempts: 1 }, 1_000);
    assert.equal(health.list().find((h) => h.witness === 'court')!.state, 'unknown');
    assert.deepEqual(events, []);
  });

  it('says finality stalled once the oldest pending checkpoint outlives the merge delay, with what is missing', () => {
    const { health, events } = track();
    health.noteOutcome({ witness: 'notary', kind: 'unreachable', attempts: 2, reason: 'timeout' }, 0);
    events.length = 0;
    health.check(pending(0), 10_000);
    assert.deepEqual(events, [], 'within the merge delay');
    health.check(pending(0), 10_001);
    assert.deepEqual(events, [
      {
        kind: 'stalled',
        treeSize: 12,
        finalTreeSize: 9,
        pendingForMs: 10_001,
        reason:
          "checkpoint 12 is cosigned by 0 of 2 independent witnesses, but the quorum is 1; the sequencer's own witness (court) does not count; failing: notary (unreachable: timeout); no answer yet from copyright-center",
      },
    ]);
    health.check(pending(0), 10_001 + STALL_REPEAT_MS - 1);
    assert.equal(events.length, 1, 'not repeated within a minute');
    health.check(pending(0), 10_001 + STALL_REPEAT_MS);
    assert.equal(events.length, 2, 'repeated after a minute');
    health.check(pending(undefined), 80_000);
    assert.deepEqual(events.at(-1), { kind: 'resumed', finalTreeSize: 9, stalledForMs: 80_000 - 10_001 });
    health.check(pending(undefined), 90_000);
    assert.equal(events.length, 3, 'resumed once');
  });
});
