import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from './api-node-support.ts';
import { generateTotp } from '../src/accounts/index.ts';
import { createUser, enrolTotp, loginAs, readSessionCookie } from './user-support.ts';

/** RFC 4648 base32 to bytes (the secret of an otpauth URI). */
function decodeBase32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const ch of text) {
    value = (value << 5) | alphabet.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

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
    assert.equal(admin.json.code, 'FORBIDDEN');
    assert.match(admin.json.detail, /admin token/);
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

describe('the Secure flag', () => {
  it('is set when the node’s public base URL is https', async () => {
    const context = node.running.node.context;
    const before = context.publicBaseUrl;
    context.publicBaseUrl = 'https://verify.example.org';
    try {
      const answer = await node.request('/v1/session', {
        json: { name: 'creator-wu', password: PASSWORD },
        headers: { origin: 'https://verify.example.org' },
      });
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.headers.getSetCookie()[0]!, /; Secure/);
    } finally {
      context.publicBaseUrl = before;
    }
  });
});

describe('hostile login requests', () => {
  it('answers malformed and oversized bodies with typed 4xx problems', async () => {
    const cases: { init: Parameters<TestNode['request']>[1]; status: number; code: string }[] = [
      {
        init: { body: '{"name":', headers: { 'content-type': 'application/json' } },
        status: 400,
        code: 'JSON_INVALID',
      },
      {
        init: { body: 'name=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        status: 415,
        code: 'MEDIA_TYPE_UNSUPPORTED',
      },
      { init: { json: { name: 'creator-wu' } }, status: 400, code: 'REQUEST_INVALID' },
      { init: { json: { name: 7, password: PASSWORD } }, status: 400, code: 'REQUEST_INVALID' },
      {
        init: { json: { name: 'creator-wu', password: PASSWORD, admin: true } },
        status: 400,
        code: 'REQUEST_INVALID',
      },
      {
        init: { json: { name: 'creator-wu', password: PASSWORD, totp: '12ab56' } },
        status: 400,
        code: 'REQUEST_INVALID',
      },
      {
        init: { json: { name: 'creator-wu', password: 'p'.repeat(1025) } },
        status: 400,
        code: 'REQUEST_INVALID',
      },
      {
        init: { json: { name: 'creator-wu', password: 'p'.repeat(5000) } },
        status: 413,
        code: 'BODY_TOO_LARGE',
      },
      {
        init: { json: { name: 'creator\u0000wu', password: PASSWORD } },
        status: 422,
        code: 'TEXT_NUL_REFUSED',
      },
      { init: { json: [] }, status: 400, code: 'REQUEST_INVALID' },
    ];
    for (const { init, status, code } of cases) {
      const answer = await node.request('/v1/session', { method: 'POST', ...init });
      assert.equal(answer.status, status, `${JSON.stringify(init).slice(0, 80)}: ${answer.text}`);
      assert.equal(answer.json.code, code);
      assert.deepEqual(answer.headers.getSetCookie(), []);
    }
  });

  it('refuses a login posted from another origin, without a cookie', async () => {
    const answer = await node.request('/v1/session', {
      json: { name: 'creator-wu', password: PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.code, 'CSRF_TOKEN_INVALID');
    assert.deepEqual(answer.headers.getSetCookie(), []);
  });

  it('ignores a forged or expired session cookie (401, never a 500)', async () => {
    for (const cookie of [
      'sealchain_session=' + 'A'.repeat(43),
      'sealchain_session=../../etc',
      'sealchain_session=' + 'é'.repeat(10),
    ]) {
      const answer = await node.request('/v1/session', { headers: { cookie } });
      assert.equal(answer.status, 401, cookie);
    }
  });
});

describe('lockout over HTTP', () => {
  it('answers 429 ACCOUNT_LOCKED with Retry-After after 5 failed logins', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'judge-ma',
      password: PASSWORD,
      roles: ['judge'],
      organisation: null,
    });
    for (let i = 0; i < 4; i++) {
      const failed = await node.request('/v1/session', {
        json: { name: 'judge-ma', password: 'wrong password' },
      });
      assert.equal(failed.json.code, 'LOGIN_FAILED');
    }
    const fifth = await node.request('/v1/session', {
      json: { name: 'judge-ma', password: 'wrong password' },
    });
    assert.equal(fifth.status, 429);
    assert.equal(fifth.json.code, 'ACCOUNT_LOCKED');
    assert.equal(fifth.headers.get('retry-after'), '900');
    assert.match(fifth.json.detail, /locked for 15 minutes/);
    const right = await node.request('/v1/session', { json: { name: 'judge-ma', password: PASSWORD } });
    assert.equal(right.json.code, 'ACCOUNT_LOCKED', 'the right password waits too');
    const audit = readFileSync(join(node.dataDir, 'security-audit.jsonl'), 'utf8');
    assert.match(audit, /"code":"ACCOUNT_LOCKED"/);
    assert.match(audit, /"code":"LOGIN_FAILED"/);
    assert.doesNotMatch(audit, /SESSION_REQUIRED/, 'asking whether one is logged in is not a refusal');
    assert.ok(!audit.includes(PASSWORD) && !audit.includes('wrong password'), 'no password in the log');
  });
});

