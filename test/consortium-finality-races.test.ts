import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finalizer } from '../src/consortium/index.ts';
import { MemoryFinalityStorage } from '../src/consortium/test-support/memory-finality-storage.ts';
import { cosignersOf, createConsortium, NAMES, openFinalizer } from './support/finality-consortium.ts';
import { HeldOperations, holdStorageWrites, holdWitnessAnswers } from './support/held-operations.ts';
import { createRandom } from './support/mutator.ts';

// Finality under controlled interleavings: the test holds each witness's answer and each storage
// write, and releases them in the order that used to lose cosignatures (a cosignature arriving
// while the previous one was being written), with a witness down, and with the sequencer stopped
// between a witness's answer and the write.

const SLOW = { witnessTimeoutMs: 60_000 };
const SETTLE_MS = 5_000;

function setUp(down: readonly string[] = []) {
  const consortium = createConsortium();
  for (const name of down) consortium.down.add(name);
  const held = new HeldOperations();
  const storage = new MemoryFinalityStorage();
  const gated = { ...consortium, post: holdWitnessAnswers(consortium.post, NAMES, held) };
  const open = () => openFinalizer(gated, holdStorageWrites(storage, held), { options: SLOW });
  return { consortium, held, storage, open };
}

async function closeReleasing(finalizer: Finalizer, held: HeldOperations): Promise<void> {
  held.releaseAll();
  await finalizer.close();
}

describe('Finalizer under controlled interleavings', () => {
  it('stores and counts a cosignature that arrives while the previous one is being written', async () => {
    const { consortium, held, storage, open } = setUp();
    held.holding.add('*');
    consortium.log.append(4);
    const finalizer = await open();
    try {
      (await held.waitFor('witness court')).release();
      const firstWrite = await held.waitFor('write');
      // While court's cosignature is being written, the other two witnesses answer.
      (await held.waitFor('witness copyright-center')).release();
      (await held.waitFor('witness notary')).release();
      await held.settle();
      firstWrite.release();
      held.releaseAll();
      const head = await finalizer.waitForFinal(4, SETTLE_MS);
      assert.equal(
        head?.treeSize,
        4,
        "final although the first independent cosignature came during the write of the court's own",
      );
      const stored = await storage.readCosignedCheckpoint(consortium.log.origin, 4);
      assert.equal(stored?.final, true, 'final in storage');
      assert.deepEqual(cosignersOf(consortium, stored!.note, 3), [...NAMES].sort(), 'all three stored');
      assert.deepEqual([...stored!.cosigners].sort(), [...NAMES].sort());
    } finally {
      await closeReleasing(finalizer, held);
    }
  });

  it('is final at 1 of 2 independent witnesses with the notary down when both answers land during one write', async () => {
    const { consortium, held, storage, open } = setUp(['notary']);
    held.holding.add('witness court').add('witness copyright-center').add('write');
    consortium.log.append(10);
    const finalizer = await open();
    try {
      (await held.waitFor('witness court')).release();
      const write = await held.waitFor('write');
      (await held.waitFor('witness copyright-center')).release();
      await held.settle();
      write.release();
      held.releaseAll();
      assert.equal((await finalizer.waitForFinal(10, SETTLE_MS))?.treeSize, 10);
      const stored = await storage.readLatestFinalCheckpoint(consortium.log.origin);
      assert.equal(stored?.treeSize, 10);
      assert.deepEqual([...stored!.cosigners].sort(), ['copyright-center', 'court']);
      // Quiet afterwards: no new entry, and it stays final in storage and in the chain view.
      assert.equal(finalizer.latestFinal?.treeSize, 10);
      assert.deepEqual([...finalizer.latestHead!.cosigners].sort(), ['copyright-center', 'court']);
    } finally {
      await closeReleasing(finalizer, held);
    }
  });

  it('shows only stored cosigners in the latest head while a write is in progress', async () => {
    const { consortium, held, open } = setUp();
    held.holding.add('write');
    consortium.log.append(3);
    const finalizer = await open();
    try {
      await held.waitFor('write');
      assert.deepEqual(finalizer.latestHead?.cosigners ?? [], [], 'nothing stored yet, nothing shown');
      assert.equal(finalizer.latestFinal, null);
    } finally {
      await closeReleasing(finalizer, held);
    }
  });

  it('after a stop between the witnesses’ answers and the write, a restart makes the checkpoint final', async () => {
    const { consortium, held, storage, open } = setUp();
    held.holding.add('write');
    consortium.log.append(6);
    const first = await open();
    await held.waitFor('write');
    held.crash(new Error('the sequencer stopped before the write committed'));
    await first.close();
    held.recover();
    assert.equal(await storage.readLatestFinalCheckpoint(consortium.log.origin), null, 'nothing was stored');
    const second = await open();
    try {
      assert.equal((await second.waitForFinal(6, SETTLE_MS))?.treeSize, 6);
      assert.equal((await storage.readLatestFinalCheckpoint(consortium.log.origin))?.treeSize, 6);
    } finally {
      await closeReleasing(second, held);
    }
  });
});

