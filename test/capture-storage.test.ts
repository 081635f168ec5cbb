import { describeCaptureJobStorageConformance } from '../src/capture/test-support/capture-job-storage-conformance.ts';
import { SqlCaptureStorage } from '../src/store/sql-capture-storage.ts';
import { openTestDatabase, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';

// SqlCaptureStorage through the CaptureJobStorage conformance suite on PGlite and the PostgreSQL
// server, each test on a database of its own (the queue is global to a database).

for (const backend of TEST_BACKENDS) {
  describeCaptureJobStorageConformance(`SqlCaptureStorage on ${backend}`, async (t) => {
    if (skipUnavailable(t, backend)) return undefined;
    const db = await openTestDatabase(backend);
    return { storage: new SqlCaptureStorage(db.client), dispose: () => db.dispose() };
  });
}
