import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, randomBytes } from '../crypto/index.ts';
import { SqlDigestLookup } from './sql-digest-lookup.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from './test-support/databases.ts';
import { makeAppendRequest, openTestLedger } from './test-support/ledgers.ts';

const useDatabase = shareTestDatabases();

for (const backend of TEST_BACKENDS) {
  describe(`SqlDigestLookup on ${backend}`, () => {
    it('finds every entry of a digest, oldest first, and nothing of other chains', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, origin } = await openTestLedger(db);
      const other = await openTestLedger(db);
      const digest = `sha256:${bytesToHex(randomBytes(32))}`;
      await ledger.appendBatch([makeAppendRequest(), makeAppendRequest({ digest }), makeAppendRequest()]);
      await ledger.append(makeAppendRequest({ digest, meta: { copy: 2 } }));
      await other.ledger.append(makeAppendRequest({ digest }));
      const found = await new SqlDigestLookup(db.client, origin).findEntriesByDigest(digest, 10);
      assert.deepEqual(
        found.map((entry) => entry.leafIndex),
        [1, 3],
      );
      assert.deepEqual(found[0], await ledger.readEntry(1));
      const none = `sha256:${bytesToHex(randomBytes(32))}`;
      assert.deepEqual(await new SqlDigestLookup(db.client, origin).findEntriesByDigest(none, 10), []);
      await Promise.all([ledger.close(), other.ledger.close()]);
    });

    it('finds SM3 digests on an SM3 chain and honours the limit', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, origin } = await openTestLedger(db, { hashAlgorithm: 'sm3' });
      const digest = `sm3:${bytesToHex(randomBytes(32))}`;
      await ledger.appendBatch([1, 2, 3].map((n) => makeAppendRequest({ digest, meta: { n } })));
      const lookup = new SqlDigestLookup(db.client, origin);
      assert.deepEqual(
        (await lookup.findEntriesByDigest(digest, 2)).map((entry) => entry.leafIndex),
        [0, 1],
      );
      assert.deepEqual(await lookup.findEntriesByDigest(`sha256:${digest.slice(4)}`, 10), []);
      assert.deepEqual(await lookup.findEntriesByDigest('sm3:not-hex', 10), []);
      await ledger.close();
    });
  });
}
