// Witness throughput: add-checkpoint requests handled in-process (parse, log signature check,
// consistency proof from the previous checkpoint, durable compare-and-swap, cosignature) against
// two baselines measured in the same run: raw Ed25519 signatures, and bare durable one-row
// transactions in the same database (the floor a witness that persists before answering cannot
// beat). On PGlite and, when SEALCHAIN_TEST_DATABASE_URL is set, on the PostgreSQL server.
import { rmSync } from 'node:fs';
import { formatAddCheckpointRequest, Witness } from '../src/consortium/index.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import {
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  randomBytes,
  signEd25519,
  toVerifierKey,
} from '../src/crypto/index.ts';
import { openDatabase, type DatabaseOptions, type SqlClient } from '../src/store/index.ts';
import { SqlWitnessStorage } from '../src/store/sql-witness-storage.ts';
import {
  createPgliteDir,
  createTestSchemaName,
  dropTestSchema,
} from '../src/store/test-support/databases.ts';
import { measureRate, printRow } from './harness.ts';

const CHECKPOINTS = 3_000;
const LOGS_IN_PARALLEL = 4;
const MEASURE_MS = 2_000;

interface Backend {
  name: string;
  client: SqlClient;
  dispose(): Promise<void>;
}

async function openBackends(): Promise<Backend[]> {
  const pgliteDir = await createPgliteDir();
  const pglite = await openDatabase({ pgliteDir });
  const backends: Backend[] = [
    {
      name: 'PGlite',
      client: pglite,
      dispose: async () => {
        await pglite.close();
        rmSync(pgliteDir, { recursive: true, force: true });
      },
    },
  ];
  const url = process.env.SEALCHAIN_TEST_DATABASE_URL;
  if (url) {
    const schema = createTestSchemaName();
    const options: Partial<DatabaseOptions> = { databaseUrl: url, schema, poolSize: 8 };
    const server = await openDatabase(options);
    backends.push({
      name: 'PostgreSQL server',
      client: server,
      dispose: async () => {
        await server.close();
        await dropTestSchema(schema);
      },
    });
  } else {
    console.log('(SEALCHAIN_TEST_DATABASE_URL not set: PostgreSQL server skipped)');
  }
  return backends;
}

/** Add-checkpoint bodies for one log: checkpoint i is proven consistent with checkpoint i - 1. */
function buildRequests(origin: string, count: number) {
  const log = new TestLog(origin).append(count);
  const bodies = [formatAddCheckpointRequest(0, [], log.signCheckpoint(1))];
  for (let size = 2; size <= count; size++) {
    bodies.push(
      formatAddCheckpointRequest(size - 1, log.proveConsistency(size - 1, size), log.signCheckpoint(size)),
    );
  }
  return { log, bodies };
}

/** Sends the bodies of each log in order (logs side by side) until MEASURE_MS passes; cosignatures per second. */
async function measureWitness(witness: Witness, logs: readonly { bodies: string[] }[]): Promise<number> {
  let cosigned = 0;
  const started = performance.now();
  await Promise.all(
    logs.map(async ({ bodies }) => {
      for (const body of bodies) {
        if (performance.now() - started >= MEASURE_MS) return;
        await witness.addCheckpoint(body);
        cosigned++;
      }
    }),
  );
  return cosigned / ((performance.now() - started) / 1000);
}

/** Durable one-row transactions per second, `parallel` at once, in a scratch table. */
async function measureCommits(client: SqlClient, parallel: number): Promise<number> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS bench_witness_commits (id bigserial PRIMARY KEY, note text NOT NULL)',
  );
  const insert = () =>
    client.transaction(async (tx) => {
      await tx.query('INSERT INTO bench_witness_commits (note) VALUES ($1)', [
        'a checkpoint note of about a hundred bytes',
      ]);
    });
  const measured = await measureRate(() => Promise.all(Array.from({ length: parallel }, insert)), {
    batch: parallel,
    minMs: 1_000,
  });
  await client.query('DROP TABLE bench_witness_commits');
  return measured.perSecond;
}

export async function runBench(): Promise<void> {
  const seed = randomBytes(32);
  const message = randomBytes(120);
  const ed25519 = await measureRate(() => signEd25519(seed, message), { batch: 1, minMs: 1_000 });
  const witnessKey = createSignerKey('bench.sealchain.test/witness', KEY_TYPE_COSIGNATURE_V1);
  for (const backend of await openBackends()) {
    try {
      for (const parallel of [1, LOGS_IN_PARALLEL]) {
        const logs = Array.from({ length: parallel }, (_, i) =>
          buildRequests(
            `bench-${parallel}-${i}-${Date.now()}.sealchain.test/log`,
            Math.ceil(CHECKPOINTS / parallel),
          ),
        );
        const witness = new Witness({
          signer: witnessKey,
          logs: logs.map(({ log }) => ({
            origin: log.origin,
            hashAlgorithm: 'sha256',
            logKey: toVerifierKey(log.signer),
          })),
          storage: new SqlWitnessStorage(backend.client),
        });
        const commits = await measureCommits(backend.client, parallel);
        const rate = await measureWitness(witness, logs);
        const name = `witness add-checkpoint on ${backend.name}, ${parallel} log${parallel === 1 ? '' : 's'} at once`;
        printRow({
          name,
          value: rate,
          unit: 'op/s',
          baselineName: 'raw Ed25519 signatures',
          baselineValue: ed25519.perSecond,
        });
        printRow({
          name,
          value: rate,
          unit: 'op/s',
          baselineName: `bare durable 1-row transactions, ${parallel} at once`,
          baselineValue: commits,
        });
      }
    } finally {
      await backend.dispose();
    }
  }
}
