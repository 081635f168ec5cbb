import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  DEFAULT_PASSWORD_HASH,
  generateTotp,
  hashPassword,
  type AccountsError,
} from '../src/accounts/index.ts';
import { UnitRegistry } from '../src/services/index.ts';
import { DEFAULT_SESSION_OPTIONS, SessionService, UserService } from '../src/services/index.ts';
import {
  openDatabase,
  SqlLoginFailureStorage,
  SqlUnitStorage,
  SqlUserStorage,
  type SqlClient,
} from '../src/store/index.ts';
import {
  openTestDatabase,
  shareTestDatabases,
  skipUnavailable,
  TEST_BACKENDS,
  type TestBackend,
} from '../src/store/test-support/databases.ts';

// The session and account use cases over real storage (PGlite and a PostgreSQL server) with an
// injected clock: expiry, lockout, disabling, resets and the second factor, without sleeping.

const useDatabase = shareTestDatabases();
const PASSWORD = 'a long enough password';
const MINUTE = 60_000;
const START = Date.parse('2026-03-01T08:00:00.000Z');
// Login failures are kept in the shared database: each set-up logs in from an address of its own.
let addresses = 0;

/** A node's account services on `client`, as a node composes them (failures in the database). */
function openAccounts(client: SqlClient, clock: () => number) {
  const storage = new SqlUserStorage(client);
  const registry = new UnitRegistry(new SqlUnitStorage(client), 1, clock, [{ name: 'court', role: 'court' }]);
  return {
    users: new UserService(storage, registry, clock),
    sessions: new SessionService(storage, new SqlLoginFailureStorage(client), DEFAULT_SESSION_OPTIONS, clock),
  };
}

async function setUp(backend: TestBackend) {
  const { client } = await useDatabase(backend);
  let now = START;
  const address = `198.51.100.${++addresses}`;
  const clock = () => now;
  const storage = new SqlUserStorage(client);
  const registry = new UnitRegistry(new SqlUnitStorage(client), 1, clock, [{ name: 'court', role: 'court' }]);
  const users = new UserService(storage, registry, clock);
  const sessions = new SessionService(
    storage,
    new SqlLoginFailureStorage(client),
    DEFAULT_SESSION_OPTIONS,
    clock,
  );
  const suffix = Math.random().toString(36).slice(2, 8);
  const make = async (role: string) => {
    const name = `${role}-${suffix}-${Math.random().toString(36).slice(2, 6)}`;
    await users.createUser({ name, organisation: 'court', roles: [role], password: PASSWORD });
    return name;
  };
  const login = (name: string, password = PASSWORD, extra: { totp?: string; clientAddress?: string } = {}) =>
    sessions.login({
      name,
      password,
      clientAddress: extra.clientAddress ?? address,
      ...extra,
    });
  return { client, storage, users, sessions, make, login, advance: (ms: number) => (now += ms), clock };
}

async function codeOf(
  run: () => Promise<unknown>,
): Promise<{ code: string; error: AccountsError } | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return { code: (error as AccountsError).code, error: error as AccountsError };
  }
}

