import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  actsForAnyone,
  decideAccess,
  findAccess,
  PERMISSIONS,
  seesDetail,
  type Caller,
} from './permissions.ts';
import { ROLES, type Role } from './roles.ts';

const ANONYMOUS: Caller = { kind: 'anonymous' };
const ADMIN: Caller = { kind: 'admin' };
const principal = (roles: readonly Role[], memberRole: string | null = null): Caller => ({
  kind: 'principal',
  roles,
  memberRole,
});

describe('the permission table', () => {
  it('keys every entry as METHOD /path with a known kind and known roles', () => {
    for (const [key, access] of Object.entries(PERMISSIONS)) {
      assert.match(key, /^(GET|POST|PUT|PATCH|DELETE) \/[!-~]*$/, key);
      if (access.kind === 'roles') for (const role of access.roles) assert.ok(ROLES.includes(role), key);
    }
  });

  it('finds an entry by method and Hono path, and nothing for an unknown route', () => {
    assert.equal(findAccess('get', '/healthz')?.kind, 'public');
    assert.equal(findAccess('POST', '/v1/units')?.kind, 'admin');
    assert.equal(findAccess('POST', '/v1/nothing'), undefined);
    assert.equal(findAccess('GET', 'constructor'), undefined);
  });
});

describe('decideAccess', () => {
  const deposit = findAccess('POST', '/v1/chains/:chain/entries')!;
  const verification = findAccess('POST', '/v1/verifications')!;
  const units = findAccess('POST', '/v1/units')!;

  it('lets anyone call a public route', () => {
    for (const caller of [ANONYMOUS, ADMIN, principal(['judge'])])
      assert.equal(decideAccess(findAccess('GET', '/v1/chains')!, caller), 'allow');
  });

  it('asks anonymous callers for a credential and refuses the wrong kind of credential', () => {
    assert.equal(decideAccess(deposit, ANONYMOUS), 'credential');
    assert.equal(decideAccess(units, ANONYMOUS), 'credential');
    assert.equal(decideAccess(units, principal(['operator'])), 'role');
    assert.equal(decideAccess(deposit, ADMIN), 'role');
    assert.equal(decideAccess(units, ADMIN), 'allow');
  });

  it('needs one of the route’s roles', () => {
    assert.equal(decideAccess(deposit, principal(['unit'])), 'allow');
    assert.equal(decideAccess(deposit, principal(['judge', 'platform'])), 'allow');
    assert.equal(decideAccess(deposit, principal(['judge'])), 'role');
  });

  it('records court verifications only for judges and clerks of the court member', () => {
    assert.equal(decideAccess(verification, principal(['clerk'], 'court')), 'allow');
    assert.equal(decideAccess(verification, principal(['judge'], 'court')), 'allow');
    assert.equal(decideAccess(verification, principal(['judge'], 'notary')), 'organisation');
    assert.equal(decideAccess(verification, principal(['judge'], null)), 'organisation');
    assert.equal(decideAccess(verification, principal(['unit'], 'court')), 'role');
  });
});

describe('decideAccess for user accounts', () => {
  const me = findAccess('POST', '/v1/me/password')!;
  const totp = findAccess('POST', '/v1/session/totp')!;
  const users = findAccess('GET', '/v1/users')!;
  const loggedIn = (roles: readonly Role[]): Caller => ({
    kind: 'principal',
    roles,
    memberRole: null,
    session: true,
  });
  it('takes only a logged-in user on session routes, never an API key or the admin token', () => {
    assert.equal(decideAccess(me, loggedIn(['creator'])), 'allow');
    assert.equal(decideAccess(me, principal(['creator'])), 'role');
    assert.equal(decideAccess(me, ADMIN), 'role');
    assert.equal(decideAccess(me, ANONYMOUS), 'credential');
    assert.equal(decideAccess(totp, loggedIn(['judge'])), 'allow');
    assert.equal(decideAccess(totp, loggedIn(['creator'])), 'role');
  });
  it('takes operators and the admin token on the user routes, and no other role', () => {
    assert.equal(decideAccess(users, loggedIn(['operator'])), 'allow');
    assert.equal(decideAccess(users, principal(['operator'])), 'allow');
    assert.equal(decideAccess(users, ADMIN), 'allow');
    assert.equal(decideAccess(users, loggedIn(['creator', 'registrar'])), 'role');
    assert.equal(decideAccess(users, ANONYMOUS), 'credential');
  });
});

describe('seesDetail', () => {
  it('shows per-unit statistics to operators and the admin token only', () => {
    const stats = findAccess('GET', '/v1/stats')!;
    assert.equal(seesDetail(stats, ANONYMOUS), false);
    assert.equal(seesDetail(stats, principal(['unit'])), false);
    assert.equal(seesDetail(stats, principal(['operator'])), true);
    assert.equal(seesDetail(stats, ADMIN), true);
    assert.equal(seesDetail(findAccess('GET', '/v1/chains')!, ADMIN), false);
  });
});

describe('actsForAnyone', () => {
  const revocation = findAccess('POST', '/v1/licenses/:number/revocation')!;

  it("lets a registrar of the copyright centre revoke anyone's licence and everyone else their own only", () => {
    const registrar = principal(['registrar'], 'copyright-center');
    assert.equal(decideAccess(revocation, registrar), 'allow');
    assert.equal(actsForAnyone(revocation, registrar), true);
    for (const caller of [
      principal(['creator'], 'copyright-center'),
      principal(['unit']),
      principal(['registrar'], 'notary'),
      principal(['registrar']),
    ]) {
      assert.equal(decideAccess(revocation, caller), 'allow');
      assert.equal(actsForAnyone(revocation, caller), false);
    }
    assert.equal(decideAccess(revocation, principal(['judge'], 'court')), 'role');
    assert.equal(actsForAnyone(revocation, ADMIN), false);
  });

  it('is true only on the routes with a forAnyone entry (licence revocation, a work file)', () => {
    assert.deepEqual(
      Object.entries(PERMISSIONS)
        .filter(([, access]) => access.kind === 'roles' && access.forAnyone !== undefined)
        .map(([key]) => key)
        .sort(),
      ['GET /v1/works/:number/file', 'POST /v1/licenses/:number/revocation'],
    );
    const registrar = principal(['registrar'], 'copyright-center');
    for (const [key, access] of Object.entries(PERMISSIONS)) {
      const hasEntry = access.kind === 'roles' && access.forAnyone !== undefined;
      assert.equal(actsForAnyone(access, registrar), hasEntry, key);
    }
  });
});
