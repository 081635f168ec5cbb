import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../src/errors/index.ts';
import { Ledger, type LedgerStorage, type StoredCheckpoint } from '../src/ledger/index.ts';
import { encodeEntryBundle, rfc6962 } from '../src/merkle/index.ts';
import { ReferenceTree } from '../src/merkle/test-support/reference-tree.ts';
import { SqlLedgerStorage } from '../src/store/index.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';
import { makeAppendRequest, openTestLedger } from '../src/store/test-support/ledgers.ts';

// Proofs, tiles and entries served from the ledger's caches (hashed full tiles by position,
// partial tiles by width, complete blocks of 256 entries) against a reference tree that recomputes
// everything, over trees that grow across tile boundaries with caches small enough to evict.

const useDatabase = shareTestDatabases();
const hasher = rfc6962('sha256');
const SMALL_CACHES = { tileCacheSize: 2, partialTileCacheSize: 2, entryCacheBlocks: 1 };

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

/** Counts the storage reads the ledger makes. */
function countReads(storage: LedgerStorage): { tiles: number; entries: number } {
  const reads = { tiles: 0, entries: 0 };
  const readTiles = storage.readTiles.bind(storage);
  const readEntries = storage.readEntries.bind(storage);
  storage.readTiles = (ids) => {
    reads.tiles++;
    return readTiles(ids);
  };
  storage.readEntries = (start, end) => {
    reads.entries++;
    return readEntries(start, end);
  };
  return reads;
}

/**
 * A ledger holding `entries` appended in batches of 256, opened again with `entryCacheBlocks` so
 * that no row is held in memory since its commit; its storage, and the stored entries.
 */
async function openWrittenLedger(
  db: Awaited<ReturnType<typeof useDatabase>>,
  entries: number,
  entryCacheBlocks: number,
) {
  const opened = await openTestLedger(db);
  for (let from = 0; from < entries; from += 256) {
    const count = Math.min(256, entries - from);
    await opened.ledger.appendBatch(Array.from({ length: count }, () => makeAppendRequest()));
  }
  await opened.ledger.close();
  const storage = await SqlLedgerStorage.open(db.client, opened.origin, 'sha256');
  const ledger = await Ledger.open({
    storage,
    signer: opened.signer,
    autoIntegrate: false,
    options: { entryCacheBlocks },
  });
  return { ledger, storage, stored: await storage.readEntries(0, entries) };
}

