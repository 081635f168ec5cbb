import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, createSignerKey, toVerifierKey, utf8ToBytes } from '../crypto/index.ts';
import { TILE_WIDTH, type TileId } from '../merkle/index.ts';
import { ConsortiumError } from './errors.ts';
import { auditServedLog, type ServedLogAuditOptions } from './served-log-audit.ts';
import { TestLog } from './test-support/test-log.ts';
import { serveTestLog } from './test-support/tlog-server.ts';
import { TlogClient } from './tlog-client.ts';

// The whole-log audit against a C2SP read API served on 127.0.0.1 over an in-memory log whose
// tiles come from src/merkle; `serve` changes what the server answers without touching the tree.

class ServedLog extends TestLog {
  serve: {
    tile?: (id: TileId, hashes: Uint8Array) => Uint8Array;
    bundle?: (index: number, bytes: Uint8Array) => Uint8Array;
  } = {};

  override readTile(id: TileId): Uint8Array {
    const hashes = super.readTile(id);
    return this.serve.tile?.(id, hashes) ?? hashes;
  }

  override readEntryBundle(index: number, width: number): Uint8Array {
    const bytes = super.readEntryBundle(index, width);
    return this.serve.bundle?.(index, bytes) ?? bytes;
  }
}

const ORIGIN = 'court.sealchain.test/audited';

async function audit(
  log: TestLog,
  options: Partial<ServedLogAuditOptions> = {},
  logKey = toVerifierKey(log.signer),
  checkpoint?: () => string,
) {
  const server = await serveTestLog(log, checkpoint);
  const progress: number[] = [];
  try {
    const report = await auditServedLog({
      client: new TlogClient(server.url, { fetchTimeoutMs: 5_000 }),
      hasher: log.hasher,
      origin: log.origin,
      logKey,
      options,
      onProgress: (entries, treeSize) => {
        assert.equal(treeSize, log.size);
        progress.push(entries);
      },
    });
    return { report, requests: server.requests, progress };
  } finally {
    await server.close();
  }
}

/** `hashes` with hash `at` changed. */
function flipHash(hashes: Uint8Array, at: number): Uint8Array {
  const changed = hashes.slice();
  changed[at * 32 + 5]! ^= 0x40;
  return changed;
}

