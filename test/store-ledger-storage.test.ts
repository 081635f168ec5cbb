import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HashAlgorithm } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { SqlLedgerStorage } from '../src/store/index.ts';
import {
  describeLedgerStorageConformance,
  makeStoredEntry,
} from '../src/ledger/test-support/storage-conformance.ts';
import {
  createTestOrigin,
  shareTestDatabases,
  skipUnavailable,
  TEST_BACKENDS,
} from '../src/store/test-support/databases.ts';

const useDatabase = shareTestDatabases();

for (const backend of TEST_BACKENDS) {
  describeLedgerStorageConformance(
    `SqlLedgerStorage on ${backend}`,
    async (t, hashAlgorithm: HashAlgorithm) => {
      if (skipUnavailable(t, backend)) return undefined;
      const db = await useDatabase(backend);
      const origin = createTestOrigin();
      const storage = await SqlLedgerStorage.open(db.client, origin, hashAlgorithm);
      return {
        storage,
        openTwin: () => SqlLedgerStorage.open(db.client, origin, hashAlgorithm),
        openOtherChain: (other: string) =>
          SqlLedgerStorage.open(db.client, `${other}/${origin}`, hashAlgorithm),
        dispose: async () => undefined,
      };
    },
  );
}

describe('SqlLedgerStorage', () => {
  for (const backend of TEST_BACKENDS) {
    it(`keeps leaf indexes beyond 2^32 exact on ${backend}`, async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const origin = createTestOrigin();
      const storage = await SqlLedgerStorage.open(db.client, origin, 'sha256');
      const start = 2 ** 40 + 3;
      await db.client.query('UPDATE ledger_chains SET entry_count = $1 WHERE origin = $2', [start, origin]);
      const entries = [makeStoredEntry(start), makeStoredEntry(start + 1)];
      await storage.appendEntries(start, entries);
      assert.equal(await storage.countEntries(), start + 2);
      assert.deepEqual(await storage.readEntries(start, start + 2), entries);
    });

    it(`refuses to reopen a chain with another hash algorithm on ${backend}`, async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const origin = createTestOrigin();
      await SqlLedgerStorage.open(db.client, origin, 'sha256');
      await assert.rejects(
        SqlLedgerStorage.open(db.client, origin, 'sm3'),
        (error: unknown) => isSealchainError(error) && error.code === 'STORE_OPTIONS_INVALID',
      );
    });
  }
});
