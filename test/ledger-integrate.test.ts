import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { concatBytes, toVerifierKey } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import type { Ledger } from '../src/ledger/index.ts';
import { decodeEntryBundle, rfc6962, verifyConsistency, verifyInclusion } from '../src/merkle/index.ts';
import { verifyCheckpoint } from '../src/note/index.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';
import { makeAppendRequest, openTestLedger } from '../src/store/test-support/ledgers.ts';

const useDatabase = shareTestDatabases();
const hasher = rfc6962('sha256');

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

// RFC 9162 §2.1.1 written out literally, with node:crypto, sharing nothing with src/merkle.
function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

function naiveRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return sha256(Uint8Array.of(0), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha256(Uint8Array.of(1), naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

async function appendMany(ledger: Ledger, count: number): Promise<void> {
  for (let done = 0; done < count; done += 100) {
    await ledger.appendBatch(Array.from({ length: Math.min(100, count - done) }, () => makeAppendRequest()));
  }
}

for (const backend of TEST_BACKENDS) {
  describe(`Ledger integration on ${backend}`, () => {
    it('signs checkpoints whose roots equal a naive recomputation, across tile boundaries', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, signer } = await openTestLedger(await useDatabase(backend), {
        options: { maxIntegrationEntries: 300 },
      });
      const leaves: Uint8Array[] = [];
      for (const batch of [1, 2, 253, 1, 255, 300, 7]) {
        const results = await ledger.appendBatch(Array.from({ length: batch }, () => makeAppendRequest()));
        leaves.push(...results.map((result) => new TextEncoder().encode(result.entry)));
        const checkpoint = await ledger.integrate();
        assert.equal(checkpoint?.treeSize, leaves.length);
        assert.deepEqual(checkpoint.rootHash, naiveRoot(leaves));
        const verified = verifyCheckpoint(checkpoint.note, origin, toVerifierKey(signer));
        assert.equal(verified.checkpoint.treeSize, leaves.length);
        assert.deepEqual(verified.checkpoint.rootHash, checkpoint.rootHash);
      }
      await ledger.close();
    });

    it('announces each checkpoint it signs to its watchers, in order, until they stop watching', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend), {
        options: { maxIntegrationEntries: 100 },
      });
      const announced: number[] = [];
      const stop = ledger.watchCheckpoints((checkpoint) => announced.push(checkpoint.treeSize));
      ledger.watchCheckpoints(() => {
        throw new Error('a failing watcher does not stop integration');
      });
      await appendMany(ledger, 250);
      const checkpoint = await ledger.integrate();
      assert.equal(checkpoint?.treeSize, 250);
      assert.deepEqual(announced, [100, 200, 250]);
      stop();
      await appendMany(ledger, 5);
      assert.equal((await ledger.integrate())?.treeSize, 255);
      assert.deepEqual(announced, [100, 200, 250]);
      await ledger.close();
    });

    it('serves inclusion proofs from stored tiles that verify for every leaf', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, storage } = await openTestLedger(await useDatabase(backend));
      await appendMany(ledger, 530);
      const checkpoint = (await ledger.integrate())!;
      const stored = await storage.readEntries(0, 530);
      for (const entry of stored) {
        const proof = await ledger.proveInclusion(entry.leafIndex);
        verifyInclusion(hasher, entry.leafIndex, 530, entry.leafHash, proof.hashes, checkpoint.rootHash);
      }
      const smaller = await ledger.proveInclusion(300, 301);
      verifyInclusion(
        hasher,
        300,
        301,
        stored[300]!.leafHash,
        smaller.hashes,
        naiveRoot(stored.slice(0, 301).map((e) => e.entry)),
      );
      const tampered = await ledger.proveInclusion(17);
      tampered.hashes[0]![0]! ^= 1;
      assert.throws(
        () => verifyInclusion(hasher, 17, 530, stored[17]!.leafHash, tampered.hashes, checkpoint.rootHash),
        hasCode('INCLUSION_PROOF_INVALID'),
      );
      await ledger.close();
    });

    it('serves consistency proofs between checkpoints that verify', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, storage } = await openTestLedger(await useDatabase(backend));
      const roots = new Map<number, Uint8Array>();
      for (const batch of [3, 250, 10, 300]) {
        await appendMany(ledger, batch);
        const checkpoint = (await ledger.integrate())!;
        roots.set(checkpoint.treeSize, checkpoint.rootHash);
      }
      assert.deepEqual(
        (await storage.listCheckpoints(0, 10)).map((checkpoint) => checkpoint.treeSize),
        [3, 253, 263, 563],
      );
      const sizes = [...roots.keys()];
      for (const size1 of [1, ...sizes]) {
        for (const size2 of sizes.filter((size) => size >= size1)) {
          const proof = await ledger.proveConsistency(size1, size2);
          const root1 =
            roots.get(size1) ?? naiveRoot((await storage.readEntries(0, size1)).map((e) => e.entry));
          verifyConsistency(hasher, size1, size2, proof.hashes, root1, roots.get(size2)!);
        }
      }
      await ledger.close();
    });

    it('serves C2SP tiles and entry bundles at any width up to the tree', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, storage } = await openTestLedger(await useDatabase(backend));
      await appendMany(ledger, 260);
      await ledger.integrate();
      const stored = await storage.readEntries(0, 260);
      const fullTile = await ledger.readTile(0, 0, 256);
      assert.deepEqual(fullTile.subarray(32 * 255, 32 * 256), stored[255]!.leafHash);
      assert.deepEqual(await ledger.readTile(0, 0, 10), fullTile.slice(0, 320));
      assert.deepEqual(
        await ledger.readTile(0, 1, 4),
        concatBytes(...stored.slice(256, 260).map((e) => e.leafHash)),
      );
      assert.deepEqual(await ledger.readTile(1, 0, 1), naiveRoot(stored.slice(0, 256).map((e) => e.entry)));
      assert.deepEqual(
        decodeEntryBundle(await ledger.readEntryBundle(1, 4), 4),
        stored.slice(256).map((e) => e.entry),
      );
      assert.deepEqual(
        decodeEntryBundle(await ledger.readEntryBundle(0, 3), 3),
        stored.slice(0, 3).map((e) => e.entry),
      );
      await assert.rejects(ledger.readTile(0, 1, 5), hasCode('TILE_NOT_FOUND'));
      await assert.rejects(ledger.readEntryBundle(2, 1), hasCode('TILE_NOT_FOUND'));
      await ledger.append(makeAppendRequest());
      await assert.rejects(ledger.readEntryBundle(1, 5), hasCode('TILE_NOT_FOUND'));
      await ledger.integrate();
      assert.equal(decodeEntryBundle(await ledger.readEntryBundle(1, 5), 5).length, 5);
      await ledger.close();
    });

    it('refuses proofs outside the tree with typed errors', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend));
      await assert.rejects(ledger.proveInclusion(0), hasCode('CHECKPOINT_NOT_FOUND'));
      await appendMany(ledger, 5);
      await ledger.integrate();
      await ledger.append(makeAppendRequest());
      await assert.rejects(ledger.proveInclusion(5), hasCode('INDEX_OUT_OF_RANGE'));
      await assert.rejects(ledger.proveInclusion(-1), hasCode('INDEX_OUT_OF_RANGE'));
      await assert.rejects(ledger.proveInclusion(0, 6), hasCode('TREE_SIZE_INVALID'));
      await assert.rejects(ledger.proveConsistency(0, 5), hasCode('TREE_SIZE_INVALID'));
      await assert.rejects(ledger.proveConsistency(4, 3), hasCode('TREE_SIZE_INVALID'));
      await assert.rejects(ledger.readEntry(99), hasCode('INDEX_OUT_OF_RANGE'));
      await ledger.close();
    });

    it('integrates on its own timer well within the merge delay', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend), {
        autoIntegrate: true,
        options: { integrationIntervalMs: 50 },
      });
      const receipt = await ledger.append(makeAppendRequest());
      const started = Date.now();
      let checkpoint = await ledger.readCheckpoint();
      while (
        (checkpoint?.treeSize ?? 0) <= receipt.leafIndex &&
        Date.now() - started < ledger.options.maxMergeDelayMs
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        checkpoint = await ledger.readCheckpoint();
      }
      assert.equal(checkpoint?.treeSize, 1);
      await ledger.close();
    });

    it('signs the entries as receipted when a row it holds since its commit was changed in storage; the audit names the row', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const { ledger, origin } = await openTestLedger(db);
      const receipts = await ledger.appendBatch(Array.from({ length: 5 }, () => makeAppendRequest()));
      await db.client.query(
        `UPDATE ledger_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'test', 'TEST'), 'UTF8')
         WHERE leaf_index = 4 AND chain_id = (SELECT chain_id FROM ledger_chains WHERE origin = $1)`,
        [origin],
      );
      const checkpoint = await ledger.integrate();
      assert.equal(checkpoint?.treeSize, 5);
      const proof = await ledger.proveInclusion(4, 5);
      // The tree holds the receipted leaf (verifyInclusion throws otherwise).
      verifyInclusion(hasher, 4, 5, receipts[4]!.leafHash, proof.hashes, checkpoint!.rootHash);
      const report = await ledger.audit();
      assert.equal(report.divergence?.kind, 'leaf-hash');
      assert.equal(report.divergence?.leafIndex, 4);
      await ledger.close();
    });

    it('stops integrating rather than sign a tree over an entry read back that no longer hashes to its leaf', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      // recentEntries: 1, so that the integrator reads the rows back from storage.
      const { ledger, origin } = await openTestLedger(db, { options: { recentEntries: 1 } });
      await appendMany(ledger, 3);
      await ledger.integrate();
      await appendMany(ledger, 2);
      await db.client.query(
        `UPDATE ledger_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'test', 'TEST'), 'UTF8')
         WHERE leaf_index = 4 AND chain_id = (SELECT chain_id FROM ledger_chains WHERE origin = $1)`,
        [origin],
      );
      await assert.rejects(
        ledger.integrate(),
        (error: unknown) =>
          hasCode('STORAGE_CORRUPT')(error) &&
          (error as { details: { leafIndex: number } }).details.leafIndex === 4,
      );
      assert.equal((await ledger.readCheckpoint())?.treeSize, 3);
      assert.equal(ledger.integrationError?.code, 'STORAGE_CORRUPT');
      await ledger.close();
    });
  });
}