describe('auditServedLog', () => {
  it('finds an honest log consistent, comparing every tile of the tree, one step of bundles at a time', async () => {
    const log = new ServedLog(ORIGIN).append(700);
    const { report, requests, progress } = await audit(log, { bundlesPerStep: 1 });
    assert.deepEqual(report, {
      ok: true,
      origin: ORIGIN,
      url: report.url,
      treeSize: 700,
      entriesChecked: 700,
      entryBundlesChecked: 3,
      tilesChecked: 4,
      divergence: null,
    });
    assert.deepEqual(progress, [256, 512, 700]);
    assert.deepEqual(requests.slice(0, 5), [
      'checkpoint',
      'tile/entries/000',
      'tile/0/000',
      'tile/entries/001',
      'tile/0/001',
    ]);
    assert.deepEqual(requests.slice(5).sort(), [
      'tile/0/002.p/188',
      'tile/1/000.p/2',
      'tile/entries/002.p/188',
    ]);
  });

  it('audits an empty log', async () => {
    const { report } = await audit(new ServedLog(ORIGIN));
    assert.equal(report.ok, true);
    assert.equal(report.tilesChecked, 0);
  });

  it('names the entry whose served bytes no longer hash to the leaf in the served tile', async () => {
    const log = new ServedLog(ORIGIN).append(700);
    const forged = utf8ToBytes('{"n":300,"label":"forged"}');
    log.tamperEntry(300, forged);
    const { report } = await audit(log, { bundlesPerStep: 2 });
    assert.equal(report.ok, false);
    assert.deepEqual(report.divergence, {
      kind: 'tile',
      message: 'entry 300 (in entry bundle 1) does not hash to hash 44 of the served tile 0/1',
      leafIndex: 300,
      tile: { level: 0, index: 1, width: TILE_WIDTH, hash: 44 },
      expected: bytesToHex(log.hasher.hashLeaf(forged)),
      served: bytesToHex(log.readTile({ level: 0, index: 1, width: TILE_WIDTH }).subarray(44 * 32, 45 * 32)),
    });
  });

  it('catches a partial tile of a higher level that the last step leaves unchanged', async () => {
    const log = new ServedLog(ORIGIN).append(3 * TILE_WIDTH + 10);
    log.serve.tile = (id, hashes) => (id.level === 1 ? flipHash(hashes, 1) : hashes);
    const { report } = await audit(log, { bundlesPerStep: 1 });
    assert.equal(report.divergence?.kind, 'tile');
    assert.equal(report.divergence?.leafIndex, TILE_WIDTH);
    assert.deepEqual(report.divergence?.tile, { level: 1, index: 0, width: 3, hash: 1 });
    assert.match(
      report.divergence!.message,
      /hash 1 of the served tile 1\/0\.p\/3 differs .* entries 256–511/,
    );
  });

  it('compares full tiles above level 0 and reports the first hash that differs', async () => {
    const log = new ServedLog(ORIGIN).appendAtOnce(TILE_WIDTH ** 2 + 20);
    const honest = await audit(log);
    assert.equal(honest.report.ok, true, JSON.stringify(honest.report.divergence));
    assert.equal(honest.report.entryBundlesChecked, TILE_WIDTH + 1);
    assert.equal(honest.report.tilesChecked, TILE_WIDTH + 3, '256 + 1 full, 0/256.p/20 and 2/0.p/1');
    log.serve.tile = (id, hashes) => (id.level === 1 && id.index === 0 ? flipHash(hashes, 7) : hashes);
    const { report } = await audit(log);
    assert.equal(report.divergence?.leafIndex, 7 * TILE_WIDTH);
    assert.deepEqual(report.divergence?.tile, { level: 1, index: 0, width: TILE_WIDTH, hash: 7 });
  });

  it('prefers the entry to the higher tiles that differ because of it, and to later divergences', async () => {
    const log = new ServedLog(ORIGIN).append(600);
    log.tamperEntry(513, utf8ToBytes('{"n":513,"label":"late"}'));
    log.tamperEntry(2, utf8ToBytes('{"n":2,"label":"early"}'));
    const { report } = await audit(log);
    assert.equal(report.divergence?.leafIndex, 2);
    assert.deepEqual(report.divergence?.tile, { level: 0, index: 0, width: TILE_WIDTH, hash: 2 });
  });

  it('reports a checkpoint that does not verify with the sequencer key, and reads nothing more', async () => {
    const log = new ServedLog(ORIGIN).append(20);
    const { report, requests } = await audit(log, {}, toVerifierKey(createSignerKey(ORIGIN)));
    assert.equal(report.divergence?.kind, 'checkpoint-signature');
    assert.match(report.divergence!.message, /NO_TRUSTED_SIGNATURE/);
    assert.deepEqual(requests, ['checkpoint']);
    const garbage = await audit(log, {}, undefined, () => 'not a note');
    assert.equal(garbage.report.divergence?.kind, 'checkpoint-signature');
  });

  it('reports a checkpoint whose root the served tiles and entries do not produce', async () => {
    const log = new ServedLog(ORIGIN).append(300);
    const other = new TestLog(ORIGIN).append(300, 'other');
    const { report } = await audit(log, {}, undefined, () =>
      log.signCheckpoint(300, log.signer, other.rootAt(300)),
    );
    assert.deepEqual(report.divergence, {
      kind: 'checkpoint-root',
      message: 'the served entries recompute to another root than the checkpoint of size 300',
      treeSize: 300,
      expected: bytesToHex(log.rootAt(300)),
      served: bytesToHex(other.rootAt(300)),
    });
  });

  it('throws TLOG_FETCH_FAILED on a malformed tile, a malformed entry bundle or a log it cannot reach', async () => {
    const failsWith = (pattern: RegExp) => (error: unknown) => {
      assert.ok(error instanceof ConsortiumError, String(error));
      assert.equal(error.code, 'TLOG_FETCH_FAILED');
      assert.match(error.message, pattern);
      return true;
    };
    const log = new ServedLog(ORIGIN).append(300);
    log.serve.tile = (id, hashes) => (id.level === 0 && id.index === 1 ? hashes.subarray(0, 45) : hashes);
    await assert.rejects(audit(log), failsWith(/tile 0\/1 has 45 bytes, not 1408/));
    log.serve.tile = undefined;
    log.serve.bundle = (index, bytes) => (index === 0 ? bytes.subarray(0, bytes.length - 1) : bytes);
    await assert.rejects(audit(log), failsWith(/entry bundle 0 is not a valid entry bundle/));
    const gone = await serveTestLog(log);
    await gone.close();
    await assert.rejects(
      auditServedLog({
        client: new TlogClient(gone.url),
        hasher: log.hasher,
        origin: ORIGIN,
        logKey: toVerifierKey(log.signer),
      }),
      failsWith(/could not fetch/),
    );
  });

  it('rejects unknown and out-of-range options', async () => {
    const log = new ServedLog(ORIGIN);
    for (const options of [{ bogus: 1 }, { concurrency: 0 }, { bundlesPerStep: 1.5 }]) {
      await assert.rejects(
        audit(log, options as Partial<ServedLogAuditOptions>),
        (error: unknown) => error instanceof ConsortiumError && error.code === 'CONSORTIUM_OPTIONS_INVALID',
      );
    }
  });
});
