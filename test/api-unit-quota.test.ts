import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

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
