// The ChainIndexStorage conformance suite: scenarios every implementation must pass, run against
// the memory reference and the SQL storage on each backend.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { bytesToHex, randomBytes } from '../../crypto/index.ts';
import type {
  ChainIndexBatch,
  ChainIndexStorage,
  IndexedAnchor,
  IndexedVerification,
} from '../chain-index-storage.ts';

export interface OpenedChainIndexStorage {
  storage: ChainIndexStorage;
  dispose(): Promise<void>;
}

export type OpenChainIndexStorage = (t: TestContext) => Promise<OpenedChainIndexStorage | undefined>;

function makeOrigin(): string {
  return `i${bytesToHex(randomBytes(6))}.sealchain.test/log`;
}

function makeVerification(
  leafIndex: number,
  overrides: Partial<IndexedVerification> = {},
): IndexedVerification {
  return {
    leafIndex,
    verifiedChain: 'works',
    verifiedOrigin: 'copyright.sealchain.test/works',
    verifiedIndex: 3,
    verifiedLeafHash: 'ab'.repeat(32),
    verified: true,
    crossChain: true,
    caseNumber: '(2026)京0491民初1号',
    time: '2026-05-06T07:08:09.010Z',
    ...overrides,
  };
}

function makeAnchor(
  leafIndex: number,
  anchoredTreeSize: number,
  anchoredOrigin = 'a.test/log',
): IndexedAnchor {
  return {
    leafIndex,
    anchoredOrigin,
    anchoredTreeSize,
    checkpoint: `${anchoredOrigin}\n${anchoredTreeSize}\n`,
  };
}

function batch(origin: string, fromIndex: number, toIndex: number, rest: Partial<ChainIndexBatch> = {}) {
  return {
    origin,
    fromIndex,
    toIndex,
    counts: [],
    dailyCounts: [],
    unitEntries: [],
    verifications: [],
    anchors: [],
    ...rest,
  };
}

async function withStorage(
  t: TestContext,
  open: OpenChainIndexStorage,
  run: (storage: ChainIndexStorage, origin: string) => Promise<void>,
): Promise<void> {
  const opened = await open(t);
  if (opened === undefined) return;
  try {
    await run(opened.storage, makeOrigin());
  } finally {
    await opened.dispose();
  }
}

