// Append throughput and proof latency with 10^5 … 10^7 entries already in the log, on PGlite and
// on a PostgreSQL server: they must stay flat as the log grows. Each size is reached by bulk
// loading (bench/ledger-bulk-load.ts) and is checked before it is measured (every stored tile and
// checkpoint by Ledger.audit up to 10^5 entries, or SEALCHAIN_SCALE_AUDIT=1 at every size; sampled
// entries and their proofs against the signed checkpoint otherwise). Every figure is printed
// beside the same measurement, taken alongside it, on a fresh log of the first size (10^5, the
// smallest the issue names) in a database of its own: the baseline (at the first size the ratio
// shows the machine's noise).
//
// A proof reads one tile per tile level (log256 of the size: 2 up to 65,536, 3 from 65,537 to
// 2^24), so every default size reads 3; a first size of 1e4 shows the one step between 2 and 3.
//
// Sizes: SEALCHAIN_SCALE_PGLITE (default 1e5,1e6) and SEALCHAIN_SCALE_SERVER (default
// 1e5,1e6,1e7), comma-separated, increasing; an empty value skips the backend.
import { rmSync } from 'node:fs';
import {
  bytesToHex,
  createSignerKey,
  randomBytes,
  toVerifierKey,
  type SignerKey,
} from '../src/crypto/index.ts';
import { Ledger, parseEntry, type AppendRequest, type LedgerOptions } from '../src/ledger/index.ts';
import { rfc6962, TILE_WIDTH, verifyInclusion } from '../src/merkle/index.ts';
import { verifyCheckpoint } from '../src/note/index.ts';
import { openDatabase, SqlLedgerStorage, type SqlClient } from '../src/store/index.ts';
import {
  createPgliteDir,
  createTestSchemaName,
  dropTestSchema,
} from '../src/store/test-support/databases.ts';
import { percentile, printRow } from './harness.ts';
import { bulkExtendLog } from './ledger-bulk-load.ts';

const APPEND_MS = 2_000;
const BATCH = 1_000;
const BATCH_CALLERS = 2;
const SINGLE_CALLERS = 64;
const PROOFS = 1_000;
const SPOT_CHECKS = 50;
const FULL_AUDIT_UP_TO = 100_000;
const ORIGIN = 'scale.sealchain.local/evidence';
// Proofs are measured with tile caches of one tile, so that every proof reads its tiles from
// storage: the cost that grows with the log, if anything does.
const UNCACHED: Partial<LedgerOptions> = { tileCacheSize: 1, partialTileCacheSize: 1, entryCacheBlocks: 1 };

interface Figures {
  size: number;
  batchPerSecond: number;
  singlePerSecond: number;
  proofP50Ms: number;
  proofP99Ms: number;
}

function parseSizes(text: string | undefined, fallback: string): number[] {
  const sizes = (text ?? fallback)
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => Number(part.trim()));
  sizes.forEach((size, i) => {
    if (!Number.isSafeInteger(size) || size < 1 || (i > 0 && size <= sizes[i - 1]!)) {
      throw new Error(`log sizes must be increasing positive integers: ${text}`);
    }
  });
  return sizes;
}

function formatSize(size: number): string {
  const exponent = Math.log10(size);
  return Number.isInteger(exponent) ? `10^${exponent}` : size.toLocaleString('en-US');
}

function makeRequest(): AppendRequest {
  return {
    type: 'evidence',
    digest: `sha256:${bytesToHex(randomBytes(32))}`,
    unit: 'bench-unit',
    meta: { page: 1 },
  };
}

