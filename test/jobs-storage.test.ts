import { describeJobStorageConformance } from '../src/jobs/test-support/job-storage-conformance.ts';
import { SqlJobStorage } from '../src/store/sql-job-storage.ts';
import { openTestDatabase, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';

// SqlJobStorage through the JobStorage conformance suite on PGlite and the PostgreSQL server, each
// test on a database of its own (the queue is global to a database).

for (const backend of TEST_BACKENDS) {
  describeJobStorageConformance(`SqlJobStorage on ${backend}`, async (t) => {
    if (skipUnavailable(t, backend)) return undefined;
    const db = await openTestDatabase(backend);
    return { storage: new SqlJobStorage(db.client), dispose: () => db.dispose() };
  });
}