for (const backend of TEST_BACKENDS) {
  describe(`sessions on ${backend}`, () => {
    it('end after 30 minutes idle, and not before', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const { sessionId } = await s.login(await s.make('creator'));
      for (let i = 0; i < 4; i++) {
        s.advance(29 * MINUTE);
        assert.notEqual(await s.sessions.findSession(sessionId), null, `use ${i}`);
      }
      s.advance(30 * MINUTE);
      assert.equal(await s.sessions.findSession(sessionId), null);
      s.advance(-30 * MINUTE);
      assert.equal(await s.sessions.findSession(sessionId), null, 'deleted, not only refused');
    });

    it('end 12 hours after login however busy', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const { sessionId } = await s.login(await s.make('creator'));
      for (let used = 0; used < 12 * 60 - 20; used += 20) {
        s.advance(20 * MINUTE);
        assert.notEqual(await s.sessions.findSession(sessionId), null, `at ${used + 20} min`);
      }
      s.advance(20 * MINUTE);
      assert.equal(await s.sessions.findSession(sessionId), null);
    });

    it('are stored by the SHA-256 of their id only', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const { sessionId, session } = await s.login(await s.make('creator'));
      const rows = await s.client.query<{ id_hash: Uint8Array; csrf_token: string }>(
        'SELECT id_hash, csrf_token FROM user_sessions',
      );
      const expected = createHash('sha256').update(sessionId).digest('hex');
      assert.ok(rows.some((row) => Buffer.from(row.id_hash).toString('hex') === expected));
      assert.ok(rows.every((row) => !JSON.stringify(row).includes(sessionId)));
      assert.notEqual(session.csrfToken, sessionId);
    });
  });

  describe(`logins on ${backend}`, () => {
    it('lock an account for 15 minutes after 5 failures, with a message saying so, even to the right password', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const name = await s.make('judge');
      for (let i = 0; i < 4; i++)
        assert.equal((await codeOf(() => s.login(name, 'wrong password')))?.code, 'LOGIN_FAILED');
      const locked = await codeOf(() => s.login(name, 'wrong password'));
      assert.equal(locked?.code, 'ACCOUNT_LOCKED');
      assert.match(locked!.error.message, /locked for 15 minutes/);
      assert.equal(locked!.error.details['retryAfterMs'], 15 * MINUTE);
      assert.equal((await codeOf(() => s.login(name)))?.code, 'ACCOUNT_LOCKED');
      s.advance(15 * MINUTE);
      assert.equal(await codeOf(() => s.login(name)), undefined);
    });

    it('count failures of an unknown name the same way, so a lockout does not reveal which names exist', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const codes: string[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await codeOf(() => s.login(`nobody-${backend}`, 'wrong password')))!.code);
      assert.deepEqual(codes, [
        'LOGIN_FAILED',
        'LOGIN_FAILED',
        'LOGIN_FAILED',
        'LOGIN_FAILED',
        'ACCOUNT_LOCKED',
      ]);
    });

    it('keep a lockout across a restart: the failures and the lock are in the database', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const database = await openTestDatabase(backend);
      let client = database.client;
      let now = START;
      const clock = () => now;
      try {
        const first = openAccounts(client, clock);
        const name = `judge-restart-${backend}`;
        await first.users.createUser({ name, organisation: 'court', roles: ['judge'], password: PASSWORD });
        const attempt = (sessions: SessionService, password: string) =>
          codeOf(() => sessions.login({ name, password, clientAddress: '203.0.113.7' }));
        for (let i = 0; i < 3; i++)
          assert.equal((await attempt(first.sessions, 'wrong password'))?.code, 'LOGIN_FAILED');
        await client.close();

        // Restarted: the three failures count, so two more lock the account.
        client = await openDatabase(database.options);
        const second = openAccounts(client, clock);
        assert.equal((await attempt(second.sessions, 'wrong password'))?.code, 'LOGIN_FAILED');
        now += MINUTE;
        assert.equal((await attempt(second.sessions, 'wrong password'))?.code, 'ACCOUNT_LOCKED');
        await client.close();

        client = await openDatabase(database.options);
        const third = openAccounts(client, clock);
        const locked = await attempt(third.sessions, PASSWORD);
        assert.equal(locked?.code, 'ACCOUNT_LOCKED', 'the right password waits after a restart too');
        assert.equal(locked!.error.details['retryAfterMs'], 15 * MINUTE);
        now += 15 * MINUTE - 1;
        assert.equal((await attempt(third.sessions, PASSWORD))?.code, 'ACCOUNT_LOCKED');
        now += 1;
        assert.equal(await attempt(third.sessions, PASSWORD), undefined);
      } finally {
        await client.close();
        await database.dispose();
      }
    });

    // An embedded PGlite directory is opened by one process only: nodes share a PostgreSQL server.
    it(
      'count failures over two nodes sharing the database, and lock the account on both',
      {
        skip: backend === 'pglite' ? 'two nodes share a PostgreSQL server, not a PGlite directory' : false,
      },
      async (t) => {
        if (skipUnavailable(t, backend)) return;
        const database = await openTestDatabase(backend);
        const other = await openDatabase(database.options);
        const now = START;
        const clock = () => now;
        try {
          const a = openAccounts(database.client, clock);
          const b = openAccounts(other, clock);
          const name = 'judge-two-nodes';
          await a.users.createUser({ name, organisation: 'court', roles: ['judge'], password: PASSWORD });
          const attempt = (sessions: SessionService, password: string) =>
            codeOf(() => sessions.login({ name, password, clientAddress: '203.0.113.8' }));
          const codes = await Promise.all([
            attempt(a.sessions, 'wrong password'),
            attempt(b.sessions, 'wrong password'),
            attempt(a.sessions, 'wrong password'),
            attempt(b.sessions, 'wrong password'),
          ]);
          assert.deepEqual(
            codes.map((c) => c?.code),
            ['LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED'],
          );
          assert.equal((await attempt(b.sessions, 'wrong password'))?.code, 'ACCOUNT_LOCKED');
          assert.equal(
            (await attempt(a.sessions, PASSWORD))?.code,
            'ACCOUNT_LOCKED',
            'locked on the other node',
          );
        } finally {
          await other.close();
          await database.dispose();
        }
      },
    );

    it('stop an address after 30 failures over any names', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const codes = new Set<string>();
      for (let i = 0; i < 30; i++) {
        codes.add(
          (await codeOf(() => s.login(`guess-${i}`, 'wrong password', { clientAddress: '192.0.2.9' })))!.code,
        );
      }
      assert.deepEqual([...codes], ['LOGIN_FAILED']);
      const name = await s.make('creator');
      assert.equal(
        (await codeOf(() => s.login(name, PASSWORD, { clientAddress: '192.0.2.9' })))?.code,
        'LOGIN_RATE_LIMITED',
      );
      assert.equal(await codeOf(() => s.login(name, PASSWORD, { clientAddress: '192.0.2.10' })), undefined);
    });

    it('refuse a disabled account with LOGIN_FAILED, and end its sessions at once', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const name = await s.make('creator');
      const { sessionId } = await s.login(name);
      const disabled = await s.users.disableUser(name);
      assert.notEqual(disabled.disabledAt, null);
      assert.equal(await s.sessions.findSession(sessionId), null);
      assert.equal((await codeOf(() => s.login(name)))?.code, 'LOGIN_FAILED');
    });

    it('take a reset one-time password instead of the old one, and end the sessions', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const name = await s.make('creator');
      const { sessionId } = await s.login(name);
      const reset = await s.users.resetPassword(name);
      assert.equal(reset.user.passwordChangeRequired, true);
      assert.equal(await s.sessions.findSession(sessionId), null);
      assert.equal((await codeOf(() => s.login(name)))?.code, 'LOGIN_FAILED');
      const { session } = await s.login(name, reset.oneTimePassword);
      await s.users.changePassword(session.user.id, reset.oneTimePassword, 'my own new password');
      assert.equal((await s.login(name, 'my own new password')).session.user.passwordChangeRequired, false);
      assert.equal(
        (await codeOf(() => s.users.changePassword(session.user.id, 'not it', 'another new password')))?.code,
        'LOGIN_FAILED',
      );
      assert.equal(
        (await codeOf(() => s.users.changePassword(session.user.id, 'my own new password', 'short')))?.code,
        'PASSWORD_INVALID',
      );
    });

    it('store the password as an scrypt PHC string (N = 2^15, r = 8, p = 1), never the password', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const name = await s.make('creator');
      const stored = (await s.storage.readUserByName(name))!.passwordHash;
      assert.match(stored, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
      assert.ok(!stored.includes(PASSWORD));
    });

    it('replace a hash made with weaker parameters at the next login', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const name = await s.make('creator');
      const user = (await s.storage.readUserByName(name))!;
      const weak = await hashPassword(PASSWORD, { ...DEFAULT_PASSWORD_HASH, logN: 12 });
      await s.storage.updatePassword(user.id, weak, false);
      await s.login(name);
      assert.match((await s.storage.readUser(user.id))!.passwordHash, /^\$scrypt\$ln=15,r=8,p=1\$/);
      await s.login(name);
    });
  });

  describe(`the second factor on ${backend}`, () => {
    it('is enrolled by a judge with a code, then asked at login and refused when wrong or replayed', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const name = await s.make('judge');
      const { session } = await s.login(name);
      const { otpauthUri } = await s.users.startTotpEnrolment(session.user.id);
      const secret = (await s.storage.readUser(session.user.id))!.totpPendingSecret!;
      assert.match(otpauthUri, /^otpauth:\/\/totp\/sealchain:/);
      const stale = generateTotp(secret, s.clock() - 10 * 30_000);
      assert.equal((await codeOf(() => s.users.confirmTotp(session.user.id, stale)))?.code, 'TOTP_INVALID');
      await s.users.confirmTotp(session.user.id, generateTotp(secret, s.clock()));
      s.advance(30_000);
      assert.equal((await codeOf(() => s.login(name)))?.code, 'TOTP_REQUIRED');
      const wrong = generateTotp(secret, s.clock() + 10 * 30_000);
      assert.equal((await codeOf(() => s.login(name, PASSWORD, { totp: wrong })))?.code, 'LOGIN_FAILED');
      const code = generateTotp(secret, s.clock());
      assert.equal((await s.login(name, PASSWORD, { totp: code })).session.user.totpEnabled, true);
      assert.equal(
        (await codeOf(() => s.login(name, PASSWORD, { totp: code })))?.code,
        'LOGIN_FAILED',
        'replayed',
      );
    });

    it('is not for creators', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const s = await setUp(backend);
      const { session } = await s.login(await s.make('creator'));
      assert.equal(
        (await codeOf(() => s.users.startTotpEnrolment(session.user.id)))?.code,
        'TOTP_NOT_ALLOWED',
      );
    });
  });
}
