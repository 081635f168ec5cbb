// The LedgerStorage conformance suite: one set of scenarios that every implementation must pass
// (DESIGN.md: one conformance suite per interface, run against every implementation).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { bytesToHex, randomBytes, sha256, type HashAlgorithm } from '../../crypto/index.ts';
import { isSealchainError } from '../../errors/index.ts';
import type { Tile } from '../../merkle/index.ts';
import type { LedgerStorage, StoredEntry } from '../storage.ts';

export interface OpenedStorage {
  storage: LedgerStorage;
  /** A second storage object for the same chain (another process's view), for concurrency cases. */
  openTwin(): Promise<LedgerStorage>;
  /** A storage object for another chain in the same database. */
  openOtherChain(origin: string): Promise<LedgerStorage>;
  dispose(): Promise<void>;
}

/** Opens a fresh, empty chain; returns undefined after calling t.skip when the backend is unavailable. */
export type OpenStorage = (
  t: TestContext,
  hashAlgorithm: HashAlgorithm,
) => Promise<OpenedStorage | undefined>;

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

export function makeStoredEntry(leafIndex: number, overrides: Partial<StoredEntry> = {}): StoredEntry {
  const entry = new TextEncoder().encode(`{"n":${leafIndex},"r":"${bytesToHex(randomBytes(4))}"}`);
  return {
    leafIndex,
    entry,
    leafHash: sha256(entry),
    unit: 'unit-a',
    idempotencyKey: null,
    receipt: `receipt ${leafIndex}\n`,
    ...overrides,
  };
}

function makeTile(level: number, index: number, width: number, fill: number): Tile {
  return { level, index, width, hashes: new Uint8Array(width * 32).fill(fill) };
}

function makeCheckpoint(treeSize: number) {
  return { treeSize, rootHash: sha256(Uint8Array.of(treeSize & 255)), note: `checkpoint ${treeSize}\n` };
}

async function withStorage(
  t: TestContext,
  open: OpenStorage,
  run: (opened: OpenedStorage) => Promise<void>,
  hashAlgorithm: HashAlgorithm = 'sha256',
): Promise<void> {
  const opened = await open(t, hashAlgorithm);
  if (opened === undefined) return;
  try {
    await run(opened);
  } finally {
    await opened.dispose();
  }
}