/**
 * One random schedule: appends, witness answers released or lost in any order, storage writes
 * released or lost, witnesses going down and up, and sequencer crashes (every held write lost,
 * then a new finalizer over the same storage). After every step what the finalizer shows must
 * be in storage; at the end, with every witness up and nothing held, the latest checkpoint must
 * become final and gather all three cosignatures in storage.
 */
async function runSchedule(seed: number): Promise<void> {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const { consortium, held, storage, open } = setUp();
  const { log } = consortium;
  held.holding.add('*');
  log.append(1 + Math.floor(random() * 3));
  let finalizer = await open();
  let storedFinal = 0;
  const fail = (message: string) => assert.fail(`seed ${seed}: ${message}`);
  try {
    for (let step = 0; step < 25; step++) {
      const roll = random();
      if (roll < 0.15) log.append(1 + Math.floor(random() * 3));
      else if (roll < 0.55 && held.pending.length > 0) pick(held.pending).release();
      else if (roll < 0.65 && held.pending.length > 0) pick(held.pending).fail(new Error('connection reset'));
      else if (roll < 0.75) {
        const name = pick(NAMES);
        if (!consortium.down.delete(name)) consortium.down.add(name);
      } else if (roll < 0.82) {
        held.crash(new Error('kill -9'));
        await finalizer.close();
        held.recover();
        held.holding.add('*');
        finalizer = await open();
      }
      await held.settle();
      const final = await storage.readLatestFinalCheckpoint(log.origin);
      if ((final?.treeSize ?? 0) < storedFinal) fail(`stored finality went back from ${storedFinal}`);
      storedFinal = final?.treeSize ?? 0;
      if ((finalizer.latestFinal?.treeSize ?? 0) > storedFinal) {
        fail(`final ${finalizer.latestFinal!.treeSize} shown, ${storedFinal} stored`);
      }
      const head = finalizer.latestHead;
      if (head !== null && head.cosigners.length > 0) {
        const stored = await storage.readCosignedCheckpoint(log.origin, head.treeSize);
        const missing = head.cosigners.filter((name) => !stored?.cosigners.includes(name));
        if (missing.length > 0) fail(`cosigners ${missing.join(', ')} shown but not stored`);
      }
    }
    consortium.down.clear();
    held.releaseAll();
    const head = await finalizer.waitForFinal(log.size, SETTLE_MS);
    if (head?.treeSize !== log.size)
      fail(`checkpoint ${log.size} not final (latest final ${head?.treeSize})`);
    await finalizer.waitForFinal(log.size, 0);
    const until = performance.now() + SETTLE_MS;
    let stored = await storage.readCosignedCheckpoint(log.origin, log.size);
    while ((stored?.cosigners.length ?? 0) < 3 && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      stored = await storage.readCosignedCheckpoint(log.origin, log.size);
    }
    if (stored?.final !== true) fail(`checkpoint ${log.size} not final in storage`);
    const cosigners = cosignersOf(consortium, stored!.note, 3);
    assert.deepEqual(cosigners, [...NAMES].sort(), `seed ${seed}: every witness's cosignature stored`);
  } finally {
    await closeReleasing(finalizer, held);
  }
}

describe('Finalizer under random schedules', () => {
  // SEALCHAIN_FINALITY_SEED replays one schedule; by default a fixed range runs, the same each time.
  const replay = process.env.SEALCHAIN_FINALITY_SEED;
  const seeds = replay === undefined ? Array.from({ length: 40 }, (_, i) => 1_000 + i) : [Number(replay)];

  it(`ends ${seeds.length} schedules final, showing only what storage holds`, async () => {
    for (const seed of seeds) await runSchedule(seed);
  });
});
