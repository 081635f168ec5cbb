// The FinalityStorage conformance suite: scenarios every implementation must pass, run against
// the memory reference and the SQL storage on each backend.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { bytesToHex, randomBytes, sha256, utf8ToBytes } from '../../crypto/index.ts';
import type { CosignedTreeHead, FinalityStorage, NewForkReport } from '../finality-storage.ts';

export interface OpenedFinalityStorage {
  storage: FinalityStorage;
  dispose(): Promise<void>;
}

/** Opens a storage; returns undefined after calling t.skip when the backend is unavailable. */
export type OpenFinalityStorage = (t: TestContext) => Promise<OpenedFinalityStorage | undefined>;

function makeOrigin(): string {
  return `f${bytesToHex(randomBytes(6))}.sealchain.test/log`;
}

export function makeCosignedCheckpoint(
  origin: string,
  treeSize: number,
  cosigners: readonly string[],
  final: boolean,
): CosignedTreeHead {
  const rootHash = sha256(utf8ToBytes(`${origin} ${treeSize}`));
  const lines = cosigners.map((name) => `— ${name} cosig\n`).join('');
  return {
    treeSize,
    rootHash,
    note: `${origin}\n${treeSize}\nroot ${bytesToHex(rootHash)}\n\n— log sig\n${lines}`,
    cosigners,
    final,
  };
}

function makeReport(origin: string, overrides: Partial<NewForkReport> = {}): NewForkReport {
  return {
    origin,
    witness: 'notary',
    treeSize: 7,
    code: 'WITNESS_FORK_DETECTED',
    reason: 'HTTP 409',
    checkpointNote: `${origin}\n7\nroot\n\n— log sig\n`,
    reportedAt: '2026-03-04T05:06:07.089Z',
    ...overrides,
  };
}

async function withStorage(
  t: TestContext,
  open: OpenFinalityStorage,
  run: (storage: FinalityStorage) => Promise<void>,
): Promise<void> {
  const opened = await open(t);
  if (opened === undefined) return;
  try {
    await run(opened.storage);
  } finally {
    await opened.dispose();
  }
}

export function describeFinalityStorageConformance(name: string, open: OpenFinalityStorage): void {
  describe(`FinalityStorage conformance: ${name}`, () => {
    it('knows nothing of an origin never cosigned', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        assert.equal(await storage.readLatestCosignedCheckpoint(origin), null);
        assert.equal(await storage.readLatestFinalCheckpoint(origin), null);
        assert.equal(await storage.readCosignedCheckpoint(origin, 1), null);
        assert.deepEqual(await storage.listFinalCheckpoints(origin, 0, 10), []);
        assert.deepEqual(await storage.readWitnessSizes(origin), new Map());
        assert.deepEqual(await storage.listForkReports(origin), []);
      }));

    it('answers the latest cosigned and the latest final checkpoint, and lists final ones in order', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const c10 = makeCosignedCheckpoint(origin, 10, ['court', 'notary'], true);
        const c20 = makeCosignedCheckpoint(origin, 20, ['court', 'copyright-center', 'notary'], true);
        const c30 = makeCosignedCheckpoint(origin, 30, ['court'], false);
        for (const checkpoint of [c20, c10, c30]) {
          await storage.saveCosignedCheckpoint(origin, checkpoint, new Map());
        }
        assert.deepEqual(await storage.readLatestCosignedCheckpoint(origin), c30);
        assert.deepEqual(await storage.readLatestFinalCheckpoint(origin), c20);
        assert.deepEqual(await storage.readCosignedCheckpoint(origin, 10), c10);
        assert.deepEqual(await storage.listFinalCheckpoints(origin, 0, 10), [c10, c20]);
        assert.deepEqual(await storage.listFinalCheckpoints(origin, 10, 10), [c20]);
        assert.deepEqual(await storage.listFinalCheckpoints(origin, 0, 1), [c10]);
      }));

    it('keeps the version with more cosigners, and a final checkpoint stays final', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const one = makeCosignedCheckpoint(origin, 5, ['court'], false);
        const two = makeCosignedCheckpoint(origin, 5, ['court', 'notary'], true);
        await storage.saveCosignedCheckpoint(origin, one, new Map());
        await storage.saveCosignedCheckpoint(origin, two, new Map());
        assert.deepEqual(await storage.readCosignedCheckpoint(origin, 5), two);
        await storage.saveCosignedCheckpoint(origin, one, new Map());
        assert.deepEqual(await storage.readCosignedCheckpoint(origin, 5), two);
        assert.deepEqual(await storage.readLatestFinalCheckpoint(origin), two);
      }));

    it("saves each witness's size with the checkpoint and replaces it with the next", (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const checkpoint = makeCosignedCheckpoint(origin, 8, ['court'], false);
        await storage.saveCosignedCheckpoint(
          origin,
          checkpoint,
          new Map([
            ['court', 8],
            ['notary', 3],
          ]),
        );
        await storage.saveCosignedCheckpoint(
          origin,
          makeCosignedCheckpoint(origin, 9, ['notary'], false),
          new Map([['notary', 9]]),
        );
        assert.deepEqual(
          await storage.readWitnessSizes(origin),
          new Map([
            ['court', 8],
            ['notary', 9],
          ]),
        );
      }));

    it('records fork reports in order, each with its id, and lists them by origin', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const other = makeOrigin();
        const first = await storage.recordForkReport(makeReport(origin));
        const second = await storage.recordForkReport(makeReport(other, { witness: 'court', treeSize: 9 }));
        const third = await storage.recordForkReport(makeReport(origin, { code: 'WITNESS_LOG_FROZEN' }));
        assert.ok(first.id < second.id && second.id < third.id);
        assert.deepEqual(first, { ...makeReport(origin), id: first.id });
        assert.deepEqual(await storage.listForkReports(origin), [first, third]);
        const all = await storage.listForkReports();
        assert.deepEqual(
          all.filter((r) => r.origin === origin || r.origin === other),
          [first, second, third],
        );
      }));

    it('keeps origins apart', (t) =>
      withStorage(t, open, async (storage) => {
        const a = makeOrigin();
        const b = makeOrigin();
        await storage.saveCosignedCheckpoint(
          a,
          makeCosignedCheckpoint(a, 4, ['court'], true),
          new Map([['court', 4]]),
        );
        assert.equal(await storage.readLatestCosignedCheckpoint(b), null);
        assert.deepEqual(await storage.readWitnessSizes(b), new Map());
      }));
  });
}
