import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EntryBlockCache } from '../src/api/entry-cache.ts';
import { InclusionProver } from '../src/api/inclusion-prover.ts';
import { shareTestDatabases } from '../src/store/test-support/databases.ts';
import { makeAppendRequest, openTestLedger } from '../src/store/test-support/ledgers.ts';

// The API's cached proof and entry reads against the ledger's own, over trees that grow across
// tile boundaries, so that partial tiles of several widths are cached and then outgrown.

const useDatabase = shareTestDatabases();

describe('InclusionProver', () => {
  it('builds the same proofs as the ledger for every index of growing trees', async () => {
    const { ledger } = await openTestLedger(await useDatabase('pglite'));
    const prover = new InclusionProver(ledger, 4, 2);
    for (const grow of [1, 6, 250, 3, 300, 1]) {
      await ledger.appendBatch(Array.from({ length: grow }, () => makeAppendRequest()));
      const checkpoint = (await ledger.integrate())!;
      const size = checkpoint.treeSize;
      const indexes = new Set([0, 1, size - 1, size >> 1, 255, 256, 511, 512].filter((i) => i < size));
      for (let i = 0; i < 20; i++) indexes.add(Math.floor(Math.random() * size));
      for (const index of indexes) {
        const expected = await ledger.proveInclusion(index, size);
        assert.deepEqual(await prover.prove(index, size), expected.hashes, `index ${index} of ${size}`);
      }
    }
    await ledger.close();
  });

  it('refuses a tree size the ledger has no tiles for', async () => {
    const { ledger } = await openTestLedger(await useDatabase('pglite'));
    await ledger.appendBatch(Array.from({ length: 5 }, () => makeAppendRequest()));
    await ledger.integrate();
    const prover = new InclusionProver(ledger, 4);
    await assert.rejects(prover.prove(2, 9), (error: { code?: string }) => error.code === 'TILE_NOT_FOUND');
    assert.equal((await prover.prove(2, 5)).length, 3);
    await ledger.close();
  });
});

describe('EntryBlockCache', () => {
  it('answers every entry as stored, from complete blocks and from the incomplete tail', async () => {
    const { ledger, storage } = await openTestLedger(await useDatabase('pglite'));
    await ledger.appendBatch(Array.from({ length: 600 }, () => makeAppendRequest()));
    let reads = 0;
    const cache = new EntryBlockCache((start, end) => {
      reads++;
      return storage.readEntries(start, end);
    }, 2);
    for (const index of [0, 255, 256, 300, 511, 512, 599, 10, 20]) {
      assert.deepEqual(await cache.readEntry(index, 600), await ledger.readEntry(index), `index ${index}`);
    }
    assert.equal(reads, 4, 'blocks 0 and 1 once each, the two tail entries one by one');
    assert.equal(await cache.readEntry(700, 600), undefined);
    await ledger.close();
  });
});