async function runCallers(callers: number, durationMs: number, work: () => Promise<number>): Promise<number> {
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() - started < durationMs) {
        const count = await work();
        done += count;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Appends through the real ledger (group commit, signing, integration on its timer), then integrates. */
async function measureAppends(
  storage: SqlLedgerStorage,
  signer: SignerKey,
): Promise<{ batch: number; single: number }> {
  const ledger = await Ledger.open({ storage, signer });
  try {
    const batch = await runCallers(BATCH_CALLERS, APPEND_MS, async () => {
      await ledger.appendBatch(Array.from({ length: BATCH }, makeRequest));
      return BATCH;
    });
    await ledger.integrate();
    const single = await runCallers(SINGLE_CALLERS, APPEND_MS, async () => {
      await ledger.append(makeRequest());
      return 1;
    });
    return { batch, single };
  } finally {
    await ledger.close();
  }
}

async function measureProofs(
  storage: SqlLedgerStorage,
  signer: SignerKey,
): Promise<{ p50: number; p99: number }> {
  const ledger = await Ledger.open({ storage, signer, autoIntegrate: false, options: UNCACHED });
  try {
    const treeSize = (await ledger.readCheckpoint())!.treeSize;
    const latencies: number[] = [];
    for (let i = 0; i < PROOFS; i++) {
      const leafIndex = Math.floor(Math.random() * treeSize);
      const started = performance.now();
      await ledger.proveInclusion(leafIndex, treeSize);
      latencies.push(performance.now() - started);
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await ledger.close();
  }
}

/** Throws unless the log verifies: a full audit, or sampled entries and proofs under the signed checkpoint. */
async function checkLog(storage: SqlLedgerStorage, signer: SignerKey, fullAudit: boolean): Promise<void> {
  const ledger = await Ledger.open({ storage, signer, autoIntegrate: false });
  try {
    if (fullAudit) {
      const report = await ledger.audit();
      if (!report.ok)
        throw new Error(`the bulk-loaded log fails its audit: ${JSON.stringify(report.divergence)}`);
      return;
    }
    const hasher = rfc6962('sha256');
    const stored = (await ledger.readCheckpoint())!;
    const { checkpoint } = verifyCheckpoint(stored.note, ORIGIN, toVerifierKey(signer));
    for (let i = 0; i < SPOT_CHECKS; i++) {
      const leafIndex = i === 0 ? checkpoint.treeSize - 1 : Math.floor(Math.random() * checkpoint.treeSize);
      const entry = await ledger.readEntry(leafIndex);
      parseEntry(entry.entry, ledger.options);
      const leafHash = hasher.hashLeaf(entry.entry);
      const proof = await ledger.proveInclusion(leafIndex, checkpoint.treeSize);
      verifyInclusion(hasher, leafIndex, checkpoint.treeSize, leafHash, proof.hashes, checkpoint.rootHash);
    }
  } finally {
    await ledger.close();
  }
}

interface BenchDatabase {
  client: SqlClient;
  storage: SqlLedgerStorage;
  close(): Promise<void>;
}

type OpenDatabase = () => Promise<BenchDatabase>;

async function measure(database: BenchDatabase, signer: SignerKey, size: number): Promise<Figures> {
  const proofs = await measureProofs(database.storage, signer);
  const appends = await measureAppends(database.storage, signer);
  return {
    size,
    batchPerSecond: appends.batch,
    singlePerSecond: appends.single,
    proofP50Ms: proofs.p50,
    proofP99Ms: proofs.p99,
  };
}

/**
 * Grows one log through `sizes`; at each size measures it and, in the same minute, a fresh log of
 * the first size in a database of its own (so that shared tables and indexes do not grow with the
 * large log): the baseline.
 */
async function benchBackend(name: string, open: OpenDatabase, sizes: readonly number[]): Promise<void> {
  const signer = createSignerKey(ORIGIN);
  const large = await open();
  try {
    for (const size of sizes) {
      const loadStarted = performance.now();
      if (size > (await large.storage.countEntries())) {
        await bulkExtendLog(large.client, large.storage, signer, size);
      }
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const checkStarted = performance.now();
      await checkLog(
        large.storage,
        signer,
        size <= FULL_AUDIT_UP_TO || process.env.SEALCHAIN_SCALE_AUDIT === '1',
      );
      console.log(
        `  ${name}: ${formatSize(size)} entries loaded in ${loadSeconds.toFixed(1)} s, checked in ${((performance.now() - checkStarted) / 1000).toFixed(1)} s`,
      );
      const small = await open();
      try {
        await bulkExtendLog(small.client, small.storage, signer, sizes[0]!);
        const baseline = await measure(small, signer, sizes[0]!);
        const measured = await measure(large, signer, size);
        printFigures(name, measured, baseline);
      } finally {
        await small.close();
      }
    }
  } finally {
    await large.close();
  }
}

async function openPglite(): Promise<BenchDatabase> {
  const dir = await createPgliteDir();
  const client = await openDatabase({ pgliteDir: dir });
  return {
    client,
    storage: await SqlLedgerStorage.open(client, ORIGIN, 'sha256'),
    close: async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function openServer(databaseUrl: string): OpenDatabase {
  return async () => {
    const schema = createTestSchemaName();
    const client = await openDatabase({ databaseUrl, schema, poolSize: SINGLE_CALLERS });
    return {
      client,
      storage: await SqlLedgerStorage.open(client, ORIGIN, 'sha256'),
      close: async () => {
        await client.close();
        await dropTestSchema(schema);
      },
    };
  };
}

/** Tile levels of a tree of `size` leaves: the tiles one inclusion proof reads, at most. */
function levelsOf(size: number): number {
  let levels = 1;
  while (TILE_WIDTH ** levels < size) levels++;
  return levels;
}

function printFigures(name: string, measured: Figures, baseline: Figures): void {
  const at = `with ${formatSize(measured.size)} entries in the log`;
  const baselineName = `a log of ${formatSize(baseline.size)}, measured alongside`;
  const rows = [
    {
      what: `appendBatch of ${BATCH}, ${BATCH_CALLERS} callers`,
      value: measured.batchPerSecond,
      base: baseline.batchPerSecond,
      unit: 'entries/s',
      higher: true,
    },
    {
      what: `${SINGLE_CALLERS} concurrent single appends`,
      value: measured.singlePerSecond,
      base: baseline.singlePerSecond,
      unit: 'entries/s',
      higher: true,
    },
    {
      what: `inclusion proof p50, ${levelsOf(measured.size)} tile levels read from storage`,
      value: measured.proofP50Ms,
      base: baseline.proofP50Ms,
      unit: 'ms',
      higher: false,
    },
    {
      what: `inclusion proof p99, ${levelsOf(measured.size)} tile levels read from storage`,
      value: measured.proofP99Ms,
      base: baseline.proofP99Ms,
      unit: 'ms',
      higher: false,
    },
  ];
  for (const row of rows) {
    const ratio = row.value / row.base;
    printRow({
      name: `${name}: ${row.what} ${at}`,
      value: row.value,
      unit: row.unit,
      baselineName,
      baselineValue: row.base,
      ...(row.higher
        ? { goal: 'flat (ratio ≥ 0.8)', met: ratio >= 0.8 }
        : { goal: 'flat (ratio ≤ 1.25)', met: ratio <= 1.25 }),
    });
  }
}

export async function runBench(): Promise<void> {
  const pgliteSizes = parseSizes(process.env.SEALCHAIN_SCALE_PGLITE, '1e5,1e6');
  if (pgliteSizes.length > 0) await benchBackend('PGlite', openPglite, pgliteSizes);
  const serverSizes = parseSizes(process.env.SEALCHAIN_SCALE_SERVER, '1e5,1e6,1e7');
  const databaseUrl = process.env.SEALCHAIN_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (serverSizes.length === 0) return;
  if (databaseUrl === undefined || databaseUrl === '') {
    console.log('PostgreSQL server: skipped (set SEALCHAIN_TEST_DATABASE_URL or DATABASE_URL)');
    return;
  }
  await benchBackend('PostgreSQL server', openServer(databaseUrl), serverSizes);
}
