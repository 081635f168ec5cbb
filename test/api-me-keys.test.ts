import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chooseKeyRoles, isKeyOf } from '../src/api/self-service-keys.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

// Self-service API keys: a depositor makes keys of its organisation holding some of its deposit
// roles (shown once), lists and revokes its own, and never another's.

describe('/v1/me/keys', () => {
  let node: TestNode;
  let owner: { name: string; apiKey: string };
  let other: { name: string; apiKey: string };

  before(async () => {
    node = await startTestNode();
    owner = await node.createPrincipal(['unit', 'operator'], 'video-platform', 'alice');
    other = await node.createPrincipal(['unit'], 'video-platform', 'bob');
  });
  after(async () => node?.close());

  it('creates a key shown once that deposits, lists it without its secret, and revokes it', async () => {
    const created = await node.request('/v1/me/keys', { token: owner.apiKey, json: { label: 'nightly' } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.name, 'alice:nightly');
    assert.equal(created.json.organisation, 'video-platform');
    assert.deepEqual(created.json.roles, ['unit']);
    assert.match(created.headers.get('cache-control') ?? '', /no-store/);
    const key: string = created.json.apiKey;
    const deposit = await node.request('/v1/chains/evidence/entries', {
      token: key,
      json: { digest: randomDigest() },
    });
    assert.equal(deposit.status, 201, deposit.text);

    const listed = await node.request('/v1/me/keys', { token: owner.apiKey });
    assert.deepEqual(
      listed.json.keys.map((k: { name: string }) => k.name),
      ['alice:nightly'],
    );
    assert.doesNotMatch(listed.text, new RegExp(key));
    assert.deepEqual((await node.request('/v1/me/keys', { token: other.apiKey })).json.keys, []);

    const stolen = await node.request(`/v1/me/keys/${created.json.id}`, {
      method: 'DELETE',
      token: other.apiKey,
    });
    assert.equal(stolen.status, 404);
    const revoked = await node.request(`/v1/me/keys/${created.json.id}`, {
      method: 'DELETE',
      token: owner.apiKey,
    });
    assert.equal(revoked.status, 200, revoked.text);
    assert.notEqual(revoked.json.revokedAt, null);
    const refused = await node.request('/v1/chains/evidence/entries', {
      token: key,
      json: { digest: randomDigest() },
    });
    assert.equal(refused.status, 401);
  });

  it('refuses roles the owner lacks or that keys may not hold, and hostile labels', async () => {
    for (const roles of [['operator'], ['platform'], ['judge']]) {
      const answer = await node.request('/v1/me/keys', { token: owner.apiKey, json: { roles } });
      assert.equal(answer.status, 403, JSON.stringify(roles));
      assert.equal(answer.json.code, 'FORBIDDEN');
    }
    for (const label of ['', 'A', '../x', 'a:b', 'x'.repeat(41), 'a b']) {
      const answer = await node.request('/v1/me/keys', { token: owner.apiKey, json: { label } });
      assert.equal(answer.status, 400, label);
      assert.equal(answer.json.code, 'REQUEST_INVALID');
    }
    const unknown = await node.request('/v1/me/keys', {
      token: owner.apiKey,
      json: { label: 'x', admin: true },
    });
    assert.equal(unknown.status, 400);
    const twice = await node.request('/v1/me/keys', { token: owner.apiKey, json: { label: 'same' } });
    assert.equal(twice.status, 201);
    const again = await node.request('/v1/me/keys', { token: owner.apiKey, json: { label: 'same' } });
    assert.equal(again.status, 409);
    assert.equal((await node.request('/v1/me/keys', { json: {} })).status, 401);
    assert.equal(
      (await node.request('/v1/me/keys/zz', { method: 'DELETE', token: owner.apiKey })).status,
      400,
    );
  });
});

describe('/v1/me/entries', () => {
  let node: TestNode;
  before(async () => {
    node = await startTestNode();
  });
  after(async () => node?.close());

  it("lists the caller's own entries newest first, a page at a time, and no one else's", async () => {
    const mine = await node.createUnit('carol');
    const theirs = await node.createUnit('dave');
    const digests: string[] = [];
    for (let i = 0; i < 5; i++) {
      const digest = randomDigest();
      digests.push(digest);
      const answer = await node.request('/v1/chains/evidence/entries', {
        token: mine.apiKey,
        json: { digest },
      });
      assert.equal(answer.status, 201, answer.text);
      await node.request('/v1/chains/evidence/entries', {
        token: theirs.apiKey,
        json: { digest: randomDigest() },
      });
    }
    const first = await node.request('/v1/me/entries?chain=evidence&limit=3', { token: mine.apiKey });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(
      first.json.entries.map((e: { digest: string }) => e.digest),
      digests.slice(2).reverse(),
    );
    assert.equal(first.json.entries[0].type, 'evidence');
    assert.match(first.json.entries[0].time, /^\d{4}-\d\d-\d\dT/);
    const second = await node.request(`/v1/me/entries?chain=evidence&limit=3&before=${first.json.next}`, {
      token: mine.apiKey,
    });
    assert.deepEqual(
      second.json.entries.map((e: { digest: string }) => e.digest),
      digests.slice(0, 2).reverse(),
    );
    assert.equal(second.json.next, null);
  });

  it('refuses a bad query and an unknown chain, and asks for a credential', async () => {
    const unit = await node.createUnit();
    for (const query of [
      '',
      'chain=evidence&limit=0',
      'chain=evidence&limit=101',
      'chain=evidence&before=-1',
    ]) {
      const answer = await node.request(`/v1/me/entries?${query}`, { token: unit.apiKey });
      assert.equal(answer.status, 400, query);
    }
    for (const chain of ['nowhere', '..%2Fx']) {
      const answer = await node.request(`/v1/me/entries?chain=${chain}`, { token: unit.apiKey });
      assert.equal(answer.status, 404, chain);
    }
    assert.equal((await node.request('/v1/me/entries?chain=evidence')).status, 401);
  });
});

describe('self-service key rules', () => {
  it("recognises only the owner's keys", () => {
    assert.equal(isKeyOf('alice', 'alice:ci'), true);
    assert.equal(isKeyOf('alice', 'alice:foo:bar'), false);
    assert.equal(isKeyOf('alice:foo', 'alice:foo:bar'), true);
    assert.equal(isKeyOf('alice', 'alicex:ci'), false);
    assert.equal(isKeyOf('alice', 'alice'), false);
  });

  it('gives every deposit role of the owner when none are asked for', () => {
    assert.deepEqual(chooseKeyRoles(['unit', 'platform', 'operator'], undefined), ['unit', 'platform']);
    assert.deepEqual(chooseKeyRoles(['operator'], []), []);
  });
});
