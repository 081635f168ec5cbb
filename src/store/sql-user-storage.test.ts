import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredUser } from '../accounts/index.ts';
import { bytesToHex, randomBytes, sha256, utf8ToBytes } from '../crypto/index.ts';
import { SqlUnitStorage } from './sql-unit-storage.ts';
import { SqlUserStorage } from './sql-user-storage.ts';
import {
  shareTestDatabases,
  skipUnavailable,
  TEST_BACKENDS,
  type TestBackend,
} from './test-support/databases.ts';

const useDatabase = shareTestDatabases();

async function open(backend: TestBackend) {
  const { client } = await useDatabase(backend);
  return { users: new SqlUserStorage(client), units: new SqlUnitStorage(client) };
}

/** A principal and its account; returns the account as stored. */
async function makeUser(backend: TestBackend, roles = ['creator']): Promise<StoredUser> {
  const { users, units } = await open(backend);
  const id = bytesToHex(randomBytes(8));
  const name = `user-${id}`;
  await units.insertUnit({
    id,
    name,
    keyHash: sha256(utf8ToBytes(name)),
    createdAt: '2026-01-02T03:04:05.678Z',
    revokedAt: null,
    organisation: 'court',
    roles,
    nameKey: name,
  });
  const account = {
    id,
    displayName: `Display ${id}`,
    passwordHash: '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(43),
    passwordChangeRequired: true,
    createdAt: '2026-01-02T03:04:06.000Z',
  };
  assert.equal(await users.insertUser(account), true);
  return (await users.readUser(id))!;
}

function session(userId: string, at = '2026-01-02T04:00:00.000Z') {
  return {
    idHash: sha256(randomBytes(32)),
    userId,
    csrfToken: bytesToHex(randomBytes(16)),
    createdAt: at,
    lastSeenAt: at,
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`SqlUserStorage on ${backend}`, () => {
    it('stores an account with its principal’s name, organisation and roles, once', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { users } = await open(backend);
      const user = await makeUser(backend, ['judge', 'clerk']);
      assert.equal(user.organisation, 'court');
      assert.deepEqual(user.roles, ['judge', 'clerk']);
      assert.equal(user.passwordChangeRequired, true);
      assert.equal(user.createdAt, '2026-01-02T03:04:06.000Z');
      assert.equal(user.totpSecret, null);
      assert.equal(user.disabledAt, null);
      assert.deepEqual(await users.readUserByName(user.name), user);
      assert.equal(await users.readUserByName(user.name.toUpperCase()), null);
      assert.equal(
        await users.insertUser({
          id: user.id,
          displayName: 'x',
          passwordHash: 'x',
          passwordChangeRequired: false,
          createdAt: user.createdAt,
        }),
        false,
      );
      assert.ok((await users.listUsers()).some((u) => u.id === user.id));
    });

    it('records a TOTP step only when it is later than the last one', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { users } = await open(backend);
      const user = await makeUser(backend);
      const secret = randomBytes(20);
      assert.equal(await users.setPendingTotp(user.id, secret), true);
      assert.deepEqual(Buffer.from((await users.readUser(user.id))!.totpPendingSecret!), Buffer.from(secret));
      assert.equal(await users.activateTotp(user.id, secret, 100), true);
      const active = (await users.readUser(user.id))!;
      assert.equal(active.totpPendingSecret, null);
      assert.equal(active.totpLastStep, 100);
      assert.equal(await users.useTotpStep(user.id, 100), false);
      assert.equal(await users.useTotpStep(user.id, 99), false);
      assert.equal(await users.useTotpStep(user.id, 101), true);
      const [a, b] = await Promise.all([users.useTotpStep(user.id, 102), users.useTotpStep(user.id, 102)]);
      assert.equal(Number(a) + Number(b), 1, 'one of two concurrent uses of a step wins');
    });

    it('reads a session with its user, touches it, and deletes it', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { users } = await open(backend);
      const user = await makeUser(backend);
      const stored = session(user.id);
      await users.insertSession(stored);
      const found = (await users.readSession(stored.idHash))!;
      assert.deepEqual(found.session, { ...stored, idHash: found.session.idHash });
      assert.deepEqual(Buffer.from(found.session.idHash), Buffer.from(stored.idHash));
      assert.equal(found.user.id, user.id);
      await users.touchSession(stored.idHash, '2026-01-02T04:10:00.000Z');
      await users.touchSession(stored.idHash, '2026-01-02T04:05:00.000Z');
      assert.equal((await users.readSession(stored.idHash))!.session.lastSeenAt, '2026-01-02T04:10:00.000Z');
      await users.deleteSession(stored.idHash);
      assert.equal(await users.readSession(stored.idHash), null);
    });

    it('ends every session of a disabled account, and deletes expired sessions', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { users } = await open(backend);
      const user = await makeUser(backend);
      const [one, two] = [session(user.id), session(user.id)];
      await users.insertSession(one);
      await users.insertSession(two);
      assert.equal(await users.disableUser(user.id, '2026-01-03T00:00:00.000Z'), true);
      assert.equal((await users.readUser(user.id))!.disabledAt, '2026-01-03T00:00:00.000Z');
      assert.equal(await users.readSession(one.idHash), null);
      assert.equal(await users.readSession(two.idHash), null);
      const other = await makeUser(backend);
      const idle = session(other.id, '2026-01-02T01:00:00.000Z');
      const fresh = session(other.id, '2026-01-02T05:00:00.000Z');
      await users.insertSession(idle);
      await users.insertSession(fresh);
      await users.deleteExpiredSessions('2026-01-02T02:00:00.000Z', '2026-01-01T00:00:00.000Z');
      assert.equal(await users.readSession(idle.idHash), null);
      assert.notEqual(await users.readSession(fresh.idHash), null);
      const second = session(other.id, '2026-01-02T05:00:00.000Z');
      await users.insertSession(second);
      assert.equal(await users.deleteUserSessions(other.id, fresh.idHash), 1, 'all but the one kept');
      assert.notEqual(await users.readSession(fresh.idHash), null);
      assert.equal(await users.deleteUserSessions(other.id), 1);
    });
  });
}