describe('operators managing users over HTTP', () => {
  it('disables a user: the user’s session ends and the login fails', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'clerk-he',
      password: PASSWORD,
      roles: ['clerk'],
      organisation: null,
    });
    const clerk = await loginAs(node.url, 'clerk-he', PASSWORD);
    const operator = await loginAs(node.url, 'ops-zhang', PASSWORD);
    const disabled = await node.request('/v1/users/clerk-he/disable', {
      method: 'POST',
      headers: operator.headers,
    });
    assert.equal(disabled.status, 200, disabled.text);
    assert.notEqual(disabled.json.user.disabledAt, null);
    assert.equal((await node.request('/v1/session', { headers: { cookie: clerk.cookie } })).status, 401);
    const again = await node.request('/v1/session', { json: { name: 'clerk-he', password: PASSWORD } });
    assert.equal(again.json.code, 'LOGIN_FAILED');
    const missing = await node.request('/v1/users/nobody/disable', {
      method: 'POST',
      token: node.adminToken,
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, 'USER_NOT_FOUND');
  });

  it('resets a password with the admin token: a one-time password, shown once', async () => {
    const reset = await node.request('/v1/users/creator-wu/password', {
      method: 'POST',
      token: node.adminToken,
    });
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.headers.get('cache-control'), 'no-store');
    const login = await loginAs(node.url, 'creator-wu', reset.json.oneTimePassword);
    const changed = await node.request('/v1/me/password', {
      headers: login.headers,
      json: { currentPassword: reset.json.oneTimePassword, newPassword: PASSWORD },
    });
    assert.equal(changed.status, 204, changed.text);
    assert.equal((await node.request('/v1/session', { headers: { cookie: login.cookie } })).status, 200);
    const other = await loginAs(node.url, 'creator-wu', PASSWORD);
    const again = await node.request('/v1/me/password', {
      headers: other.headers,
      json: { currentPassword: PASSWORD, newPassword: 'yet another password' },
    });
    assert.equal(again.status, 204);
    assert.equal(
      (await node.request('/v1/session', { headers: { cookie: login.cookie } })).status,
      401,
      'ended',
    );
    assert.equal(
      (await node.request('/v1/session', { headers: { cookie: other.cookie } })).status,
      200,
      'kept',
    );
    const back = await node.request('/v1/me/password', {
      headers: other.headers,
      json: { currentPassword: 'yet another password', newPassword: PASSWORD },
    });
    assert.equal(back.status, 204);
    await loginAs(node.url, 'creator-wu', PASSWORD);
  });

  it('refuses a user name that looks like another principal, and an API key on /v1/me/password', async () => {
    const unit = await node.createUnit('platform-qq');
    const clash = await node.request('/v1/users', {
      token: node.adminToken,
      json: { name: 'platform-qq', password: PASSWORD, roles: ['creator'], organisation: null },
    });
    assert.equal(clash.status, 409, clash.text);
    const keyed = await node.request('/v1/me/password', {
      token: unit.apiKey,
      json: { currentPassword: PASSWORD, newPassword: PASSWORD },
    });
    assert.equal(keyed.status, 401);
    assert.equal(keyed.json.code, 'SESSION_REQUIRED');
  });
});