export function describeLedgerStorageConformance(name: string, open: OpenStorage): void {
  describe(`LedgerStorage conformance: ${name}`, () => {
    it('starts a new chain empty', (t) =>
      withStorage(t, open, async ({ storage }) => {
        assert.equal(await storage.countEntries(), 0);
        assert.equal(await storage.readLatestCheckpoint(), null);
        assert.deepEqual(await storage.readEntries(0, 10), []);
        assert.deepEqual(await storage.readTiles([{ level: 0, index: 0, width: 1 }]), []);
        assert.deepEqual(await storage.listCheckpoints(0, 10), []);
      }));

    it('stores appended entries byte for byte and advances the count', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const first = [0, 1, 2].map((i) => makeStoredEntry(i, { idempotencyKey: i === 1 ? 'key-1' : null }));
        await storage.appendEntries(0, first);
        const second = [3, 4].map((i) => makeStoredEntry(i));
        await storage.appendEntries(3, second);
        assert.equal(await storage.countEntries(), 5);
        assert.deepEqual(await storage.readEntries(0, 5), [...first, ...second]);
        assert.deepEqual(await storage.readEntries(2, 4), [first[2], second[0]]);
        assert.deepEqual(await storage.readEntries(4, 100), [second[1]]);
      }));

    it('keeps binary entries and non-ASCII text byte for byte', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const entries = [
          makeStoredEntry(0, {
            entry: Uint8Array.of(0, 255, 10, 13, 92, 39, 34, 0),
            unit: 'unité-ü.法院',
            idempotencyKey: 'key with \\ and \' and "',
            receipt: 'line one\nline \u00e9 \u{1f600}\n\n— sig\n',
          }),
          makeStoredEntry(1, { entry: new Uint8Array(0), receipt: '' }),
          makeStoredEntry(2, { entry: new Uint8Array(65_535).fill(0x7b) }),
        ];
        await storage.appendEntries(0, entries);
        assert.deepEqual(await storage.readEntries(0, 3), entries);
        assert.deepEqual(
          await storage.findIdempotentEntries([
            { unit: 'unité-ü.法院', idempotencyKey: 'key with \\ and \' and "' },
          ]),
          [entries[0]],
        );
      }));

    it('reads thousands of entries in one call, in index order', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const entries = Array.from({ length: 9_000 }, (_, i) => makeStoredEntry(i));
        await storage.appendEntries(0, entries.slice(0, 5_000));
        await storage.appendEntries(5_000, entries.slice(5_000));
        assert.deepEqual(await storage.readEntries(0, 9_000), entries);
        assert.deepEqual(await storage.readEntries(4_090, 8_200), entries.slice(4_090, 8_200));
      }));

    it('refuses an append at a stale count and writes nothing', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(0, [makeStoredEntry(0)]);
        await assert.rejects(storage.appendEntries(0, [makeStoredEntry(0)]), hasCode('STORAGE_CONFLICT'));
        await assert.rejects(storage.appendEntries(2, [makeStoredEntry(2)]), hasCode('STORAGE_CONFLICT'));
        assert.equal(await storage.countEntries(), 1);
        assert.equal((await storage.readEntries(0, 10)).length, 1);
      }));

    it('refuses entries whose indexes are not consecutive from the count', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await assert.rejects(
          storage.appendEntries(0, [makeStoredEntry(0), makeStoredEntry(2)]),
          hasCode('STORAGE_CORRUPT'),
        );
        assert.equal(await storage.countEntries(), 0);
      }));

    it('refuses a whole batch when one idempotency key is already stored for the unit', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(0, [makeStoredEntry(0, { idempotencyKey: 'k' })]);
        await assert.rejects(
          storage.appendEntries(1, [makeStoredEntry(1), makeStoredEntry(2, { idempotencyKey: 'k' })]),
          hasCode('STORAGE_CONFLICT'),
        );
        assert.equal(await storage.countEntries(), 1);
        assert.deepEqual(await storage.readEntries(1, 3), []);
        await storage.appendEntries(1, [makeStoredEntry(1, { idempotencyKey: 'k', unit: 'unit-b' })]);
        assert.equal(await storage.countEntries(), 2);
      }));

    it('finds stored entries by unit and idempotency key only', (t) =>
      withStorage(t, open, async ({ storage }) => {
        const entries = [
          makeStoredEntry(0, { idempotencyKey: 'k1' }),
          makeStoredEntry(1, { idempotencyKey: 'k1', unit: 'unit-b' }),
          makeStoredEntry(2, { idempotencyKey: 'k2' }),
          makeStoredEntry(3),
        ];
        await storage.appendEntries(0, entries);
        const found = await storage.findIdempotentEntries([
          { unit: 'unit-a', idempotencyKey: 'k1' },
          { unit: 'unit-b', idempotencyKey: 'k2' },
          { unit: 'unit-a', idempotencyKey: 'k2' },
        ]);
        assert.deepEqual(
          found.sort((a, b) => a.leafIndex - b.leafIndex),
          [entries[0], entries[2]],
        );
        assert.deepEqual(await storage.findIdempotentEntries([]), []);
      }));

    it('lets exactly one of two racing writers append at the same count', (t) =>
      withStorage(t, open, async ({ storage, openTwin }) => {
        const twin = await openTwin();
        const results = await Promise.allSettled([
          storage.appendEntries(0, [makeStoredEntry(0), makeStoredEntry(1)]),
          twin.appendEntries(0, [makeStoredEntry(0)]),
        ]);
        const fulfilled = results.filter((result) => result.status === 'fulfilled');
        assert.equal(fulfilled.length, 1);
        const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
        assert.ok(hasCode('STORAGE_CONFLICT')(rejected.reason), String(rejected.reason));
        const count = await storage.countEntries();
        assert.equal((await storage.readEntries(0, 10)).length, count);
      }));

    it('commits tiles and the checkpoint together', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(0, [makeStoredEntry(0), makeStoredEntry(1), makeStoredEntry(2)]);
        const checkpoint = makeCheckpoint(3);
        const tile = makeTile(0, 0, 3, 7);
        await storage.commitIntegration({ fromSize: 0, checkpoint, tiles: [tile] });
        assert.deepEqual(await storage.readLatestCheckpoint(), checkpoint);
        assert.deepEqual(await storage.readTiles([{ level: 0, index: 0, width: 3 }]), [tile]);
        assert.deepEqual(await storage.listCheckpoints(0, 10), [checkpoint]);
      }));

    it('refuses an integration from a stale tree size and writes none of it', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(
          0,
          [0, 1, 2, 3].map((i) => makeStoredEntry(i)),
        );
        await storage.commitIntegration({
          fromSize: 0,
          checkpoint: makeCheckpoint(2),
          tiles: [],
        });
        await assert.rejects(
          storage.commitIntegration({
            fromSize: 0,
            checkpoint: makeCheckpoint(4),
            tiles: [makeTile(0, 0, 4, 9)],
          }),
          hasCode('STORAGE_CONFLICT'),
        );
        assert.equal((await storage.readLatestCheckpoint())?.treeSize, 2);
        assert.deepEqual(await storage.readTiles([{ level: 0, index: 0, width: 4 }]), []);
        assert.equal((await storage.listCheckpoints(0, 10)).length, 1);
      }));

    it('never lets the checkpoint shrink or stand still', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(
          0,
          [0, 1].map((i) => makeStoredEntry(i)),
        );
        await storage.commitIntegration({
          fromSize: 0,
          checkpoint: makeCheckpoint(2),
          tiles: [],
        });
        for (const treeSize of [1, 2]) {
          await assert.rejects(
            storage.commitIntegration({
              fromSize: 2,
              checkpoint: makeCheckpoint(treeSize),
              tiles: [],
            }),
            hasCode('STORAGE_CONFLICT'),
          );
        }
        assert.equal((await storage.readLatestCheckpoint())?.treeSize, 2);
      }));

    it('lets exactly one of two racing integrators commit from the same size', (t) =>
      withStorage(t, open, async ({ storage, openTwin }) => {
        const twin = await openTwin();
        await storage.appendEntries(
          0,
          [0, 1, 2].map((i) => makeStoredEntry(i)),
        );
        const results = await Promise.allSettled([
          storage.commitIntegration({ fromSize: 0, checkpoint: makeCheckpoint(2), tiles: [] }),
          twin.commitIntegration({ fromSize: 0, checkpoint: makeCheckpoint(3), tiles: [] }),
        ]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1);
        assert.equal((await storage.listCheckpoints(0, 10)).length, 1);
      }));

    it('grows a partial tile but never narrows it', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(
          0,
          [0, 1, 2, 3, 4].map((i) => makeStoredEntry(i)),
        );
        const narrow = makeTile(0, 0, 2, 1);
        const wide = makeTile(0, 0, 5, 2);
        await storage.commitIntegration({
          fromSize: 0,
          checkpoint: makeCheckpoint(2),
          tiles: [narrow],
        });
        await storage.commitIntegration({
          fromSize: 2,
          checkpoint: makeCheckpoint(5),
          tiles: [wide],
        });
        await storage.commitIntegration({
          fromSize: 5,
          checkpoint: makeCheckpoint(6),
          tiles: [narrow],
        });
        assert.deepEqual(await storage.readTiles([{ level: 0, index: 0, width: 5 }]), [wide]);
        assert.deepEqual(
          (await storage.listCheckpoints(0, 10)).map((checkpoint) => checkpoint.treeSize),
          [2, 5, 6],
        );
        assert.deepEqual(
          (await storage.listCheckpoints(2, 1)).map((checkpoint) => checkpoint.treeSize),
          [5],
        );
      }));

    it('reads several tiles at once and leaves out the missing ones', (t) =>
      withStorage(t, open, async ({ storage }) => {
        await storage.appendEntries(0, [makeStoredEntry(0)]);
        const tiles = [makeTile(0, 0, 256, 1), makeTile(1, 0, 1, 2), makeTile(0, 1, 1, 3)];
        await storage.commitIntegration({ fromSize: 0, checkpoint: makeCheckpoint(1), tiles });
        const read = await storage.readTiles([
          { level: 1, index: 0, width: 1 },
          { level: 0, index: 0, width: 256 },
          { level: 2, index: 0, width: 1 },
          { level: 0, index: 7, width: 1 },
        ]);
        assert.deepEqual(
          read.sort((a, b) => a.level - b.level || a.index - b.index),
          [tiles[0], tiles[1]],
        );
      }));

    it('keeps chains in one database apart', (t) =>
      withStorage(t, open, async ({ storage, openOtherChain }) => {
        const other = await openOtherChain('other.sealchain.test/log');
        await storage.appendEntries(0, [makeStoredEntry(0, { idempotencyKey: 'k' })]);
        await other.appendEntries(0, [makeStoredEntry(0, { idempotencyKey: 'k' }), makeStoredEntry(1)]);
        await other.commitIntegration({
          fromSize: 0,
          checkpoint: makeCheckpoint(2),
          tiles: [makeTile(0, 0, 2, 5)],
        });
        assert.equal(await storage.countEntries(), 1);
        assert.equal(await other.countEntries(), 2);
        assert.equal(await storage.readLatestCheckpoint(), null);
        assert.deepEqual(await storage.readTiles([{ level: 0, index: 0, width: 2 }]), []);
        assert.equal(
          (await storage.findIdempotentEntries([{ unit: 'unit-a', idempotencyKey: 'k' }])).length,
          1,
        );
      }));
  });
}
