import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openEvidenceNode, startEvidenceNode } from '../src/node/index.ts';
import { parseTrustFile } from '../src/verify/index.ts';
import { createTestDataDir, randomDigest, sendRequest } from './api-node-support.ts';

// Starting, stopping and restarting a node on one data directory.

describe('evidence node lifecycle', () => {
  it('keeps its key, entries and admin token across a restart and shows the token only once', async () => {
    const dataDir = await createTestDataDir();
    try {
      const first = await startEvidenceNode({ dataDir, port: 0 });
      const adminToken = first.node.adminToken;
      assert.match(adminToken ?? '', /^sca_[A-Za-z0-9_-]{43}$/);
      const keyPath = join(dataDir, 'keys', 'evidence.sequencer.key');
      assert.equal(statSync(keyPath).mode & 0o777, 0o600);
      const trustBefore = parseTrustFile(readFileSync(join(dataDir, 'consortium.json'), 'utf8'));
      assert.equal(trustBefore.chains[0]!.origin, 'court.sealchain.local/evidence');
      assert.equal(trustBefore.chains[0]!.quorum, 0);
      assert.equal(trustBefore.chains[0]!.sequencer.url, first.url);
      const unit = await sendRequest(first.url, '/v1/units', { token: adminToken!, json: { name: 'kept' } });
      const deposit = await sendRequest(first.url, '/v1/chains/evidence/entries', {
        token: unit.json.apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(deposit.status, 201);
      await first.close();

      const second = await startEvidenceNode({ dataDir, port: 0 });
      try {
        assert.equal(second.node.adminToken, null);
        const trustAfter = parseTrustFile(readFileSync(join(dataDir, 'consortium.json'), 'utf8'));
        assert.deepEqual(trustAfter.chains[0]!.sequencer.key, trustBefore.chains[0]!.sequencer.key);
        const stored = await sendRequest(second.url, `/v1/chains/evidence/entries/${deposit.json.index}`);
        assert.equal(stored.json.receipt, deposit.json.receipt);
        const again = await sendRequest(second.url, '/v1/chains/evidence/entries', {
          token: unit.json.apiKey,
          json: { digest: randomDigest() },
        });
        assert.equal(again.status, 201);
        assert.equal((await sendRequest(second.url, '/v1/units', { token: adminToken! })).status, 200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second process on the same data directory and takes over a dead one’s lock', async () => {
    const dataDir = await createTestDataDir();
    try {
      const node = await openEvidenceNode({ dataDir, port: 0 });
      await assert.rejects(
        openEvidenceNode({ dataDir, port: 0 }),
        (error: { code?: string }) => error.code === 'DATA_DIR_LOCKED',
      );
      await node.close();
      const dead = spawnSync(process.execPath, ['-e', '']).pid!;
      writeFileSync(join(dataDir, 'node.lock'), `${dead}\n`);
      const again = await openEvidenceNode({ dataDir, port: 0 });
      assert.equal(readFileSync(join(dataDir, 'node.lock'), 'utf8'), `${process.pid}\n`);
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
