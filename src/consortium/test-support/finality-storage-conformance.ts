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

/** Stores `head` as the version of its size, unless the stored one has as many cosigners or more. */
function saveHead(
  storage: FinalityStorage,
  origin: string,
  head: CosignedTreeHead,
  witnessSizes: ReadonlyMap<string, number>,
): Promise<CosignedTreeHead> {
  const initial = { ...head, cosigners: [], final: false };
  return storage.updateCosignedCheckpoint(
    origin,
    initial,
    (stored) => (stored.cosigners.length < head.cosigners.length ? head : stored),
    witnessSizes,
  );
}

/** An update that adds `witness` to the stored cosigners (and a line to the note). */
function addCosigner(witness: string, quorum: number) {
  return (stored: CosignedTreeHead): CosignedTreeHead => {
    const cosigners = stored.cosigners.includes(witness) ? stored.cosigners : [...stored.cosigners, witness];
    const note = stored.cosigners.includes(witness) ? stored.note : `${stored.note}— ${witness} cosig\n`;
    return { ...stored, cosigners, note, final: stored.final || cosigners.length >= quorum };
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
          await saveHead(storage, origin, checkpoint, new Map());
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
        await saveHead(storage, origin, one, new Map());
        await saveHead(storage, origin, two, new Map());
        assert.deepEqual(await storage.readCosignedCheckpoint(origin, 5), two);
        await saveHead(storage, origin, one, new Map());
        assert.deepEqual(await storage.readCosignedCheckpoint(origin, 5), two);
        assert.deepEqual(await storage.readLatestFinalCheckpoint(origin), two);
      }));

    it('adds concurrent updates of one checkpoint one after the other, losing none', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const initial = makeCosignedCheckpoint(origin, 12, [], false);
        const witnesses = ['court', 'copyright-center', 'notary', 'platform', 'bank', 'university'];
        const answers = await Promise.all(
          witnesses.map((witness, i) =>
            storage.updateCosignedCheckpoint(
              origin,
              initial,
              addCosigner(witness, 2),
              new Map([[witness, 12 + i]]),
            ),
          ),
        );
        const stored = await storage.readCosignedCheckpoint(origin, 12);
        assert.deepEqual([...stored!.cosigners].sort(), [...witnesses].sort(), 'every cosigner kept');
        assert.equal(stored!.final, true);
        for (const witness of witnesses) assert.ok(stored!.note.includes(`— ${witness} cosig`), witness);
        const sizes = answers.map((answer) => answer.cosigners.length).sort((a, b) => a - b);
        assert.deepEqual(sizes, [1, 2, 3, 4, 5, 6], 'each update saw the ones before it');
        assert.equal((await storage.readWitnessSizes(origin)).get('university'), 17);
      }));

    it('starts from the initial version when none is stored, and answers what it stored', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const initial = makeCosignedCheckpoint(origin, 3, [], false);
        const seen: CosignedTreeHead[] = [];
        const answer = await storage.updateCosignedCheckpoint(
          origin,
          initial,
          (stored) => {
            seen.push(stored);
            return addCosigner('court', 2)(stored);
          },
          new Map(),
        );
        assert.deepEqual(seen, [initial]);
        assert.deepEqual(answer, {
          ...initial,
          cosigners: ['court'],
          note: `${initial.note}— court cosig\n`,
        });
        assert.deepEqual(await storage.readCosignedCheckpoint(origin, 3), answer);
      }));

    it('keeps a final checkpoint final whatever an update returns', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const initial = makeCosignedCheckpoint(origin, 4, [], false);
        await storage.updateCosignedCheckpoint(origin, initial, addCosigner('court', 1), new Map());
        const answer = await storage.updateCosignedCheckpoint(
          origin,
          initial,
          (stored) => ({ ...stored, final: false }),
          new Map(),
        );
        assert.equal(answer.final, true);
        assert.equal((await storage.readLatestFinalCheckpoint(origin))?.treeSize, 4);
      }));

    it('writes nothing when the update throws', (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const initial = makeCosignedCheckpoint(origin, 5, [], false);
        await assert.rejects(
          storage.updateCosignedCheckpoint(
            origin,
            initial,
            () => {
              throw new Error('root mismatch');
            },
            new Map([['court', 5]]),
          ),
          /root mismatch/,
        );
        assert.equal(await storage.readCosignedCheckpoint(origin, 5), null);
        assert.deepEqual(await storage.readWitnessSizes(origin), new Map());
      }));

    it("saves each witness's size with the checkpoint, keeping the largest known", (t) =>
      withStorage(t, open, async (storage) => {
        const origin = makeOrigin();
        const checkpoint = makeCosignedCheckpoint(origin, 8, ['court'], false);
        await saveHead(
          storage,
          origin,
          checkpoint,
          new Map([
            ['court', 8],
            ['notary', 3],
          ]),
        );
        await saveHead(
          storage,
          origin,
          makeCosignedCheckpoint(origin, 9, ['notary'], false),
          new Map([
            ['notary', 9],
            ['court', 2],
          ]),
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
        await saveHead(storage, a, makeCosignedCheckpoint(a, 4, ['court'], true), new Map([['court', 4]]));
        assert.equal(await storage.readLatestCosignedCheckpoint(b), null);
        assert.deepEqual(await storage.readWitnessSizes(b), new Map());
      }));
  });
}