describe('a one-time password that must be changed first', () => {
  it('refuses every cookie request but reading the session, changing the password and logging out (403 PASSWORD_CHANGE_REQUIRED)', async () => {
    const created = await node.request('/v1/users', {
      token: node.adminToken,
      json: { name: 'ops-tang', roles: ['operator'], organisation: null },
    });
    assert.equal(created.status, 201, created.text);
    const oneTimePassword: string = created.json.oneTimePassword;
    const login = await loginAs(node.url, 'ops-tang', oneTimePassword);
    const session = await node.request('/v1/session', { headers: { cookie: login.cookie } });
    assert.equal(session.status, 200);
    assert.equal(session.json.user.passwordChangeRequired, true);
    for (const [path, init] of <[string, Parameters<TestNode['request']>[1]][]>[
      ['/v1/users', { headers: { cookie: login.cookie } }],
      [
        '/v1/users',
        { headers: login.headers, json: { name: 'judge-new', roles: ['judge'], organisation: null } },
      ],
      ['/v1/session/totp', { headers: login.headers, json: {} }],
      ['/v1/users/creator-wu/password', { method: 'POST', headers: login.headers }],
    ]) {
      const refused = await node.request(path, init);
      assert.equal(refused.status, 403, `${path}: ${refused.text}`);
      assert.equal(refused.json.code, 'PASSWORD_CHANGE_REQUIRED');
      assert.equal(refused.json.type, 'urn:sealchain:problem:password-change-required');
    }
    const users = await node.request('/v1/users', { token: node.adminToken });
    assert.ok(!users.json.users.some((u: { name: string }) => u.name === 'judge-new'), 'nothing was created');
    // A public page is answered, as to someone not logged in.
    const publicRoute = await node.request('/v1/chains', { headers: { cookie: login.cookie } });
    assert.equal(publicRoute.status, 200, publicRoute.text);

    const changed = await node.request('/v1/me/password', {
      headers: login.headers,
      json: { currentPassword: oneTimePassword, newPassword: PASSWORD },
    });
    assert.equal(changed.status, 204, changed.text);
    const listed = await node.request('/v1/users', { headers: { cookie: login.cookie } });
    assert.equal(listed.status, 200, listed.text);
    const out = await node.request('/v1/session', { method: 'DELETE', headers: login.headers });
    assert.equal(out.status, 204);
  });

  it('lets such a user log out before changing it', async () => {
    const reset = await node.request('/v1/users/ops-tang/password', {
      method: 'POST',
      token: node.adminToken,
    });
    const login = await loginAs(node.url, 'ops-tang', reset.json.oneTimePassword);
    const out = await node.request('/v1/session', { method: 'DELETE', headers: login.headers });
    assert.equal(out.status, 204, out.text);
    assert.equal((await node.request('/v1/session', { headers: { cookie: login.cookie } })).status, 401);
  });
});

describe('enrolling a second factor over HTTP', () => {
  it('gives an operator an otpauth URI and refuses a creator', async () => {
    const operator = await loginAs(node.url, 'ops-zhang', PASSWORD);
    const started = await node.request('/v1/session/totp', { headers: operator.headers, json: {} });
    assert.equal(started.status, 200, started.text);
    assert.match(started.json.otpauthUri, /^otpauth:\/\/totp\/sealchain:ops-zhang\?secret=[A-Z2-7]{32}&/);
    const creator = await loginAs(node.url, 'creator-wu', PASSWORD);
    const refused = await node.request('/v1/session/totp', { headers: creator.headers, json: {} });
    assert.equal(refused.status, 403);
  });

  it('switches the factor on with a code, after which a login needs the code', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'registrar-ye',
      password: PASSWORD,
      roles: ['registrar'],
      organisation: null,
    });
    const login = await loginAs(node.url, 'registrar-ye', PASSWORD);
    const started = await node.request('/v1/session/totp', { headers: login.headers, json: {} });
    const secret = decodeBase32(new URL(started.json.otpauthUri).searchParams.get('secret')!);
    const wrong = await node.request('/v1/session/totp', {
      headers: login.headers,
      json: { code: generateTotp(secret, Date.now() - 10 * 30_000) },
    });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.json.code, 'TOTP_INVALID');
    const on = await node.request('/v1/session/totp', {
      headers: login.headers,
      json: { code: generateTotp(secret, Date.now()) },
    });
    assert.equal(on.status, 200, on.text);
    assert.equal(on.json.totpEnabled, true);
    const without = await node.request('/v1/session', { json: { name: 'registrar-ye', password: PASSWORD } });
    assert.equal(without.status, 401);
    assert.equal(without.json.code, 'TOTP_REQUIRED');
    const next = generateTotp(secret, Date.now() + 30_000);
    const withCode = await loginAs(node.url, 'registrar-ye', PASSWORD, next);
    const me = await node.request('/v1/session', { headers: { cookie: withCode.cookie } });
    assert.equal(me.json.user.totpEnabled, true);
  });
});

