import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIRST_OPERATOR_NAME, startLocalConsortium } from '../src/node/index.ts';
import { sendRequest } from './api-node-support.ts';
import { FAST_SEQUENCER } from './e2e-consortium-support.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';
import { loginAs } from './user-support.ts';

// Sessions on the local consortium: users log in on the home node, and every chain's node knows
// the session (the works node answers a creator by its roles, not as an anonymous caller).

const OPERATOR_PASSWORD = 'first operator password';

let consortium: TestConsortium;
before(async () => {
  consortium = await startTestConsortium({ operatorPassword: OPERATOR_PASSWORD });
});
after(async () => {
  await consortium?.close();
});

describe('accounts of the local consortium', () => {
  it('creates the first operator of the court at the first start, with the password from the environment', async () => {
    assert.equal(consortium.running.operatorPassword, null, 'a given password is not printed');
    const login = await loginAs(consortium.url, FIRST_OPERATOR_NAME, OPERATOR_PASSWORD);
    const me = await consortium.request('/v1/session', { headers: { cookie: login.cookie } });
    assert.equal(me.json.user.organisation, 'court');
    assert.deepEqual(me.json.user.roles, ['operator']);
  });

  it('lets the operator create a creator with the cookie, and the works node knows the creator’s session', async () => {
    const operator = await loginAs(consortium.url, FIRST_OPERATOR_NAME, OPERATOR_PASSWORD);
    const created = await consortium.request('/v1/users', {
      headers: operator.headers,
      json: { name: 'creator-chen', organisation: 'court', roles: ['creator'] },
    });
    assert.equal(created.status, 201, created.text);
    const oneTime: string = created.json.oneTimePassword;
    assert.match(oneTime, /^[A-Za-z0-9_-]{20}$/);
    const first = await loginAs(consortium.url, 'creator-chen', oneTime);
    // Through the gateway too, the one-time password opens nothing but its own change.
    const before = await consortium.request('/v1/works/search', {
      headers: first.headers,
      json: { digest: `sha256:${'00'.repeat(32)}` },
    });
    assert.equal(before.status, 403, before.text);
    assert.equal(before.json.code, 'PASSWORD_CHANGE_REQUIRED');
    const changed = await consortium.request('/v1/me/password', {
      headers: first.headers,
      json: { currentPassword: oneTime, newPassword: 'creator chen own password' },
    });
    assert.equal(changed.status, 204, changed.text);
    const creator = await loginAs(consortium.url, 'creator-chen', 'creator chen own password');
    const reviews = await consortium.request('/v1/reviews', { headers: creator.headers });
    assert.equal(reviews.status, 403, reviews.text);
    assert.equal(reviews.json.code, 'ROLE_REQUIRED');
    const search = await consortium.request('/v1/works/search', {
      headers: creator.headers,
      json: { digest: `sha256:${'00'.repeat(32)}` },
    });
    assert.ok(search.status !== 401 && search.status !== 403, `${search.status} ${search.text}`);
    const decision = await consortium.request('/v1/works/SC-2026-0000001/decision', {
      headers: creator.headers,
      json: { decision: 'approve' },
    });
    assert.equal(decision.status, 403, decision.text);
    const principals = await consortium.request('/v1/principals', { headers: creator.headers });
    assert.equal(principals.status, 403);
  });
});

describe('login throttling behind the gateway', () => {
  it('counts failures per client address, which the gateway passes on to the node', async () => {
    for (let i = 0; i < 30; i++) {
      const failed = await consortium.request('/v1/session', {
        json: { name: `guess-${i}`, password: 'wrong password' },
      });
      assert.equal(failed.json.code, 'LOGIN_FAILED');
    }
    const limited = await consortium.request('/v1/session', {
      json: { name: FIRST_OPERATOR_NAME, password: OPERATOR_PASSWORD },
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.code, 'LOGIN_RATE_LIMITED');
    assert.match(limited.json.details.address, /127\.0\.0\.1$/);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });
});

describe('the first operator at a restart', () => {
  it('is made once, its one-time password printed once, and kept at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-op-'));
    const options = {
      dataDir,
      port: 0,
      shutdownGraceMs: 1_000,
      ledger: FAST_SEQUENCER.ledger,
      consortium: FAST_SEQUENCER.consortiumOptions,
    };
    try {
      const first = await startLocalConsortium(
        options,
        () => undefined,
        () => undefined,
      );
      const password = first.operatorPassword;
      await first.close();
      assert.match(password ?? '', /^[A-Za-z0-9_-]{20}$/);
      const second = await startLocalConsortium(
        options,
        () => undefined,
        () => undefined,
      );
      try {
        assert.equal(second.operatorPassword, null);
        const login = await sendRequest(second.url, '/v1/session', {
          json: { name: FIRST_OPERATOR_NAME, password },
        });
        assert.equal(login.status, 200, login.text);
        assert.equal(login.json.user.passwordChangeRequired, true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
