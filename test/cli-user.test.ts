import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from './api-node-support.ts';
import { runCaptured as run } from './cli-support.ts';
import { createUser, enrolTotp, loginAs } from './user-support.ts';

// `sealchain user …` in this process against a node in this process.

describe('sealchain user', () => {
  let node: TestNode;
  let server: string[];

  before(async () => {
    node = await startTestNode();
    server = ['--server', node.url, '--admin-token', node.adminToken];
    assert.equal((await run('principal', 'org-add', 'court', ...server)).status, 0);
  });
  after(() => node.close());

  it('adds a user with a one-time password that logs in, and lists it', async () => {
    const added = await run(
      'user',
      'add',
      'judge-sun',
      '--org',
      'court',
      '--role',
      'judge',
      '--display-name',
      '孙法官',
      ...server,
      '--json',
    );
    assert.equal(added.status, 0, added.err.join('\n'));
    const { user, oneTimePassword } = JSON.parse(added.out[0]!);
    assert.equal(user.displayName, '孙法官');
    const login = await loginAs(node.url, 'judge-sun', oneTimePassword);
    assert.match(login.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const listed = await run('user', 'list', ...server);
    assert.match(
      listed.out.join('\n'),
      /^judge-sun {2}"孙法官" {2}court {2}judge {2}active {2}\(one-time password\)$/m,
    );
  });

  it('resets a password (the old one stops working) and disables a user', async () => {
    const reset = await run('user', 'reset-password', 'judge-sun', ...server);
    assert.equal(reset.status, 0, reset.err.join('\n'));
    const password = /: (\S+)$/.exec(reset.out[0]!)![1]!;
    await loginAs(node.url, 'judge-sun', password);
    const disabled = await run('user', 'disable', 'judge-sun', ...server);
    assert.equal(disabled.status, 0);
    assert.match(disabled.out[0]!, /^disabled judge-sun at 20/);
    await assert.rejects(loginAs(node.url, 'judge-sun', password), /LOGIN_FAILED/);
  });

  it('switches off a lost second factor (reset-totp): the user logs in with the password alone', async () => {
    await createUser(node.url, node.adminToken, {
      name: 'registrar-qian',
      password: 'registrar password 1',
      roles: ['registrar'],
      organisation: 'court',
    });
    const login = await loginAs(node.url, 'registrar-qian', 'registrar password 1');
    await enrolTotp(node.url, login);
    await assert.rejects(loginAs(node.url, 'registrar-qian', 'registrar password 1'), /TOTP_REQUIRED/);
    const reset = await run('user', 'reset-totp', 'registrar-qian', ...server);
    assert.equal(reset.status, 0, reset.err.join('\n'));
    assert.match(reset.out[0]!, /^switched off the second factor of registrar-qian;/);
    const listed = await run('user', 'list', ...server, '--json');
    const user = JSON.parse(listed.out[0]!).find((u: { name: string }) => u.name === 'registrar-qian');
    assert.equal(user.totpEnabled, false);
    await loginAs(node.url, 'registrar-qian', 'registrar password 1');
    const again = await run('user', 'reset-totp', 'registrar-qian', ...server);
    assert.equal(again.status, 1);
    assert.match(again.err.join('\n'), /TOTP_NOT_ENABLED/);
    const missing = await run('user', 'reset-totp', 'nobody', ...server);
    assert.match(missing.err.join('\n'), /USER_NOT_FOUND/);
  });

  it('answers mistakes with a usage error or the node’s problem code', async () => {
    assert.equal((await run('user', 'add', 'x', '--role', 'judge', ...server)).status, 2, 'no --org');
    assert.equal(
      (await run('user', 'add', 'x', '--org', 'court', '--server', node.url)).status,
      2,
      'no token',
    );
    assert.equal((await run('user', 'frobnicate', ...server)).status, 2);
    const missing = await run('user', 'disable', 'nobody', ...server);
    assert.equal(missing.status, 1);
    assert.match(missing.err.join('\n'), /USER_NOT_FOUND/);
    const role = await run('user', 'add', 'y-user', '--org', 'court', '--role', 'king', ...server);
    assert.match(role.err.join('\n'), /ROLE_UNKNOWN/);
  });
});
