import { describeChainIndexStorageConformance } from '../src/consortium/test-support/chain-index-storage-conformance.ts';
import { describeFinalityStorageConformance } from '../src/consortium/test-support/finality-storage-conformance.ts';
import { SqlChainIndexStorage } from '../src/store/sql-chain-index-storage.ts';
import { SqlFinalityStorage } from '../src/store/sql-finality-storage.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';

// The sequencer's consortium storage (cosigned checkpoints, fork reports, the chain index) through
// its conformance suites on PGlite and on the PostgreSQL server.

const useDatabase = shareTestDatabases();

for (const backend of TEST_BACKENDS) {
  describeFinalityStorageConformance(`SqlFinalityStorage on ${backend}`, async (t) => {
    if (skipUnavailable(t, backend)) return undefined;
    return {
      storage: new SqlFinalityStorage((await useDatabase(backend)).client),
      dispose: async () => undefined,
    };
  });
  describeChainIndexStorageConformance(`SqlChainIndexStorage on ${backend}`, async (t) => {
    if (skipUnavailable(t, backend)) return undefined;
    return {
      storage: new SqlChainIndexStorage((await useDatabase(backend)).client),
      dispose: async () => undefined,
    };
  });
}
