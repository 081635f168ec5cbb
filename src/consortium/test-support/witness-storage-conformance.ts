// The WitnessStorage conformance suite: one set of scenarios every implementation must pass
// (DESIGN.md: one conformance suite per interface, run against every implementation).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { bytesToHex, randomBytes, sha256, utf8ToBytes } from '../../crypto/index.ts';
import type { NewWitnessAlarm, WitnessedCheckpoint, WitnessStorage } from '../witness-storage.ts';

export interface OpenedWitnessStorage {
  storage: WitnessStorage;
  /** A second storage object over the same data (another process's view), for concurrency cases. */
  openTwin(): Promise<WitnessStorage>;
  dispose(): Promise<void>;
}

/** Opens a storage; returns undefined after calling t.skip when the backend is unavailable. */
export type OpenWitnessStorage = (t: TestContext) => Promise<OpenedWitnessStorage | undefined>;

function makeOrigin(): string {
  return `w${bytesToHex(randomBytes(6))}.sealchain.test/log`;
}

export function makeWitnessedCheckpoint(origin: string, treeSize: number, fork = ''): WitnessedCheckpoint {
  const rootHash = sha256(utf8ToBytes(`${origin} ${treeSize} ${fork}`));
  return {
    origin,
    treeSize,
    rootHash,
    note: `${origin}\n${treeSize}\nroot ${bytesToHex(rootHash)}\n\n— log sig\n`,
  };
}

function makeAlarm(origin: string, overrides: Partial<NewWitnessAlarm> = {}): NewWitnessAlarm {
  return {
    origin,
    kind: 'fork',
    knownNote: `${origin}\n5\nA\n\n— log a\n`,
    conflictingNote: `${origin}\n5\nB\n\n— log b\n`,
    evidence: 'two signed checkpoints of one size\nold 5\n',
    detectedAt: '2026-03-04T05:06:07.089Z',
    ...overrides,
  };
}

async function withStorage(
  t: TestContext,
  open: OpenWitnessStorage,
  run: (opened: OpenedWitnessStorage) => Promise<void>,
): Promise<void> {
  const opened = await open(t);
  if (opened === undefined) return;
  try {
    await run(opened);
  } finally {
    await opened.dispose();
  }
}

export function describeWitnessStorageConformance(name: string, open: OpenWitnessStorage): void {
  describe(`WitnessStorage conformance: ${name}`, () => {
    it('knows nothing of an origin never witnessed', (t) =>
      withStorage(t, open, async ({ storage }) => {
        assert.deepEqual(await storage.readLogState(makeOrigin()), { latest: null, frozen: false });
      }));

    it('advances from nothing and reads the checkpoint back exactly, per origin', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const origin = makeOrigin();
        const other = makeOrigin();
        const first = makeWitnessedCheckpoint(origin, 5);
        assert.deepEqual(await storage.advanceCheckpoint(0, first), { advanced: true });
        assert.deepEqual(await storage.readLogState(origin), { latest: first, frozen: false });
        const second = makeWitnessedCheckpoint(origin, 9);
        assert.deepEqual(await storage.advanceCheckpoint(5, second), { advanced: true });
        assert.deepEqual((await storage.readLogState(origin)).latest, second);
        assert.deepEqual(await storage.readLogState(other), { latest: null, frozen: false });
      }));

    it('refuses a stale expected size and writes nothing', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const origin = makeOrigin();
        const first = makeWitnessedCheckpoint(origin, 5);
        await storage.advanceCheckpoint(0, first);
        const outcome = await storage.advanceCheckpoint(0, makeWitnessedCheckpoint(origin, 7));
        assert.deepEqual(outcome, { advanced: false, state: { latest: first, frozen: false } });
        const ahead = await storage.advanceCheckpoint(6, makeWitnessedCheckpoint(origin, 8));
        assert.equal(ahead.advanced, false);
        assert.deepEqual((await storage.readLogState(origin)).latest, first);
      }));

    it('refuses a rollback and a same-size checkpoint with another root, accepts the same one again', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const origin = makeOrigin();
        const first = makeWitnessedCheckpoint(origin, 5);
        await storage.advanceCheckpoint(0, first);
        assert.equal(
          (await storage.advanceCheckpoint(5, makeWitnessedCheckpoint(origin, 4))).advanced,
          false,
        );
        assert.equal(
          (await storage.advanceCheckpoint(5, makeWitnessedCheckpoint(origin, 5, 'fork'))).advanced,
          false,
        );
        assert.deepEqual((await storage.readLogState(origin)).latest, first);
        const again = { ...first, note: `${first.note}— another log sig\n` };
        assert.deepEqual(await storage.advanceCheckpoint(5, again), { advanced: true });
        assert.equal((await storage.readLogState(origin)).latest?.treeSize, 5);
      }));

    it('freezes an origin once an alarm is recorded, and lists alarms exactly', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const origin = makeOrigin();
        const other = makeOrigin();
        const first = makeWitnessedCheckpoint(origin, 5);
        await storage.advanceCheckpoint(0, first);
        const alarm = makeAlarm(origin);
        const stored = await storage.recordAlarm(alarm);
        assert.deepEqual({ ...stored, id: 0 }, { ...alarm, id: 0 });
        assert.ok(Number.isSafeInteger(stored.id));
        const secondAlarm = makeAlarm(origin, { kind: 'audit-mismatch', knownNote: null });
        const storedSecond = await storage.recordAlarm(secondAlarm);
        assert.ok(storedSecond.id > stored.id, 'alarm ids increase');
        assert.deepEqual(await storage.readLogState(origin), { latest: first, frozen: true });
        const refused = await storage.advanceCheckpoint(5, makeWitnessedCheckpoint(origin, 6));
        assert.deepEqual(refused, { advanced: false, state: { latest: first, frozen: true } });
        assert.deepEqual(await storage.listAlarms(origin), [stored, storedSecond]);
        const all = await storage.listAlarms();
        assert.deepEqual(
          all.filter((a) => a.origin === origin),
          [stored, storedSecond],
        );
        assert.deepEqual(await storage.advanceCheckpoint(0, makeWitnessedCheckpoint(other, 1)), {
          advanced: true,
        });
      }));

    it('lets exactly one of many concurrent advances from one size win', (t) =>
      withStorage(t, open, async ({ storage, openTwin }) => {
        const origin = makeOrigin();
        const twin = await openTwin();
        const attempts = Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? storage : twin).advanceCheckpoint(0, makeWitnessedCheckpoint(origin, 10 + i)),
        );
        const outcomes = await Promise.all(attempts);
        assert.equal(outcomes.filter((o) => o.advanced).length, 1);
        const winner = outcomes.findIndex((o) => o.advanced);
        assert.deepEqual(
          (await twin.readLogState(origin)).latest,
          makeWitnessedCheckpoint(origin, 10 + winner),
        );
      }));

    it('keeps tree sizes beyond 2^32 exact', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const origin = makeOrigin();
        const big = makeWitnessedCheckpoint(origin, 2 ** 40 + 7);
        await storage.advanceCheckpoint(0, big);
        assert.deepEqual((await storage.readLogState(origin)).latest, big);
        assert.deepEqual(
          await storage.advanceCheckpoint(2 ** 40 + 7, makeWitnessedCheckpoint(origin, 2 ** 52)),
          {
            advanced: true,
          },
        );
      }));
  });
}
