import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, randomBytes, sha256, utf8ToBytes } from '../crypto/index.ts';
import type { StoredUnit } from '../ledger/index.ts';
import { SqlUnitStorage } from './sql-unit-storage.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from './test-support/databases.ts';

const useDatabase = shareTestDatabases();

function makeUnit(overrides: Partial<StoredUnit> = {}): StoredUnit {
  const id = `u${bytesToHex(randomBytes(8))}`;
  return {
    id,
    name: `platform-${id}`,
    keyHash: sha256(utf8ToBytes(`key of ${id}`)),
    createdAt: '2026-01-02T03:04:05.678Z',
    revokedAt: null,
    organisation: null,
    roles: ['unit'],
    nameKey: `platform-${id}`,
    ...overrides,
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`SqlUnitStorage on ${backend}`, () => {
    it('stores a unit and reads it back exactly, times included', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlUnitStorage((await useDatabase(backend)).client);
      const unit = makeUnit();
      assert.equal(await storage.insertUnit(unit), true);
      assert.deepEqual(await storage.readUnit(unit.id), unit);
      assert.equal(await storage.readUnit('u-none'), null);
      const listed = await storage.listUnits();
      assert.deepEqual(
        listed.find((u) => u.id === unit.id),
        unit,
      );
    });

    it('refuses a second unit with a taken name or id and writes nothing', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlUnitStorage((await useDatabase(backend)).client);
      const unit = makeUnit();
      await storage.insertUnit(unit);
      const sameName = makeUnit({ name: unit.name });
      assert.equal(await storage.insertUnit(sameName), false);
      assert.equal(await storage.readUnit(sameName.id), null);
      assert.equal(await storage.insertUnit(makeUnit({ id: unit.id })), false);
      assert.deepEqual(await storage.readUnit(unit.id), unit);
    });

    it("keeps a principal's organisation and roles, and refuses a second name of the same skeleton", async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlUnitStorage((await useDatabase(backend)).client);
      const judge = makeUnit({ organisation: 'court', roles: ['clerk', 'judge'] });
      assert.equal(await storage.insertUnit(judge), true);
      assert.deepEqual(await storage.readUnit(judge.id), judge);
      const lookAlike = makeUnit({ nameKey: judge.nameKey });
      assert.equal(await storage.insertUnit(lookAlike), false);
      assert.equal(await storage.readUnit(lookAlike.id), null);
    });

    it('replaces a key hash (rotation) and answers null for an unknown id', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlUnitStorage((await useDatabase(backend)).client);
      const unit = makeUnit();
      await storage.insertUnit(unit);
      const newHash = sha256(utf8ToBytes('the new key'));
      assert.deepEqual((await storage.replaceKeyHash(unit.id, newHash))?.keyHash, newHash);
      assert.deepEqual((await storage.readUnit(unit.id))?.keyHash, newHash);
      assert.equal(await storage.replaceKeyHash('u-unknown', newHash), null);
    });

    it('stores organisations once by name and by skeleton', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlUnitStorage((await useDatabase(backend)).client);
      const name = `org-${bytesToHex(randomBytes(4))}`;
      const organisation = { name, nameKey: name, createdAt: '2026-01-02T03:04:05.678Z' };
      assert.equal(await storage.insertOrganisation(organisation), true);
      assert.equal(await storage.insertOrganisation({ ...organisation, name: `${name}x` }), false);
      assert.deepEqual(
        (await storage.listOrganisations()).find((o) => o.name === name),
        organisation,
      );
    });

    it('revokes once and keeps the first revocation time', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlUnitStorage((await useDatabase(backend)).client);
      const unit = makeUnit();
      await storage.insertUnit(unit);
      const first = await storage.revokeUnit(unit.id, '2026-02-01T00:00:00.000Z');
      assert.equal(first?.revokedAt, '2026-02-01T00:00:00.000Z');
      const again = await storage.revokeUnit(unit.id, '2026-03-01T00:00:00.000Z');
      assert.equal(again?.revokedAt, '2026-02-01T00:00:00.000Z');
      assert.equal(await storage.revokeUnit('u-unknown', '2026-03-01T00:00:00.000Z'), null);
    });
  });
}

describe('SqlUnitStorage admin token', () => {
  it('stores the first admin token hash only', async () => {
    const storage = new SqlUnitStorage((await useDatabase('pglite')).client);
    assert.equal(await storage.readAdminTokenHash(), null);
    const first = sha256(utf8ToBytes('first token'));
    assert.equal(await storage.initAdminTokenHash(first), true);
    assert.equal(await storage.initAdminTokenHash(sha256(utf8ToBytes('second token'))), false);
    assert.deepEqual(await storage.readAdminTokenHash(), first);
  });
});
