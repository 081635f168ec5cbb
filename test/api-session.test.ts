import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from './api-node-support.ts';
import { createUser, loginAs, readSessionCookie } from './user-support.ts';

let node: TestNode;
before(async () => {
  node = await startTestNode();
});
after(async () => {
  await node?.close();
});

const PASSWORD = 'long enough password';

describe('logging in with a session cookie', () => {
  it('sets an HttpOnly, SameSite=Lax cookie for / (not Secure over http) and answers the user with a CSRF token', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'creator-wu',
      password: PASSWORD,
      roles: ['creator'],
      organisation: 'video-platform',
    });
    const answer = await node.request('/v1/session', { json: { name: 'creator-wu', password: PASSWORD } });
    assert.equal(answer.status, 200, answer.text);
    const [line] = answer.headers.getSetCookie();
    assert.match(line!, /^sealchain_session=[A-Za-z0-9_-]{43};/);
    assert.match(line!, /; HttpOnly/);
    assert.match(line!, /; SameSite=Lax/);
    assert.match(line!, /; Path=\//);
    assert.doesNotMatch(line!, /Secure/);
    assert.equal(answer.json.user.name, 'creator-wu');
    assert.equal(answer.json.user.organisation, 'video-platform');
    assert.deepEqual(answer.json.user.roles, ['creator']);
    assert.match(answer.json.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const cookie = readSessionCookie(answer.headers)!;
    const me = await node.request('/v1/session', { headers: { cookie } });
    assert.equal(me.status, 200);
    assert.equal(me.json.csrfToken, answer.json.csrfToken);
  });

  it('answers a wrong password and an unknown name alike (LOGIN_FAILED)', async () => {
    const wrong = await node.request('/v1/session', {
      json: { name: 'creator-wu', password: 'not the password' },
    });
    const unknown = await node.request('/v1/session', {
      json: { name: 'nobody-here', password: 'not the password' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.json.code, 'LOGIN_FAILED');
    assert.equal(unknown.json.code, 'LOGIN_FAILED');
    assert.equal(wrong.json.detail, unknown.json.detail);
  });

  it('logs out: the session ends and the cookie is cleared', async () => {
    const login = await loginAs(node.url, 'creator-wu', PASSWORD);
    const out = await node.request('/v1/session', { method: 'DELETE', headers: login.headers });
    assert.equal(out.status, 204, out.text);
    assert.match(out.headers.getSetCookie()[0]!, /sealchain_session=;.*Max-Age=0/);
    const me = await node.request('/v1/session', { headers: { cookie: login.cookie } });
    assert.equal(me.status, 401);
    assert.equal(me.json.code, 'SESSION_REQUIRED');
  });
});

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses a write without or with a wrong X-CSRF-Token, or from another origin, and changes nothing', async () => {
    const login = await loginAs(node.url, 'creator-wu', PASSWORD);
    for (const headers of <Record<string, string>[]>[
      { cookie: login.cookie },
      { cookie: login.cookie, 'x-csrf-token': 'x'.repeat(43) },
      { ...login.headers, origin: 'https://evil.example' },
    ]) {
      const refused = await node.request('/v1/session', { method: 'DELETE', headers });
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal(refused.json.code, 'CSRF_TOKEN_INVALID');
    }
    const still = await node.request('/v1/session', { headers: { cookie: login.cookie } });
    assert.equal(still.status, 200, 'the session was not ended');
    const pw = await node.request('/v1/me/password', {
      headers: { cookie: login.cookie },
      json: { currentPassword: PASSWORD, newPassword: 'another long password' },
    });
    assert.equal(pw.status, 403);
    assert.equal(
      (await node.request('/v1/session', { json: { name: 'creator-wu', password: PASSWORD } })).status,
      200,
    );
  });

  it('leaves bearer API-key requests alone', async () => {
    const unit = await node.createUnit();
    const answer = await node.request('/v1/chains/evidence/entries', {
      token: unit.apiKey,
      json: { digest: `sha256:${'ab'.repeat(32)}` },
    });
    assert.equal(answer.status, 201, answer.text);
  });
});

describe('roles of a logged-in user', () => {
  it('keeps a creator out of registrar and operator APIs (403), through the same table as API keys', async () => {
    const login = await loginAs(node.url, 'creator-wu', PASSWORD);
    const users = await node.request('/v1/users', { headers: login.headers });
    assert.equal(users.status, 403);
    assert.equal(users.json.code, 'ROLE_REQUIRED');
    const reviews = await node.request('/v1/reviews', { headers: login.headers });
    assert.notEqual(reviews.status, 200);
    const admin = await node.request('/v1/principals', { headers: login.headers });
    assert.equal(admin.status, 403);
  });

  it('lets an operator list users with the cookie', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'ops-zhang',
      password: PASSWORD,
      roles: ['operator'],
      organisation: null,
    });
    const login = await loginAs(node.url, 'ops-zhang', PASSWORD);
    const users = await node.request('/v1/users', { headers: login.headers });
    assert.equal(users.status, 200, users.text);
    assert.ok(users.json.users.some((u: { name: string }) => u.name === 'creator-wu'));
    assert.ok(users.json.users.every((u: object) => !('passwordHash' in u) && !('id' in u)));
  });
});
