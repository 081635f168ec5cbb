import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KEY_LABEL_PATTERN as CONTRACT_KEY_LABEL } from '../src/api/contract/index.ts';
import { chooseKeyRoles, isKeyOf, KEY_LABEL_PATTERN } from '../src/services/index.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';
import { createUser, loginAs, type Login } from './user-support.ts';

// Self-service API keys: a depositor makes keys of its organisation holding some of its deposit
// roles (shown once), lists and revokes its own, and never another's.

describe('/v1/me/keys', () => {
  let node: TestNode;
  let owner: Login;
  let other: Login;

  before(async () => {
    node = await startTestNode();
    const password = 'a long enough test password';
    const organisation = 'video-platform';
    await createUser(node.url, node.adminToken, {
      name: 'alice',
      password,
      roles: ['unit', 'operator'],
      organisation,
    });
    await createUser(node.url, node.adminToken, { name: 'bob', password, roles: ['unit'], organisation });
    owner = await loginAs(node.url, 'alice', password);
    other = await loginAs(node.url, 'bob', password);
  });
  after(async () => node?.close());

  const as = (login: Login, init: { method?: string; json?: unknown } = {}) => ({
    ...init,
    headers: login.headers,
  });

  it('creates a key shown once that deposits, lists it without its secret, and revokes it', async () => {
    const created = await node.request('/v1/me/keys', as(owner, { json: { label: 'nightly' } }));
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

    const listed = await node.request('/v1/me/keys', as(owner));
    assert.deepEqual(
      listed.json.keys.map((k: { name: string }) => k.name),
      ['alice:nightly'],
    );
    assert.doesNotMatch(listed.text, new RegExp(key));
    assert.deepEqual((await node.request('/v1/me/keys', as(other))).json.keys, []);
    const byKey = await node.request('/v1/me/keys', { token: key, json: {} });
    assert.ok(byKey.status === 401 || byKey.status === 403, `a key cannot make keys: ${byKey.status}`);
    assert.equal((await node.request('/v1/me/keys')).status, 401);

    const path = `/v1/me/keys/${created.json.id}`;
    assert.equal((await node.request(path, as(other, { method: 'DELETE' }))).status, 404);
    const revoked = await node.request(path, as(owner, { method: 'DELETE' }));
    assert.equal(revoked.status, 200, revoked.text);
    assert.notEqual(revoked.json.revokedAt, null);
    const refused = await node.request('/v1/chains/evidence/entries', {
      token: key,
      json: { digest: randomDigest() },
    });
    assert.equal(refused.status, 401);
  });

  it('refuses roles the owner lacks or that keys may not hold, hostile labels, and a write without CSRF', async () => {
    for (const roles of [['operator'], ['platform'], ['judge']]) {
      const answer = await node.request('/v1/me/keys', as(owner, { json: { roles } }));
      assert.equal(answer.status, 403, JSON.stringify(roles));
      assert.equal(answer.json.code, 'FORBIDDEN');
    }
    for (const label of ['', 'A', '../x', 'a:b', 'x'.repeat(41), 'a b']) {
      const answer = await node.request('/v1/me/keys', as(owner, { json: { label } }));
      assert.equal(answer.status, 400, label);
      assert.equal(answer.json.code, 'REQUEST_INVALID');
    }
    const unknown = await node.request('/v1/me/keys', as(owner, { json: { label: 'x', admin: true } }));
    assert.equal(unknown.status, 400);
    assert.equal((await node.request('/v1/me/keys', as(owner, { json: { label: 'same' } }))).status, 201);
    assert.equal((await node.request('/v1/me/keys', as(owner, { json: { label: 'same' } }))).status, 409);
    const noCsrf = await node.request('/v1/me/keys', { json: {}, headers: { cookie: owner.cookie } });
    assert.ok(noCsrf.status === 401 || noCsrf.status === 403, `${noCsrf.status}`);
    assert.equal((await node.request('/v1/me/keys', { json: {} })).status, 401);
    assert.equal((await node.request('/v1/me/keys/zz', as(owner, { method: 'DELETE' }))).status, 400);
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
    const second = await node.request(`/v1/me/entries?chain=evidence&limit=3&cursor=${first.json.next}`, {
      token: mine.apiKey,
    });
    assert.deepEqual(
      second.json.entries.map((e: { digest: string }) => e.digest),
      digests.slice(0, 2).reverse(),
    );
    assert.equal(second.json.next, null);
    const theirs2 = await node.request('/v1/me/entries', { token: theirs.apiKey });
    assert.equal(theirs2.json.entries.length, 5);
    assert.equal(
      theirs2.json.entries.some((e: { digest: string }) => digests.includes(e.digest)),
      false,
      "another unit never sees the caller's entries",
    );
  });

  it('refuses a bad query and an unknown chain, and asks for a credential', async () => {
    const unit = await node.createUnit();
    for (const query of [
      'chain=evidence&limit=0',
      'chain=evidence&limit=101',
      'chain=evidence&cursor=evidence:-1',
      'cursor=works:1',
    ]) {
      const answer = await node.request(`/v1/me/entries?${query}`, { token: unit.apiKey });
      assert.equal(answer.status, 400, query);
      assert.equal(answer.json.code, 'REQUEST_INVALID', query);
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

  it("takes in a key request exactly the labels it later recognises as the owner's", () => {
    assert.equal(CONTRACT_KEY_LABEL.source, KEY_LABEL_PATTERN.source);
    assert.equal(CONTRACT_KEY_LABEL.flags, KEY_LABEL_PATTERN.flags);
  });
});
