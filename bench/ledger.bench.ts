// Ledger throughput and integration latency on PGlite and on a PostgreSQL server. Every append
// rate is printed beside the rate of INSERTing the same rows straight into the same database in
// the same run; integration latency (receipt to covering checkpoint) beside the merge delay.
import { rmSync } from 'node:fs';
import { bytesToHex, createSignerKey, randomBytes } from '../src/crypto/index.ts';
import {
  buildEntry,
  checkEntryFields,
  Ledger,
  type AppendRequest,
  type StoredEntry,
} from '../src/ledger/index.ts';
import { rfc6962 } from '../src/merkle/index.ts';
import { signReceipt } from '../src/note/index.ts';
import { openDatabase, SqlLedgerStorage, type DatabaseOptions, type SqlClient } from '../src/store/index.ts';
import {
  createPgliteDir,
  createTestOrigin,
  createTestSchemaName,
  dropTestSchema,
} from '../src/store/test-support/databases.ts';
import { measureRate, percentile, printRow } from './harness.ts';

const BATCH = 1_000;
const WORKERS = 64;
const MEASURE_MS = 2_000;
const LATENCY_SAMPLES = 400;

function makeRequest(): AppendRequest {
  return {
    type: 'evidence',
    digest: `sha256:${bytesToHex(randomBytes(32))}`,
    unit: 'bench-unit',
    meta: { case: '(2026)京0491民初1号', page: 1 },
  };
}

/** Rows shaped exactly like the ledger's, built ahead so the baseline measures only the INSERT. */
function buildRows(origin: string, count: number): StoredEntry[] {
  const signer = createSignerKey(origin);
  const hasher = rfc6962('sha256');
  const time = new Date().toISOString();
  return Array.from({ length: count }, (_, leafIndex) => {
    const { bytes } = buildEntry(checkEntryFields(makeRequest(), limits()), time, limits());
    const leafHash = hasher.hashLeaf(bytes);
    return {
      leafIndex,
      entry: bytes,
      leafHash,
      unit: 'bench-unit',
      idempotencyKey: null,
      receipt: signReceipt({ origin, index: leafIndex, leafHash, time }, signer),
    };
  });
}

function limits() {
  return { maxEntryBytes: 65_535, maxMetaBytes: 16_384, maxMetaDepth: 8 };
}

function insertRows(client: SqlClient, rows: readonly StoredEntry[], firstIndex: number) {
  return client.transaction((tx) =>
    tx.query(
      `INSERT INTO bench_entries (chain_id, leaf_index, entry, leaf_hash, unit, idempotency_key, receipt)
       SELECT 0, * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[], $4::text[], $5::text[], $6::text[])`,
      [
        rows.map((_, i) => firstIndex + i),
        rows.map((row) => row.entry),
        rows.map((row) => row.leafHash),
        rows.map((row) => row.unit),
        rows.map((row) => row.idempotencyKey),
        rows.map((row) => row.receipt),
      ],
    ),
  );
}

async function runConcurrently(
  workers: number,
  durationMs: number,
  work: () => Promise<unknown>,
): Promise<number> {
  let done = 0;
  const until = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        await work();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

async function benchBackend(name: string, options: Partial<DatabaseOptions>): Promise<void> {
  const client = await openDatabase(options);
  try {
    await client.execute('CREATE TABLE bench_entries (LIKE ledger_entries INCLUDING ALL)');
    const origin = createTestOrigin();
    const storage = await SqlLedgerStorage.open(client, origin, 'sha256');
    const ledger = await Ledger.open({ storage, signer: createSignerKey(origin) });
    const rows = buildRows(origin, BATCH);
    let baselineIndex = 0;

    const insertBatch = await measureRate(
      async () => {
        await insertRows(client, rows, baselineIndex);
        baselineIndex += BATCH;
      },
      { batch: BATCH, minMs: MEASURE_MS },
    );
    const appendBatch = await measureRate(
      () => ledger.appendBatch(Array.from({ length: BATCH }, makeRequest)),
      {
        batch: BATCH,
        minMs: MEASURE_MS,
      },
    );
    printRow({
      name: `${name}: appendBatch of ${BATCH}`,
      value: appendBatch.perSecond,
      unit: 'entries/s',
      baselineName: `INSERT of the same rows, ${BATCH} a transaction`,
      baselineValue: insertBatch.perSecond,
    });

    await ledger.integrate();
    const insertSingle = await runConcurrently(WORKERS, MEASURE_MS, () =>
      insertRows(client, [rows[0]!], baselineIndex++),
    );
    const appendSingle = await runConcurrently(WORKERS, MEASURE_MS, () => ledger.append(makeRequest()));
    printRow({
      name: `${name}: ${WORKERS} concurrent single appends`,
      value: appendSingle,
      unit: 'entries/s',
      baselineName: `${WORKERS} concurrent single-row INSERT transactions`,
      baselineValue: insertSingle,
    });

    await ledger.integrate();
    const latencies: number[] = [];
    const pending: { leafIndex: number; receiptAt: number }[] = [];
    let sampled = 0;
    const poller = (async () => {
      while (sampled < LATENCY_SAMPLES || pending.length > 0) {
        const checkpoint = await ledger.readCheckpoint();
        const now = performance.now();
        while (pending.length > 0 && pending[0]!.leafIndex < (checkpoint?.treeSize ?? 0)) {
          latencies.push(now - pending.shift()!.receiptAt);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    while (sampled < LATENCY_SAMPLES) {
      const receipt = await ledger.append(makeRequest());
      pending.push({ leafIndex: receipt.leafIndex, receiptAt: performance.now() });
      sampled++;
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    await poller;
    const maxMergeDelayMs = ledger.options.maxMergeDelayMs;
    for (const p of [50, 99]) {
      const value = percentile(latencies, p);
      printRow({
        name: `${name}: receipt to checkpoint p${p} (integrator every ${ledger.options.integrationIntervalMs} ms)`,
        value,
        unit: 'ms',
        baselineName: 'maximum merge delay',
        baselineValue: maxMergeDelayMs,
        goal: 'value < baseline',
        met: value < maxMergeDelayMs,
      });
    }
    await ledger.close();
  } finally {
    await client.close();
  }
}

export async function runBench(): Promise<void> {
  const dir = await createPgliteDir();
  try {
    await benchBackend('PGlite', { pgliteDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const databaseUrl = process.env.SEALCHAIN_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === '') {
    console.log('PostgreSQL server: skipped (set SEALCHAIN_TEST_DATABASE_URL or DATABASE_URL)');
    return;
  }
  const schema = createTestSchemaName();
  try {
    await benchBackend('PostgreSQL server', { databaseUrl, schema, poolSize: WORKERS });
  } finally {
    await dropTestSchema(schema);
  }
}
