// GET /v1/me/entries on a started local consortium: a person's entries made under their own name
// and with their own API keys, on every chain of the consortium (the gateway asks each chain's
// node and merges their pages by time), each naming the key that made it; another person's entries
// and a look-alike key of another organisation are never listed; hostile queries get typed 400s.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { randomDigest } from './api-node-support.ts';
import { makeMetadata } from './fixtures/works/registry-setup.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';
import { createUser, loginAs, type Login } from './user-support.ts';

const PASSWORD = 'a long enough test password';
const ORGANISATION = 'video-platform';

interface Listed {
  chain: string;
  index: number;
  id: string;
  digest: string;
  time: string;
  principal: string;
  key: string | null;
}

describe('GET /v1/me/entries on a local consortium', () => {
  let consortium: TestConsortium;
  let alice: Login;
  let bob: Login;
  let aliceKey: string;
  let lookAlikeKey: string;
  const mine: { digest: string; principal: string }[] = [];

  before(async () => {
    consortium = await startTestConsortium();
    const admin = consortium.running.adminToken!;
    for (const name of ['alice', 'bob']) {
      await createUser(consortium.url, admin, {
        name,
        password: PASSWORD,
        roles: ['unit'],
        organisation: ORGANISATION,
      });
    }
    alice = await loginAs(consortium.url, 'alice', PASSWORD);
    bob = await loginAs(consortium.url, 'bob', PASSWORD);
    const key = await consortium.request('/v1/me/keys', {
      headers: alice.headers,
      json: { label: 'nightly' },
    });
    assert.equal(key.status, 201, key.text);
    aliceKey = key.json.apiKey;
    // A principal another organisation named like one of alice's keys: never alice's.
    const lookAlike = await consortium.request('/v1/principals', {
      token: admin,
      json: { name: 'alice:evil', organisation: 'court', roles: ['unit'] },
    });
    assert.equal(lookAlike.status, 201, lookAlike.text);
    lookAlikeKey = lookAlike.json.apiKey;

    const deposit = async (
      auth: { token?: string; headers?: Record<string, string> },
      principal: string | null,
    ) => {
      const digest = randomDigest();
      const answer = await consortium.request('/v1/chains/evidence/entries', { ...auth, json: { digest } });
      assert.equal(answer.status, 201, answer.text);
      if (principal !== null) mine.push({ digest, principal });
    };
    await deposit({ headers: alice.headers }, 'alice');
    await deposit({ token: aliceKey }, 'alice:nightly');
    await deposit({ headers: bob.headers }, null);
    await deposit({ token: lookAlikeKey }, null);
    await deposit({ headers: alice.headers }, 'alice');
    // A work registered with alice's key: a `work` entry on the works chain, made by the key.
    const body = new FormData();
    body.set('metadata', JSON.stringify(makeMetadata({ title: 'coffee', workType: 'image' })));
    const photo = new Uint8Array(await readFile(new URL('./fixtures/photos/coffee.jpg', import.meta.url)));
    body.set('file', new Blob([photo]), 'coffee.jpg');
    const registered = await fetch(`${consortium.url}/v1/works?wait=none`, {
      method: 'POST',
      headers: { authorization: `Bearer ${aliceKey}` },
      body,
    });
    const registration = (await registered.json()) as { registration: { entry?: { digest?: string } } };
    assert.equal(registered.status, 201, JSON.stringify(registration));
    await deposit({ token: aliceKey }, 'alice:nightly');
  });
  after(async () => consortium?.close());

  async function listAll(auth: { token?: string; headers?: Record<string, string> }, query: string) {
    const listed: Listed[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const path: string = `/v1/me/entries?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const answer = await consortium.request(path, auth);
      assert.equal(answer.status, 200, answer.text);
      listed.push(...(answer.json.entries as Listed[]));
      cursor = answer.json.next;
      if (cursor === null) return listed;
    }
    throw new Error('the pages never ended');
  }

  it("lists a person's entries and their key's over both chains, newest first, naming the key", async () => {
    const all = await listAll({ headers: alice.headers }, 'limit=50');
    const evidence = all.filter((e) => e.chain === 'evidence');
    assert.deepEqual(
      evidence.map((e) => [e.digest, e.principal]),
      [...mine].reverse().map((m) => [m.digest, m.principal]),
    );
    assert.deepEqual(
      evidence.map((e) => e.key),
      [...mine].reverse().map((m) => (m.principal === 'alice' ? null : 'nightly')),
    );
    const works = all.filter((e) => e.chain === 'works');
    assert.equal(works.length, 1, JSON.stringify(all));
    assert.equal(works[0]!.principal, 'alice:nightly');
    assert.equal(works[0]!.key, 'nightly');
    const times = all.map((e) => e.time);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first over both chains');
    assert.equal(all[1]!.chain, 'works', 'the work sits between the last two deposits');

    for (const limit of [1, 2, 3]) {
      const paged = await listAll({ headers: alice.headers }, `limit=${limit}`);
      assert.deepEqual(
        paged.map((e) => e.id),
        all.map((e) => e.id),
        `pages of ${limit}`,
      );
    }
    const onlyWorks = await listAll({ headers: alice.headers }, 'chain=works');
    assert.deepEqual(
      onlyWorks.map((e) => e.id),
      works.map((e) => e.id),
    );
    const onlyEvidence = await listAll({ headers: alice.headers }, 'chain=evidence&limit=2');
    assert.deepEqual(
      onlyEvidence.map((e) => e.id),
      evidence.map((e) => e.id),
    );
  });

  it("never lists another person's entries, nor a look-alike key's; a key sees only its own", async () => {
    const bobs = await listAll({ headers: bob.headers }, '');
    assert.equal(bobs.length, 1);
    assert.equal(bobs[0]!.principal, 'bob');
    const byKey = await listAll({ token: aliceKey }, '');
    assert.deepEqual(new Set(byKey.map((e) => e.principal)), new Set(['alice:nightly']));
    assert.equal(byKey.length, 3);
    const lookAlike = await listAll({ token: lookAlikeKey }, '');
    assert.deepEqual(
      lookAlike.map((e) => e.principal),
      ['alice:evil'],
    );
    const alices = await listAll({ headers: alice.headers }, '');
    assert.equal(
      alices.some((e) => e.principal === 'alice:evil' || e.principal === 'bob'),
      false,
    );
  });

  it('answers hostile queries with typed 400s, and a caller without a credential with 401', async () => {
    for (const query of [
      'limit=0',
      'limit=-1',
      'limit=101',
      'limit=99999999999999999999',
      'limit=1e2',
      'cursor=',
      'cursor=garbage',
      'cursor=evidence:-1',
      'cursor=evidence:1,evidence:2',
      'cursor=nowhere:3',
      'chain=works&cursor=evidence:3',
      `cursor=${'evidence:1,'.repeat(200)}`,
    ]) {
      const answer = await consortium.request(`/v1/me/entries?${query}`, { headers: alice.headers });
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/, query);
      assert.equal(answer.json.code, 'REQUEST_INVALID', query);
    }
    // NUL is refused in every request by one middleware (src/api/text-guard.ts), typed as such.
    for (const query of ['cursor=evidence:1%00', 'chain=evidence%00', 'limit=5%00']) {
      const answer = await consortium.request(`/v1/me/entries?${query}`, { headers: alice.headers });
      assert.equal(answer.status, 422, `${query}: ${answer.text}`);
      assert.equal(answer.json.code, 'TEXT_NUL_REFUSED', query);
    }
    const unknown = await consortium.request('/v1/me/entries?chain=nowhere', { headers: alice.headers });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.code, 'CHAIN_NOT_FOUND');
    assert.equal((await consortium.request('/v1/me/entries')).status, 401);
    assert.equal((await consortium.request('/v1/me/entries?chain=works')).status, 401);
  });
});
