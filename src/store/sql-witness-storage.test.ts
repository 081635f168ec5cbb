import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256, utf8ToBytes } from '../crypto/index.ts';
import { openDatabase } from './open-database.ts';
import { SqlWitnessStorage } from './sql-witness-storage.ts';
import {
  createTestOrigin,
  openTestDatabase,
  skipUnavailable,
  TEST_BACKENDS,
} from './test-support/databases.ts';

// The WitnessStorage conformance suite runs on both backends in test/consortium-witness-storage.test.ts.

describe('SqlWitnessStorage', () => {
  for (const backend of TEST_BACKENDS) {
    it(`keeps the state and alarms across a close and reopen of the database on ${backend}`, async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await openTestDatabase(backend);
      try {
        const origin = createTestOrigin();
        const storage = new SqlWitnessStorage(db.client);
        const rootHash = sha256(utf8ToBytes(origin));
        const checkpoint = { origin, treeSize: 42, rootHash, note: `${origin}\n42\n\n— log sig\n` };
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
