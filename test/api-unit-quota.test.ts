import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startEvidenceNode } from '../src/node/index.ts';
import {
  createTestDataDir,
  randomDigest,
  sendRequest,
  startTestNode,
  type TestNode,
} from './api-node-support.ts';

// A unit's storage quota: past unitEntryQuota entries on a chain its deposits are refused with
// 507 STORAGE_QUOTA_EXCEEDED and store nothing, while other units still deposit; a replayed
// idempotent deposit does not count twice.

describe('unit storage quota', () => {
  let node: TestNode;
  let greedy: string;
  let other: string;

  before(async () => {
    node = await startTestNode({ api: { unitEntryQuota: 4 } });
    greedy = (await node.createUnit('greedy-platform')).apiKey;
    other = (await node.createUnit('other-platform')).apiKey;
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  const deposit = (token: string, headers: Record<string, string> = {}, digest = randomDigest()) =>
    node.request('/v1/chains/evidence/entries', { token, json: { digest }, headers });

  it('refuses the deposit past the quota, and a batch that would cross it, storing nothing', async () => {
    const replayed = randomDigest();
    assert.equal((await deposit(greedy, { 'idempotency-key': 'once' }, replayed)).status, 201);
    const again = await deposit(greedy, { 'idempotency-key': 'once' }, replayed);
    assert.equal(again.status, 200, again.text);
    assert.equal((await deposit(greedy)).status, 201);
    const batch = await node.request('/v1/chains/evidence/entries/batch', {
      token: greedy,
      json: { entries: [{ digest: randomDigest() }, { digest: randomDigest() }, { digest: randomDigest() }] },
    });
    const size = await node.readSize();
    assert.equal(batch.status, 507, batch.text);
    assert.equal(batch.json.code, 'STORAGE_QUOTA_EXCEEDED');
    assert.equal(batch.json.details.entries, 2);
    assert.equal(batch.json.details.unitEntryQuota, 4);
    assert.equal((await deposit(greedy)).status, 201);
    assert.equal((await deposit(greedy)).status, 201);
    const refused = await deposit(greedy);
    assert.equal(refused.status, 507, refused.text);
    assert.equal(refused.json.code, 'STORAGE_QUOTA_EXCEEDED');
    assert.equal(await node.readSize(), size + 2);
    assert.equal((await deposit(other)).status, 201);
  });
});

describe('unit storage quota across a restart', () => {
  it('counts the entries a unit deposited before the restart, from the chain index', async () => {
    const dataDir = await createTestDataDir();
    const options = { dataDir, port: 0, api: { unitEntryQuota: 3 } };
    try {
      const first = await startEvidenceNode(options);
      const adminToken = first.node.adminToken!;
      const unit = await sendRequest(first.url, '/v1/units', {
        token: adminToken,
        json: { name: 'kept-platform' },
      });
      const deposit = (url: string) =>
        sendRequest(url, '/v1/chains/evidence/entries', {
          token: unit.json.apiKey,
          json: { digest: randomDigest() },
        });
      assert.equal((await deposit(first.url)).status, 201);
      assert.equal((await deposit(first.url)).status, 201);
      // The index derives per-unit counts from the chain in the background.
      let indexed = 0;
      for (let attempt = 0; attempt < 100 && indexed < 2; attempt += 1) {
        const stats = await sendRequest(first.url, '/v1/stats', { token: adminToken });
        const chains: { units?: { unit: string; entries: number }[] }[] = stats.json?.chains ?? [];
        indexed = chains
          .flatMap((chain) => chain.units ?? [])
          .filter((row) => row.unit === 'kept-platform')
          .reduce((sum, row) => sum + row.entries, 0);
        if (indexed < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(indexed, 2);
      await first.close();

      const second = await startEvidenceNode(options);
      try {
        assert.equal((await deposit(second.url)).status, 201);
        const refused = await deposit(second.url);
        assert.equal(refused.status, 507, refused.text);
        assert.equal(refused.json.details.entries, 3);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