export function describeChainIndexStorageConformance(name: string, open: OpenChainIndexStorage): void {
  describe(`ChainIndexStorage conformance: ${name}`, () => {
    it('starts empty', (t) =>
      withStorage(t, open, async (storage, origin) => {
        assert.equal(await storage.readIndexedSize(origin), 0);
        assert.deepEqual(await storage.readUnitTypeCounts(origin), []);
        assert.deepEqual(await storage.summarizeVerifications(origin, 10), {
          verifications: 0,
          verified: 0,
          failed: 0,
          crossChainVerifications: 0,
          cases: 0,
          crossChainCases: 0,
          topCases: [],
        });
        assert.equal(await storage.findCoveringAnchor(origin, 'a.test/log', 0), null);
        assert.equal(await storage.readLatestAnchor(origin, 'a.test/log'), null);
      }));

    it('adds a batch only from the indexed size, writing nothing otherwise', (t) =>
      withStorage(t, open, async (storage, origin) => {
        const counts = [{ unit: 'platform', type: 'evidence', entries: 2 }];
        assert.equal(await storage.commitIndexBatch(batch(origin, 0, 2, { counts })), true);
        const stale = batch(origin, 0, 3, {
          counts: [{ unit: 'platform', type: 'evidence', entries: 3 }],
          verifications: [makeVerification(2)],
          anchors: [makeAnchor(1, 5)],
        });
        assert.equal(await storage.commitIndexBatch(stale), false);
        assert.equal(await storage.readIndexedSize(origin), 2);
        assert.deepEqual(await storage.readUnitTypeCounts(origin), counts);
        assert.equal((await storage.summarizeVerifications(origin, 10)).verifications, 0);
        assert.equal(await storage.readLatestAnchor(origin, 'a.test/log'), null);
      }));

    it('adds up entries per unit and type across batches, largest first', (t) =>
      withStorage(t, open, async (storage, origin) => {
        await storage.commitIndexBatch(
          batch(origin, 0, 3, {
            counts: [
              { unit: 'court', type: 'evidence', entries: 1 },
              { unit: 'platform', type: 'evidence', entries: 2 },
            ],
          }),
        );
        await storage.commitIndexBatch(
          batch(origin, 3, 7, {
            counts: [
              { unit: 'court', type: 'evidence', entries: 3 },
              { unit: 'court', type: 'verification', entries: 1 },
            ],
          }),
        );
        assert.deepEqual(await storage.readUnitTypeCounts(origin), [
          { unit: 'court', type: 'evidence', entries: 4 },
          { unit: 'platform', type: 'evidence', entries: 2 },
          { unit: 'court', type: 'verification', entries: 1 },
        ]);
      }));

    it('adds up entries per day, unit, type and subtype across batches, from a day on', (t) =>
      withStorage(t, open, async (storage, origin) => {
        assert.deepEqual(await storage.readDailyTypeCounts(origin, '2026-01-01'), []);
        assert.deepEqual(await storage.readDailyUnitCounts(origin, '2026-01-01'), []);
        const day = (d: string, unit: string, type: string, entries: number, subtype = '') => ({
          day: d,
          unit,
          type,
          subtype,
          entries,
        });
        await storage.commitIndexBatch(
          batch(origin, 0, 5, {
            dailyCounts: [
              day('2026-12-06', 'court', 'evidence', 1),
              day('2026-12-07', 'court', 'evidence', 2),
              day('2026-12-07', 'platform', 'evidence', 1),
              day('2026-12-07', 'court', 'work', 1, 'image'),
            ],
          }),
        );
        await storage.commitIndexBatch(
          batch(origin, 5, 8, {
            dailyCounts: [day('2026-12-07', 'court', 'evidence', 2), day('2026-12-07', 'court', 'work', 1)],
          }),
        );
        assert.deepEqual(await storage.readDailyTypeCounts(origin, '2026-12-07'), [
          { day: '2026-12-07', type: 'evidence', subtype: '', entries: 5 },
          { day: '2026-12-07', type: 'work', subtype: '', entries: 1 },
          { day: '2026-12-07', type: 'work', subtype: 'image', entries: 1 },
        ]);
        assert.deepEqual(await storage.readDailyUnitCounts(origin, '2026-12-01'), [
          { day: '2026-12-06', unit: 'court', type: 'evidence', entries: 1 },
          { day: '2026-12-07', unit: 'court', type: 'evidence', entries: 4 },
          { day: '2026-12-07', unit: 'court', type: 'work', entries: 2 },
          { day: '2026-12-07', unit: 'platform', type: 'evidence', entries: 1 },
        ]);
        assert.deepEqual(await storage.readDailyTypeCounts(`${origin}x`, '2026-12-01'), []);
      }));

    it("lists units' own entries, newest first, a page before an index at a time", (t) =>
      withStorage(t, open, async (storage, origin) => {
        assert.deepEqual(await storage.listUnitEntries(origin, ['court'], null, 10), []);
        const unitEntries = [0, 1, 2, 3, 4, 5, 6].map((leafIndex) => ({
          unit: leafIndex === 6 ? 'court:nightly' : leafIndex % 2 === 0 ? 'court' : 'platform',
          leafIndex,
        }));
        await storage.commitIndexBatch(batch(origin, 0, 4, { unitEntries: unitEntries.slice(0, 4) }));
        await storage.commitIndexBatch(batch(origin, 4, 7, { unitEntries: unitEntries.slice(4) }));
        const indexes = async (units: string[], before: number | null, limit: number) =>
          (await storage.listUnitEntries(origin, units, before, limit)).map((e) => e.leafIndex);
        assert.deepEqual(await indexes(['court'], null, 10), [4, 2, 0]);
        assert.deepEqual(await indexes(['court'], null, 2), [4, 2]);
        assert.deepEqual(await indexes(['court'], 2, 2), [0]);
        assert.deepEqual(await indexes(['platform'], 5, 10), [3, 1]);
        assert.deepEqual(await indexes(['nobody'], null, 10), []);
        assert.deepEqual(await indexes([], null, 10), []);
        assert.deepEqual(await storage.listUnitEntries(origin, ['court', 'court:nightly'], null, 3), [
          { unit: 'court:nightly', leafIndex: 6 },
          { unit: 'court', leafIndex: 4 },
          { unit: 'court', leafIndex: 2 },
        ]);
        assert.deepEqual(await indexes(['court:nightly', 'court', 'court'], 4, 10), [2, 0]);
        assert.deepEqual(await storage.listUnitEntries(`${origin}x`, ['court'], null, 10), []);
      }));

    it('summarizes verifications, cross-chain ones and the cases they involve', (t) =>
      withStorage(t, open, async (storage, origin) => {
        const records = [
          makeVerification(0, { caseNumber: 'case-a' }),
          makeVerification(1, { caseNumber: 'case-a', verified: false }),
          makeVerification(2, { caseNumber: 'case-b', crossChain: false, verifiedChain: 'evidence' }),
          makeVerification(3, { caseNumber: null }),
          makeVerification(4, { caseNumber: 'case-c' }),
        ];
        await storage.commitIndexBatch(batch(origin, 0, 5, { verifications: records }));
        assert.deepEqual(await storage.summarizeVerifications(origin, 2), {
          verifications: 5,
          verified: 4,
          failed: 1,
          crossChainVerifications: 4,
          cases: 3,
          crossChainCases: 2,
          topCases: [
            { caseNumber: 'case-a', verifications: 2, crossChainVerifications: 2 },
            { caseNumber: 'case-b', verifications: 1, crossChainVerifications: 0 },
          ],
        });
        assert.deepEqual(await storage.listCaseVerifications(origin, 'case-a'), records.slice(0, 2));
        assert.deepEqual(await storage.listCaseVerifications(origin, 'case-z'), []);
      }));

    it('lists every case once with its counts, page by page, whatever the order of case numbers', (t) =>
      withStorage(t, open, async (storage, origin) => {
        const cases = [
          'case-b',
          'Case-a',
          'case-a',
          '(2026)京0491民初1号',
          '(2026)京0491民初10号',
          'Ärger',
          'z',
        ];
        const records = [
          ...cases.map((caseNumber, i) => makeVerification(i, { caseNumber, crossChain: i % 2 === 0 })),
          makeVerification(cases.length, { caseNumber: 'case-b', crossChain: false }),
          makeVerification(cases.length + 1, { caseNumber: null }),
        ];
        await storage.commitIndexBatch(batch(origin, 0, records.length, { verifications: records }));
        await storage.commitIndexBatch(
          batch(makeOrigin(), 0, 1, { verifications: [makeVerification(0, { caseNumber: 'elsewhere' })] }),
        );
        assert.deepEqual(await storage.listCases(origin, null, 0), []);
        const listed = [];
        let after: string | null = null;
        for (let pages = 0; pages < cases.length + 1; pages++) {
          const page = await storage.listCases(origin, after, 2);
          assert.ok(page.length <= 2);
          listed.push(...page);
          if (page.length < 2) break;
          after = page.at(-1)!.caseNumber;
        }
        const byCase = (a: { caseNumber: string }, b: { caseNumber: string }) =>
          a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0;
        assert.deepEqual(
          listed.sort(byCase),
          cases
            .map((caseNumber, i) => ({
              caseNumber,
              verifications: caseNumber === 'case-b' ? 2 : 1,
              crossChainVerifications: i % 2 === 0 ? 1 : 0,
            }))
            .sort(byCase),
        );
        assert.deepEqual(await storage.listCases(makeOrigin(), null, 10), []);
      }));

    it('finds the first anchor that covers an entry, and the latest anchor', (t) =>
      withStorage(t, open, async (storage, origin) => {
        const anchors = [
          makeAnchor(4, 10),
          makeAnchor(9, 25),
          makeAnchor(12, 40),
          makeAnchor(13, 3, 'b.test/log'),
        ];
        await storage.commitIndexBatch(batch(origin, 0, 14, { anchors }));
        assert.deepEqual(await storage.findCoveringAnchor(origin, 'a.test/log', 0), anchors[0]);
        assert.deepEqual(await storage.findCoveringAnchor(origin, 'a.test/log', 9), anchors[0]);
        assert.deepEqual(await storage.findCoveringAnchor(origin, 'a.test/log', 10), anchors[1]);
        assert.deepEqual(await storage.findCoveringAnchor(origin, 'a.test/log', 39), anchors[2]);
        assert.equal(await storage.findCoveringAnchor(origin, 'a.test/log', 40), null);
        assert.deepEqual(await storage.findCoveringAnchor(origin, 'b.test/log', 0), anchors[3]);
        assert.deepEqual(await storage.readLatestAnchor(origin, 'a.test/log'), anchors[2]);
        assert.equal(await storage.readLatestAnchor(makeOrigin(), 'a.test/log'), null);
      }));
  });
}
