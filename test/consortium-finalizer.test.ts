import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Finalizer,
  type CosignedTreeHead,
  type FinalityEvent,
  type ForkReport,
  type SignedCheckpoint,
} from '../src/consortium/index.ts';
import { MemoryFinalityStorage } from '../src/consortium/test-support/memory-finality-storage.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import { tallyQuorum } from '../src/verify/index.ts';
import {
  cosignersOf,
  createConsortium,
  NAMES,
  openFinalizer,
  OPTIONS,
  waitUntil,
  type Consortium,
} from './support/finality-consortium.ts';

// The sequencer side of finality against three in-process witnesses (the tlog-witness HTTP
// sub-app answering through app.request): lanes per witness, quorum 2 of 3, witnesses down and
// back, a forked log reported once, a restart that keeps what was stored, and quorum 0.

describe('Finalizer', () => {
  it('makes each checkpoint final with every witness up, and stores the cosigned note', async () => {
    const consortium = createConsortium();
    const storage = new MemoryFinalityStorage();
    const finals: CosignedTreeHead[] = [];
    consortium.log.append(5);
    const finalizer = await openFinalizer(consortium, storage, { finals });
    try {
      const first = await finalizer.waitForFinal(5, 3_000);
      assert.equal(first?.treeSize, 5);
      consortium.log.append(7);
      const second = await finalizer.waitForFinal(12, 3_000);
      assert.equal(second?.treeSize, 12);
      await waitUntil(() => finalizer.latestHead?.cosigners.length === 3);
      const head = finalizer.latestHead!;
      assert.deepEqual(cosignersOf(consortium, head.note, 3), ['copyright-center', 'court', 'notary']);
      await waitUntil(() => finals.length === 2);
      const stored = await storage.readCosignedCheckpoint(consortium.log.origin, 12);
      assert.equal(stored?.final, true);
      assert.equal(stored?.cosigners.length, 3);
      assert.deepEqual(
        await storage.readWitnessSizes(consortium.log.origin),
        new Map(NAMES.map((n) => [n, 12])),
      );
    } finally {
      await finalizer.close();
    }
  });

  it('witnesses a checkpoint the ledger announces without waiting for a poll, and stops listening when closed', async () => {
    const consortium = createConsortium();
    const { log } = consortium;
    const listeners = new Set<(checkpoint: SignedCheckpoint) => void>();
    let reads = 0;
    log.append(3);
    const finalizer = await Finalizer.open({
      chain: consortium.chain,
      storage: new MemoryFinalityStorage(),
      readCheckpoint: async () => {
        reads++;
        return { treeSize: log.size, rootHash: log.rootAt(log.size), note: log.signCheckpoint() };
      },
      watchCheckpoints: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      proveConsistency: async (size1, size2) => log.proveConsistency(size1, size2),
      postAddCheckpoint: consortium.post,
      // Polls an hour apart: only the announcement can bring the new checkpoint in time.
      options: { ...OPTIONS, checkpointPollMs: 3_600_000, watchedPollMs: 3_600_000 },
    });
    finalizer.start();
    try {
      assert.equal((await finalizer.waitForFinal(3, 3_000))?.treeSize, 3);
      log.append(4);
      assert.equal(await finalizer.waitForFinal(7, 300), null, 'not announced, not polled: not seen');
      for (const listener of listeners) {
        listener({ treeSize: log.size, rootHash: log.rootAt(log.size), note: log.signCheckpoint() });
      }
      assert.equal((await finalizer.waitForFinal(7, 3_000))?.treeSize, 7);
      assert.equal(reads, 1, 'storage read once, at open');
    } finally {
      await finalizer.close();
    }
    assert.equal(listeners.size, 0);
  });

  it('is final at 1 of its 2 independent witnesses while the notary is down', async () => {
    const consortium = createConsortium();
    consortium.down.add('notary');
    consortium.log.append(3);
    const finalizer = await openFinalizer(consortium);
    try {
      const head = await finalizer.waitForFinal(3, 3_000);
      assert.ok(head !== null);
      assert.deepEqual(cosignersOf(consortium, head.note, 2), ['copyright-center', 'court']);
      assert.equal(head.final, true);
      assert.deepEqual(tallyQuorum(consortium.chain, head.cosigners).counted, ['copyright-center']);
    } finally {
      await finalizer.close();
    }
  });

  it("stays not final on the court's own cosignature with both independent witnesses down, and is final once one returns", async () => {
    const consortium = createConsortium();
    consortium.down.add('notary').add('copyright-center');
    consortium.log.append(4);
    const finalizer = await openFinalizer(consortium);
    try {
      assert.equal(await finalizer.waitForFinal(4, 300), null);
      assert.deepEqual(finalizer.latestHead?.cosigners, ['court']);
      assert.equal(finalizer.latestFinal, null);
      consortium.down.delete('notary');
      const head = await finalizer.waitForFinal(4, 3_000);
      assert.deepEqual(cosignersOf(consortium, head!.note, 2), ['court', 'notary']);
    } finally {
      await finalizer.close();
    }
  });

  it('reports a witness that holds evidence of a fork, once, and stores the report', async () => {
    const consortium = createConsortium();
    consortium.log.append(6);
    const storage = new MemoryFinalityStorage();
    const reports: ForkReport[] = [];
    const finalizer = await openFinalizer(consortium, storage, { reports });
    await finalizer.waitForFinal(6, 3_000);
    await waitUntil(() => finalizer.latestHead?.cosigners.length === 3);
    await finalizer.close();
    // The sequencer rewrites history: another tree of size 6 under the same key.
    const forked = createConsortium(2, new TestLog(consortium.log.origin, 'sha256', consortium.log.signer));
    forked.log.append(6, 'rewritten');
    const rewriting = await openFinalizer({ ...consortium, log: forked.log }, storage, { reports });
    try {
      await waitUntil(() => reports.length === 3);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(reports.length, 3, 'one report per witness, not one per retry');
      assert.deepEqual(reports.map((r) => r.witness).sort(), ['copyright-center', 'court', 'notary']);
      assert.ok(reports.every((r) => r.code === 'WITNESS_FORK_DETECTED' && r.treeSize === 6));
      assert.deepEqual(await storage.listForkReports(consortium.log.origin), reports);
      assert.equal(rewriting.latestHead?.cosigners.length, 0);
      for (const witness of consortium.witnesses) {
        assert.deepEqual(
          (await witness.listAlarms()).map((a) => a.kind),
          ['fork'],
        );
      }
    } finally {
      await rewriting.close();
    }
  });

  it('keeps the final checkpoint and the witnesses’ sizes across a restart', async () => {
    const consortium = createConsortium();
    consortium.log.append(8);
    const storage = new MemoryFinalityStorage();
    const first = await openFinalizer(consortium, storage);
    await first.waitForFinal(8, 3_000);
    await waitUntil(() => first.latestHead?.cosigners.length === 3);
    await first.close();
    const sent: string[] = [];
    const counting: Consortium = {
      ...consortium,
      post: (url, body, signal) => {
        const lines = body.split('\n');
        sent.push(`${lines[0]} → ${lines.find((line) => /^\d+$/.test(line))}`);
        return consortium.post(url, body, signal);
      },
    };
    const second = await openFinalizer(counting, storage);
    try {
      assert.equal(second.latestFinal?.treeSize, 8);
      assert.equal(second.latestHead?.cosigners.length, 3);
      consortium.log.append(2);
      await second.waitForFinal(10, 3_000);
      await waitUntil(() => second.latestHead?.cosigners.length === 3);
      // Each witness is asked once at start for the checkpoint it cosigned (is it there, and does
      // it hold a larger tree?), then once for the new one, always from the size it holds.
      assert.deepEqual(
        sent.sort(),
        ['old 8 → 10', 'old 8 → 10', 'old 8 → 10', 'old 8 → 8', 'old 8 → 8', 'old 8 → 8'],
        'no witness is asked from a forgotten size',
      );
    } finally {
      await second.close();
    }
  });

  it('announces finality only once the cosigned note is stored', async () => {
    const consortium = createConsortium();
    const storage = new MemoryFinalityStorage();
    let failing = true;
    storage.beforeWrite = () => {
      if (failing) throw new Error('disk full');
    };
    consortium.log.append(2);
    const finalizer = await openFinalizer(consortium, storage);
    try {
      assert.equal(await finalizer.waitForFinal(2, 200), null);
      failing = false;
      assert.equal((await finalizer.waitForFinal(2, 3_000))?.treeSize, 2);
      assert.equal((await storage.readLatestFinalCheckpoint(consortium.log.origin))?.treeSize, 2);
    } finally {
      await finalizer.close();
    }
  });

  it('says once why finality stalls (which witnesses fail and why) and when it resumes', async () => {
    const consortium = createConsortium();
    consortium.chain = { ...consortium.chain, maxMergeDelayMs: 50 };
    consortium.down.add('notary').add('copyright-center');
    consortium.log.append(4);
    const events: FinalityEvent[] = [];
    const finalizer = await openFinalizer(consortium, new MemoryFinalityStorage(), {
      events,
      options: { watchedPollMs: 10 },
    });
    try {
      await waitUntil(() => events.some((event) => event.kind === 'stalled'));
      const failing = events.filter((event) => event.kind === 'witness-failing');
      assert.deepEqual(failing.map((event) => event.witness).sort(), ['copyright-center', 'notary']);
      assert.ok(
        failing.every((event) => event.outcome === 'unreachable' && /connection refused/.test(event.reason)),
      );
      const stalled = events.find((event) => event.kind === 'stalled')!;
      assert.match(
        stalled.kind === 'stalled' ? stalled.reason : '',
        /^checkpoint 4 is cosigned by 0 of 2 independent witnesses, but the quorum is 1; the sequencer's own witness \(court\) does not count; failing: (copyright-center|notary) \(unreachable: .*connection refused.*\); (copyright-center|notary) \(unreachable/,
      );
      const health = finalizer.describeHealth();
      assert.ok(health.finalityLagMs > 50);
      assert.deepEqual(
        health.witnesses.map((witness) => [witness.witness, witness.state]),
        [
          ['court', 'ok'],
          ['copyright-center', 'failing'],
          ['notary', 'failing'],
        ],
      );
      consortium.down.delete('notary');
      await finalizer.waitForFinal(4, 3_000);
      await waitUntil(() => events.some((event) => event.kind === 'resumed'));
      assert.ok(events.some((event) => event.kind === 'witness-recovered' && event.witness === 'notary'));
      assert.equal(
        events.filter((event) => event.kind === 'witness-failing').length,
        2,
        'one event per witness, not per retry',
      );
      assert.equal(finalizer.describeHealth().finalityLagMs, 0);
    } finally {
      await finalizer.close();
    }
  });

  it('with quorum 0 and no witnesses, makes every checkpoint final at once and stores nothing', async () => {
    const consortium = createConsortium(0);
    const storage = new MemoryFinalityStorage();
    consortium.log.append(1);
    const finalizer = await openFinalizer(
      { ...consortium, chain: { ...consortium.chain, witnesses: [] } },
      storage,
    );
    try {
      assert.equal(finalizer.latestFinal?.treeSize, 1);
      consortium.log.append(1);
      assert.equal((await finalizer.waitForFinal(2, 1_000))?.note, consortium.log.signCheckpoint(2));
      assert.equal(await storage.readLatestCosignedCheckpoint(consortium.log.origin), null);
    } finally {
      await finalizer.close();
    }
  });
});