describe('switching a second factor off over HTTP', () => {
  it('lets the user switch it off with the password and a current code, refusing a wrong one and changing nothing', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'judge-off',
      password: PASSWORD,
      roles: ['judge'],
      organisation: null,
    });
    const login = await loginAs(node.url, 'judge-off', PASSWORD);
    const enrolledAt = Date.now();
    const secret = await enrolTotp(node.url, login, enrolledAt);
    const next = generateTotp(secret, enrolledAt + 30_000);
    for (const [body, code] of <[Record<string, string>, string][]>[
      [{ password: 'wrong password', code: next }, 'LOGIN_FAILED'],
      [{ password: PASSWORD, code: generateTotp(secret, enrolledAt - 10 * 30_000) }, 'TOTP_INVALID'],
      [{ password: PASSWORD, code: generateTotp(secret, enrolledAt) }, 'TOTP_INVALID'],
    ]) {
      const refused = await node.request('/v1/me/totp/disable', { headers: login.headers, json: body });
      assert.equal(refused.json.code, code, refused.text);
    }
    const malformed = await node.request('/v1/me/totp/disable', {
      headers: login.headers,
      json: { password: PASSWORD, code: '12345' },
    });
    assert.equal(malformed.status, 400);
    const noCsrf = await node.request('/v1/me/totp/disable', {
      headers: { cookie: login.cookie },
      json: { password: PASSWORD, code: next },
    });
    assert.equal(noCsrf.json.code, 'CSRF_TOKEN_INVALID');
    const still = await node.request('/v1/session', { headers: { cookie: login.cookie } });
    assert.equal(still.json.user.totpEnabled, true, 'nothing changed');

    const off = await node.request('/v1/me/totp/disable', {
      headers: login.headers,
      json: { password: PASSWORD, code: next },
    });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.json.totpEnabled, false);
    const plain = await loginAs(node.url, 'judge-off', PASSWORD);
    const me = await node.request('/v1/session', { headers: { cookie: plain.cookie } });
    assert.equal(me.json.user.totpEnabled, false);
    const twice = await node.request('/v1/me/totp/disable', {
      headers: plain.headers,
      json: { password: PASSWORD, code: generateTotp(secret, Date.now() + 60_000) },
    });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.code, 'TOTP_NOT_ENABLED');
    const audit = readFileSync(join(node.dataDir, 'security-audit.jsonl'), 'utf8');
    assert.match(audit, /"code":"TOTP_DISABLED","principal":"judge-off"/);
  });

  it("lets an operator switch off a user's factor, and keeps it from a creator", async () => {
    await createUser(node.url, node.adminToken, {
      name: 'judge-lost-phone',
      password: PASSWORD,
      roles: ['judge'],
      organisation: null,
    });
    await enrolTotp(node.url, await loginAs(node.url, 'judge-lost-phone', PASSWORD));
    const creator = await loginAs(node.url, 'creator-wu', PASSWORD);
    const refused = await node.request('/v1/users/judge-lost-phone/totp/disable', {
      method: 'POST',
      headers: creator.headers,
    });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'ROLE_REQUIRED');
    const operator = await loginAs(node.url, 'ops-zhang', PASSWORD);
    const reset = await node.request('/v1/users/judge-lost-phone/totp/disable', {
      method: 'POST',
      headers: operator.headers,
    });
    assert.equal(reset.status, 200, reset.text);
    assert.equal(reset.json.user.totpEnabled, false);
    await loginAs(node.url, 'judge-lost-phone', PASSWORD);
    const audit = readFileSync(join(node.dataDir, 'security-audit.jsonl'), 'utf8');
    assert.match(
      audit,
      /"code":"TOTP_RESET","principal":"ops-zhang"[^\n]*ops-zhang switched off judge-lost-phone's second factor/,
    );
  });
});
