import { join } from 'node:path';
import { ApiError } from '../api/index.ts';
import {
  BrowserPool,
  CAPTURE_JOB_KIND,
  CaptureService,
  describeSoftware,
  type CaptureChainClock,
} from '../capture/index.ts';
import { readConsortiumFile } from '../consortium/index.ts';
import type { JobRunReport } from '../jobs/index.ts';
import { BlobStore, openDatabase, SqlCaptureStorage, type SqlClient } from '../store/index.ts';
import { findTrustedChain } from '../verify/index.ts';
import { lockDataDir } from './data-lock.ts';
import type { NodeConfig } from './node-config.ts';

// `sealchain worker --config FILE`: job handlers in a process of their own, on the database of a
// sequencer's configuration file, beside its node (which then only enqueues and deposits:
// `captureJobs: "workers"`). Several workers, on one machine or several sharing the data
// directory's blob folder, take jobs from one PostgreSQL under leases (src/jobs).

/** Job kinds a worker process can run, as `--queues` names them. */
export const WORKER_QUEUES: readonly string[] = Object.freeze([CAPTURE_JOB_KIND]);

export interface JobWorkersOptions {
  /** Job kinds to take (a subset of WORKER_QUEUES). */
  queues: readonly string[];
  /** Jobs run at once: for captures, the browsers of the pool (count). */
  concurrency: number;
  /** Lease on a claimed job: a killed worker's jobs are taken again this long after its last heartbeat (ms). */
  leaseMs: number;
  /** Idle wait between looks at the queue (ms). */
  pollMs: number;
  /** The Chromium binary of captures. */
  chromiumPath?: string;
}

export const DEFAULT_JOB_WORKERS_OPTIONS: Readonly<Omit<JobWorkersOptions, 'chromiumPath'>> = Object.freeze({
  queues: WORKER_QUEUES,
  concurrency: 2,
  leaseMs: 60_000,
  pollMs: 2_000,
});

export interface RunningJobWorkers {
  /** The lease owner id this process claims jobs under. */
  id: string;
  kinds: string[];
  /** Stops claiming; jobs in progress are given back to the queue (not counted as an attempt). */
  close(): Promise<void>;
}

export interface JobWorkersLogs {
  logJob: (report: JobRunReport) => void;
  logError: (message: string, error: unknown) => void;
}

function checkQueues(queues: readonly string[]): void {
  const unknown = queues.filter((queue) => !WORKER_QUEUES.includes(queue));
  if (queues.length === 0 || unknown.length > 0) {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      `unknown job queue ${JSON.stringify(unknown[0] ?? '')}; a worker runs ${WORKER_QUEUES.join(', ')}`,
      { details: { key: 'queues', value: unknown[0] ?? null } },
    );
  }
}

/**
 * Opens the configuration's database: its PostgreSQL server, or the embedded PGlite database when
 * no process holds it (a node stopped). WORKER_DATABASE_EMBEDDED when another process holds it.
 */
async function openWorkerDatabase(config: NodeConfig): Promise<SqlClient> {
  if (config.databaseUrl !== undefined) {
    return openDatabase({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, poolSize: 4 });
  }
  let unlock: () => Promise<void>;
  try {
    unlock = await lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'DATA_DIR_LOCKED') throw error;
    throw new ApiError(
      'WORKER_DATABASE_EMBEDDED',
      `the configuration has no databaseUrl, so its database is the embedded one in ${config.dataDir}, ` +
        `which process ${String(error.details['pid'] ?? '?')} holds; an embedded database belongs to one ` +
        'process: give the node and its workers a PostgreSQL server (databaseUrl or DATABASE_URL)',
      { cause: error, details: { dataDir: config.dataDir, pid: error.details['pid'] ?? null } },
    );
  }
  try {
    const client = await openDatabase({ pgliteDir: join(config.dataDir, 'pglite') });
    const close = client.close.bind(client);
    client.close = () => close().finally(unlock);
    return client;
  } catch (error) {
    await unlock();
    throw error;
  }
}

/**
 * The composition root of a worker process: the database, the blob store and the capture
 * service's browser part (`capture` jobs, handed off to the chain's node as `capture-anchor`).
 */
export async function startJobWorkers(
  config: NodeConfig,
  options: JobWorkersOptions,
  logs: JobWorkersLogs,
): Promise<RunningJobWorkers> {
  checkQueues(options.queues);
  if (config.role !== 'sequencer') {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      'a worker runs beside a sequencer: give it a sequencer config',
      {
        details: { field: 'role' },
      },
    );
  }
  const chain = findTrustedChain(await readConsortiumFile(config.consortium), config.chain!);
  const client = await openWorkerDatabase(config);
  try {
    const blobs = new BlobStore({ rootDir: join(config.dataDir, 'blobs'), maxBlobBytes: 4 * 1024 ** 3 });
    const clock: CaptureChainClock = {
      hashAlgorithm: chain.hashAlgorithm,
      readChainTime: async () => new Date().toISOString(),
    };
    const captures = new CaptureService({
      storage: new SqlCaptureStorage(client),
      pool: new BrowserPool({
        size: options.concurrency,
        ...(options.chromiumPath === undefined ? {} : { executablePath: options.chromiumPath }),
      }),
      anchor: clock,
      blobs: {
        writeBlob: (bytes) =>
          blobs.writeBlob(
            (async function* () {
              yield bytes;
            })(),
          ),
      },
      software: describeSoftware(),
      runs: 'browser',
      worker: {
        leaseMs: options.leaseMs,
        heartbeatMs: Math.max(1, Math.floor(options.leaseMs / 4)),
        pollMs: options.pollMs,
      },
      logJob: logs.logJob,
      logError: logs.logError,
    });
    await captures.start();
    let closing: Promise<void> | undefined;
    return {
      id: captures.workerId!,
      kinds: captures.jobKinds,
      close: () => {
        closing ??= captures.close().finally(() => client.close());
        return closing;
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
