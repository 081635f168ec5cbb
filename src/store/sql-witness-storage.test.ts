import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  describeWitnessStorageConformance,
  makeWitnessedCheckpoint,
} from '../consortium/test-support/witness-storage-conformance.ts';
import { SqlWitnessStorage } from './sql-witness-storage.ts';
import {
  createTestOrigin,
  openTestDatabase,
  shareTestDatabases,
  skipUnavailable,
  TEST_BACKENDS,
} from './test-support/databases.ts';
import { openDatabase } from './open-database.ts';

const useDatabase = shareTestDatabases();

for (const backend of TEST_BACKENDS) {
  describeWitnessStorageConformance(`SqlWitnessStorage on ${backend}`, async (t) => {
    if (skipUnavailable(t, backend)) return undefined;
    const db = await useDatabase(backend);
    const twins: { close(): Promise<void> }[] = [];
    return {
      storage: new SqlWitnessStorage(db.client),
      openTwin: async () => {
        if (backend === 'pglite') return new SqlWitnessStorage(db.client);
        const client = await openDatabase(db.options);
        twins.push(client);
        return new SqlWitnessStorage(client);
      },
      dispose: async () => {
        for (const twin of twins) await twin.close();
      },
    };
  });
}

describe('SqlWitnessStorage', () => {
  for (const backend of TEST_BACKENDS) {
    it(`keeps the state and alarms across a close and reopen of the database on ${backend}`, async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await openTestDatabase(backend);
      try {
        const origin = createTestOrigin();
        const storage = new SqlWitnessStorage(db.client);
        const checkpoint = makeWitnessedCheckpoint(origin, 42);
        await storage.advanceCheckpoint(0, checkpoint);
        const alarm = await storage.recordAlarm({
          origin,
          kind: 'audit-mismatch',
          knownNote: null,
          conflictingNote: checkpoint.note,
          evidence: 'entries do not hash to the root',
          detectedAt: '2026-01-02T03:04:05.006Z',
        });
        await db.client.close();
        const reopened = await openDatabase(db.options);
        try {
          const again = new SqlWitnessStorage(reopened);
          assert.deepEqual(await again.readLogState(origin), { latest: checkpoint, frozen: true });
          assert.deepEqual(await again.listAlarms(origin), [alarm]);
        } finally {
          await reopened.close();
        }
      } finally {
        await db.dispose();
      }
    });
  }
});