for (const backend of TEST_BACKENDS) {
  describe(`Ledger proofs from cached tiles on ${backend}`, () => {
    it('matches a reference tree for every size the tree passed through, after it grew', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, storage } = await openTestLedger(await useDatabase(backend), { options: SMALL_CACHES });
      const checkpoints: StoredCheckpoint[] = [];
      for (const grow of [1, 6, 250, 3, 300, 1]) {
        await ledger.appendBatch(Array.from({ length: grow }, () => makeAppendRequest()));
        checkpoints.push((await ledger.integrate())!);
        const size = checkpoints.at(-1)!.treeSize;
        const reference = new ReferenceTree(
          hasher,
          (await storage.readEntries(0, size)).map((entry) => entry.leafHash),
        );
        for (const { treeSize, rootHash } of checkpoints) {
          assert.deepEqual(reference.root(treeSize), rootHash);
          const indexes = new Set(
            [0, treeSize - 1, treeSize >> 1, 255, 256, 511].filter((i) => i < treeSize),
          );
          for (let i = 0; i < 8; i++) indexes.add(Math.floor(Math.random() * treeSize));
          for (const index of indexes) {
            const proof = await ledger.proveInclusion(index, treeSize);
            assert.deepEqual(
              proof.hashes,
              reference.inclusionPath(index, treeSize),
              `${index} in ${treeSize}`,
            );
          }
          const consistency = await ledger.proveConsistency(treeSize, size);
          assert.deepEqual(
            consistency.hashes,
            reference.consistencyProof(treeSize, size),
            `${treeSize} → ${size}`,
          );
        }
      }
      await ledger.close();
    });

    it('reads a full tile from storage once and proves from memory after that', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, origin, signer } = await openTestLedger(db);
      await ledger.appendBatch(Array.from({ length: 600 }, () => makeAppendRequest()));
      await ledger.integrate();
      await ledger.close();
      const storage = await SqlLedgerStorage.open(db.client, origin, 'sha256');
      const reads = countReads(storage);
      const fresh = await Ledger.open({ storage, signer, autoIntegrate: false });
      for (let index = 0; index < 512; index += 7) await fresh.proveInclusion(index, 600);
      const afterFirst = reads.tiles;
      for (let index = 1; index < 512; index += 3) await fresh.proveInclusion(index, 600);
      assert.ok(afterFirst >= 1, 'the first proofs read tiles');
      assert.equal(reads.tiles, afterFirst, 'later proofs in the same tiles read nothing');
      await fresh.close();
    });

    it('reads a complete block of 256 entries whole from its second read, the incomplete tail entry by entry', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, storage, stored } = await openWrittenLedger(db, 600, 2);
      const reads = countReads(storage);
      for (const index of [0, 255, 256, 300, 511, 512, 599, 10, 20]) {
        assert.deepEqual(await ledger.readEntry(index), stored[index], `entry ${index}`);
      }
      assert.equal(
        reads.entries,
        6,
        'entries 0 and 256 alone, blocks 0 and 1 whole, the two tail entries alone',
      );
      assert.deepEqual(
        await ledger.readEntryBundle(1, 256),
        encodeEntryBundle(stored.slice(256, 512).map((entry) => entry.entry)),
      );
      assert.equal(reads.entries, 6, 'a full bundle comes from the cached block');
      await assert.rejects(ledger.readEntry(600), hasCode('INDEX_OUT_OF_RANGE'));
      await ledger.close();
    });

    it('reads one row for a random read once the block cache is full, and a block whole for reads in order', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, storage, stored } = await openWrittenLedger(db, 1024, 1);
      const reads = countReads(storage);
      const expectReads = async (indexes: number[], expected: number, why: string): Promise<void> => {
        const before = reads.entries;
        for (const index of indexes) assert.deepEqual(await ledger.readEntry(index), stored[index]);
        assert.equal(reads.entries - before, expected, why);
      };
      await expectReads([3, 7, 200], 2, 'entry 3 alone, then block 0 whole, which fills the cache');
      await expectReads([300, 400, 310], 3, 'the cache is full: entries of block 1 are read one by one');
      await expectReads([300, 310], 0, 'entries read alone are kept');
      await expectReads([600, 601, 602, 700], 2, 'entry 600 alone, then block 2 whole for its neighbour 601');
      await expectReads([5], 1, 'block 2 took the place of block 0');
      await ledger.close();
    });

    it('serves the rows it committed lately from memory, the same as storage holds, and older ones from storage', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, storage } = await openTestLedger(db, { options: { recentEntries: 300 } });
      const reads = countReads(storage);
      await ledger.appendBatch(Array.from({ length: 200 }, () => makeAppendRequest()));
      await ledger.integrate();
      assert.equal(reads.entries, 0, 'integrating rows just committed reads none back');
      await ledger.appendBatch(Array.from({ length: 500 }, () => makeAppendRequest()));
      const stored = await storage.readEntries(0, 700);
      reads.entries = 0;
      assert.deepEqual(await ledger.readEntries(400, 700), stored.slice(400, 700));
      assert.deepEqual(await ledger.readEntry(650), stored[650]);
      assert.equal(reads.entries, 0, 'the newest 300 rows need no storage read');
      assert.deepEqual(await ledger.readEntries(350, 700), stored.slice(350, 700));
      assert.equal(reads.entries, 1, 'a range reaching older rows is read from storage');
      assert.deepEqual(await ledger.readEntries(5, 5), []);
      await assert.rejects(ledger.readEntries(-1, 3), hasCode('INDEX_OUT_OF_RANGE'));
      await ledger.integrate();
      assert.equal((await ledger.readCheckpoint())?.treeSize, 700);
      await ledger.close();
    });
  });
}
