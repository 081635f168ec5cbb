import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex } from '../src/crypto/index.ts';
import type { Ledger } from '../src/ledger/index.ts';
import { rfc6962 } from '../src/merkle/index.ts';
import type { SqlClient } from '../src/store/index.ts';
import {
  shareTestDatabases,
  skipUnavailable,
  TEST_BACKENDS,
  type TestBackend,
} from '../src/store/test-support/databases.ts';
import { makeAppendRequest, openTestLedger } from '../src/store/test-support/ledgers.ts';

const useDatabase = shareTestDatabases();
const hasher = rfc6962('sha256');
const CHAIN = '(SELECT chain_id FROM ledger_chains WHERE origin = $1)';

/** A ledger of 600 entries in checkpoints at 300 and 600, plus 5 entries not yet integrated. */
async function buildLedger(
  backend: TestBackend,
): Promise<{ ledger: Ledger; origin: string; client: SqlClient }> {
  const db = await useDatabase(backend);
  const opened = await openTestLedger(db);
  for (let batch = 0; batch < 6; batch++) {
    await opened.ledger.appendBatch(Array.from({ length: 100 }, () => makeAppendRequest()));
    if (batch === 2 || batch === 5) await opened.ledger.integrate();
  }
  await opened.ledger.appendBatch(Array.from({ length: 5 }, () => makeAppendRequest()));
  return { ledger: opened.ledger, origin: opened.origin, client: db.client };
}

for (const backend of TEST_BACKENDS) {
  describe(`Ledger.audit on ${backend}`, () => {
    it('finds nothing wrong with an untouched chain and says what it checked', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await buildLedger(backend);
      const report = await ledger.audit();
      assert.deepEqual(report, {
        ok: true,
        entriesChecked: 605,
        checkpointsChecked: 2,
        tilesChecked: report.tilesChecked,
        divergence: null,
      });
      assert.ok(report.tilesChecked >= 4, `checked ${report.tilesChecked} tiles`);
      await ledger.close();
    });

    it('names the index of an entry row changed in SQL', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, client } = await buildLedger(backend);
      const [row] = await client.query<{ entry: Uint8Array; leaf_hash: Uint8Array }>(
        `UPDATE ledger_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'test', 'forged'), 'UTF8')
         WHERE chain_id = ${CHAIN} AND leaf_index = 417 RETURNING entry, leaf_hash`,
        [origin],
      );
      const report = await ledger.audit();
      assert.equal(report.ok, false);
      assert.deepEqual(report.divergence, {
        kind: 'leaf-hash',
        message: 'entry 417 does not hash to its stored leaf hash',
        leafIndex: 417,
        expected: bytesToHex(row!.leaf_hash),
        computed: bytesToHex(hasher.hashLeaf(row!.entry)),
      });
      await ledger.close();
    });

    it('names the index when an entry and its leaf hash were both rewritten', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, client } = await buildLedger(backend);
      const [before] = await client.query<{ leaf_hash: Uint8Array }>(
        `SELECT leaf_hash FROM ledger_entries WHERE chain_id = ${CHAIN} AND leaf_index = 123`,
        [origin],
      );
      const [after] = await client.query<{ entry: Uint8Array }>(
        `UPDATE ledger_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'test', 'forged'), 'UTF8')
         WHERE chain_id = ${CHAIN} AND leaf_index = 123 RETURNING entry`,
        [origin],
      );
      await client.query(
        `UPDATE ledger_entries SET leaf_hash = $2 WHERE chain_id = ${CHAIN} AND leaf_index = 123`,
        [origin, hasher.hashLeaf(after!.entry)],
      );
      const report = await ledger.audit();
      assert.equal(report.divergence?.kind, 'tile');
      assert.equal(report.divergence?.leafIndex, 123);
      assert.deepEqual(report.divergence?.tile, { level: 0, index: 0 });
      assert.equal(report.divergence?.expected, bytesToHex(before!.leaf_hash));
      assert.equal(report.divergence?.computed, bytesToHex(hasher.hashLeaf(after!.entry)));
      await ledger.close();
    });

    it('checks every partial tile of the tree head, also one its last batch of entries left unchanged', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, origin } = await openTestLedger(db, { options: { auditBatchEntries: 256 } });
      // 868 entries: level-0 tiles 0 to 2 full, 3 partial (100 wide); level-1 tile 0 partial (3 wide).
      // The audit's last batch (entries 768 to 867) changes tile 0/3 only.
      await ledger.appendBatch(Array.from({ length: 868 }, () => makeAppendRequest()));
      await ledger.integrate();
      assert.equal((await ledger.audit()).ok, true);
      const [tile] = await db.client.query<{ hashes: Uint8Array }>(
        `SELECT hashes FROM ledger_tiles WHERE chain_id = ${CHAIN} AND tile_level = 1 AND tile_index = 0`,
        [origin],
      );
      assert.equal(tile!.hashes.length, 3 * 32);
      const forged = tile!.hashes.slice();
      forged[40] = forged[40]! ^ 1;
      await db.client.query(
        `UPDATE ledger_tiles SET hashes = $2 WHERE chain_id = ${CHAIN} AND tile_level = 1 AND tile_index = 0`,
        [origin, forged],
      );
      const report = await ledger.audit();
      assert.equal(report.divergence?.kind, 'tile');
      assert.deepEqual(report.divergence?.tile, { level: 1, index: 0 });
      assert.equal(
        report.divergence?.leafIndex,
        256,
        'the second hash of the tile covers entries 256 to 511',
      );
      await ledger.close();
    });

    it('reports a deleted entry row as missing', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, client } = await buildLedger(backend);
      await client.query(`DELETE FROM ledger_entries WHERE chain_id = ${CHAIN} AND leaf_index = 602`, [
        origin,
      ]);
      const report = await ledger.audit();
      assert.equal(report.divergence?.kind, 'entry-missing');
      assert.equal(report.divergence?.leafIndex, 602);
      await ledger.close();
    });

    it('reports a checkpoint whose stored root was replaced', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, client } = await buildLedger(backend);
      await client.query(
        `UPDATE ledger_checkpoints SET root_hash = $2 WHERE chain_id = ${CHAIN} AND tree_size = 300`,
        [origin, new Uint8Array(32)],
      );
      const report = await ledger.audit();
      assert.equal(report.divergence?.kind, 'checkpoint-root');
      assert.equal(report.divergence?.treeSize, 300);
      assert.equal(report.divergence?.expected, '00'.repeat(32));
      await ledger.close();
    });

    it('reports a checkpoint note whose signature no longer verifies', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, client } = await buildLedger(backend);
      await client.query(
        `UPDATE ledger_checkpoints SET checkpoint = replace(checkpoint, '\n\n', '\nextra line\n\n')
         WHERE chain_id = ${CHAIN} AND tree_size = 600`,
        [origin],
      );
      const report = await ledger.audit();
      assert.equal(report.divergence?.kind, 'checkpoint-note');
      assert.equal(report.divergence?.treeSize, 600);
      await ledger.close();
    });
  });
}
