import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MirroredUnitStorage } from '../src/node/mirrored-unit-storage.ts';
import type { StoredUnit } from '../src/ledger/index.ts';
import { openDatabase, SqlUnitStorage } from '../src/store/index.ts';

// The units of a local consortium: created and revoked through the court's node, written to the
// other sequencers' own databases too; a mirror that missed changes catches up at start.

function makeUnit(id: string, name: string): StoredUnit {
  return {
    id,
    name,
    keyHash: new Uint8Array(32).fill(id.charCodeAt(0)),
    createdAt: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
    organisation: null,
    roles: ['unit'],
    nameKey: name,
  };
}

describe('MirroredUnitStorage', () => {
  it('writes units, revocations and the admin token to every mirror, and catches a late mirror up', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => openDatabase({ pgliteDir: 'memory://' })));
    try {
      const [court, works, late] = clients.map((client) => new SqlUnitStorage(client));
      const mirrored = new MirroredUnitStorage(court!, [works!]);
      assert.equal(await mirrored.initAdminTokenHash(new Uint8Array(32).fill(7)), true);
      assert.equal(await mirrored.insertUnit(makeUnit('a000000000000000', 'platform-a')), true);
      assert.equal(await mirrored.insertUnit(makeUnit('b000000000000000', 'platform-b')), true);
      assert.equal(
        await mirrored.insertUnit(makeUnit('c000000000000000', 'platform-a')),
        false,
        'names stay unique',
      );
      const revoked = await mirrored.revokeUnit('b000000000000000', '2026-02-01T00:00:00.000Z');
      assert.equal(revoked?.revokedAt, '2026-02-01T00:00:00.000Z');
      assert.deepEqual(await works!.listUnits(), await court!.listUnits());
      assert.deepEqual(await works!.readAdminTokenHash(), new Uint8Array(32).fill(7));

      await new MirroredUnitStorage(court!, [late!]).syncMirrors();
      assert.deepEqual(await late!.listUnits(), await court!.listUnits());
      assert.deepEqual(await late!.readAdminTokenHash(), new Uint8Array(32).fill(7));
    } finally {
      for (const client of clients) await client.close();
    }
  });
});
