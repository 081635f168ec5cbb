import { describeWitnessStorageConformance } from '../src/consortium/test-support/witness-storage-conformance.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { SqlWitnessStorage } from '../src/store/sql-witness-storage.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';

// SqlWitnessStorage through the WitnessStorage conformance suite on PGlite and the PostgreSQL
// server; on the server the twin is a second connection pool, as another process would have.

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
