import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Deployment } from './e2e-consortium-support.ts';
import { loginAs } from './user-support.ts';

// The accounts of a configured deployment (`sealchain node --config FILE`, as docs/deployment.md
// runs it): the sequencer serving the API and the portal creates the first operator at its first
// start, and keeps accounts, sessions and lockouts in its database across restarts.

const NEW_PASSWORD = 'operator password 2';

describe('a configured sequencer node and its accounts', () => {
  const deployments: Deployment[] = [];
  after(async () => {
    for (const deployment of deployments) await deployment.dispose();
  });

  it('creates operator-1 of its member at its first start, printed once, and keeps it and its lockouts across restarts', async () => {
    const deployment = await Deployment.create({}, ['evidence']);
    deployments.push(deployment);
    const first = await deployment.start('evidence');
    const oneTimePassword = first.operatorPassword;
    assert.ok(oneTimePassword !== null, `a one-time password is printed: ${first.stdout}`);
    assert.equal(first.stdout.split(oneTimePassword).length - 1, 1, 'printed once');
    assert.ok(first.adminToken !== null);

    const login = await loginAs(first.url, 'operator-1', oneTimePassword);
    const session = await deployment.request('evidence', '/v1/session', {
      headers: { cookie: login.cookie },
    });
    assert.equal(session.json.user.organisation, 'court', "the sequencer's member");
    assert.deepEqual(session.json.user.roles, ['operator']);
    assert.equal(session.json.user.passwordChangeRequired, true);
    const refused = await deployment.request('evidence', '/v1/users', { headers: { cookie: login.cookie } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.code, 'PASSWORD_CHANGE_REQUIRED');
    const changed = await deployment.request('evidence', '/v1/me/password', {
      headers: login.headers,
      json: { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD },
    });
    assert.equal(changed.status, 204, changed.text);
    const created = await deployment.request('evidence', '/v1/users', {
      headers: login.headers,
      json: { name: 'clerk-deploy', roles: ['clerk'], organisation: 'court' },
    });
    assert.equal(created.status, 201, created.text);
    for (let i = 0; i < 5; i++) {
      await deployment.request('evidence', '/v1/session', {
        json: { name: 'clerk-deploy', password: 'not the password' },
      });
    }
    assert.equal(
      (await deployment.request('evidence', '/v1/session', { json: { name: 'clerk-deploy', password: 'x' } }))
        .json.code,
      'ACCOUNT_LOCKED',
    );
    await deployment.stop('evidence');

    const second = await deployment.start('evidence');
    assert.equal(second.operatorPassword, null, 'not made again');
    assert.doesNotMatch(second.stdout, /one-time password/);
    const again = await deployment.request('evidence', '/v1/session', {
      json: { name: 'operator-1', password: NEW_PASSWORD },
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.user.passwordChangeRequired, false);
    const stillLocked = await deployment.request('evidence', '/v1/session', {
      json: { name: 'clerk-deploy', password: created.json.oneTimePassword },
    });
    assert.equal(stillLocked.status, 429, 'the lockout outlived the restart');
    assert.equal(stillLocked.json.code, 'ACCOUNT_LOCKED');
  });

  it('takes the first operator password from SEALCHAIN_OPERATOR_PASSWORD and prints none', async () => {
    const deployment = await Deployment.create({}, ['works']);
    deployments.push(deployment);
    const password = 'from the environment 1';
    const running = await deployment.start('works', { SEALCHAIN_OPERATOR_PASSWORD: password });
    assert.equal(running.operatorPassword, null);
    assert.ok(!running.stdout.includes(password) && !running.stderr.includes(password));
    const login = await deployment.request('works', '/v1/session', {
      json: { name: 'operator-1', password },
    });
    assert.equal(login.status, 200, login.text);
    assert.equal(login.json.user.organisation, 'copyright-center');
    assert.equal(login.json.user.passwordChangeRequired, false);
  });
});
