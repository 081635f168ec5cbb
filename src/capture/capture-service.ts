import { randomUUID } from 'node:crypto';
import { formatTaggedDigest, hashBytes, type HashAlgorithm } from '../crypto/index.ts';
import { isSealchainError } from '../errors/index.ts';
import {
  JobWorker,
  type Job,
  type JobContext,
  type JobHandler,
  type JobRunReport,
  type JobWorkerOptions,
  type JsonValue,
} from '../jobs/index.ts';
import type { BrowserPool } from './browser-pool.ts';
import { captureUrl, type CaptureEnvironment } from './capture.ts';
import {
  CAPTURE_ANCHOR_JOB_KIND,
  CAPTURE_JOB_KIND,
  describeCaptureProgress,
  type CaptureJob,
  type CaptureJobChanges,
  type CaptureJobListQuery,
  type CaptureJobResult,
  type CaptureJobStorage,
} from './capture-queue.ts';
import type { CaptureResult } from './capture-result.ts';
import { CaptureError } from './errors.ts';
import { checkCaptureUrl, NetworkPolicy } from './network-policy.ts';
import { resolveCaptureOptions, type CaptureOptions } from './options.ts';
import type { SoftwareDescription } from './provenance.ts';
import { captureToWacz, type WaczPackage } from './wacz.ts';

export interface CaptureServiceOptions {
  /** Most jobs waiting in the queue; more are refused with CAPTURE_QUEUE_FULL (count). */
  maxQueuedJobs: number;
  /** Most jobs one unit may have waiting, its fair share of the queue; more get CAPTURE_UNIT_QUEUE_FULL (count). */
  maxQueuedJobsPerUnit: number;
  /** Times a job is started before it is given up as failed (count). */
  maxAttempts: number;
  /** Longest wait for a checkpoint over the new entry before the job is done without a stored bundle (ms). */
  bundleWaitMs: number;
  /** Options every capture starts from; a request's own options go over them. */
  captureDefaults: Partial<CaptureOptions>;
  /** Entries a request's `allowedNetworks` may name (the node operator's choice); none by default. */
  permittedNetworks: string[];
}

export const DEFAULT_CAPTURE_SERVICE_OPTIONS: Readonly<CaptureServiceOptions> = Object.freeze({
  maxQueuedJobs: 1_000,
  maxQueuedJobsPerUnit: 50,
  maxAttempts: 2,
  bundleWaitMs: 15_000,
  captureDefaults: Object.freeze({}),
  permittedNetworks: Object.freeze([]) as unknown as string[],
});

/** What a capture's browser part needs of the chain: its digest algorithm and its time. */
export interface CaptureChainClock {
  readonly hashAlgorithm: HashAlgorithm;
  /** The chain's time now (RFC 3339), for the provenance clock check. */
  readChainTime(): Promise<string>;
}

/** Where capture results go on the evidence chain (only the chain's node can deposit). */
export interface CaptureAnchor extends CaptureChainClock {
  /** Deposits a `capture` entry for `unit`; the same idempotency key MUST return the first entry. */
  depositCapture(request: {
    unit: string;
    digest: string;
    meta: Record<string, unknown>;
    idempotencyKey: string;
  }): Promise<{ chain: string; index: number; time: string }>;
  /** The entry's proof bundle once a checkpoint covers it, waiting at most waitMs; null if none yet. */
  readBundle(index: number, waitMs: number): Promise<unknown>;
}

/**
 * Which capture jobs this process runs: `all` (a node capturing in-process: browser and chain
 * parts), `anchor` (a node whose captures are taken by worker processes: only `capture-anchor`),
 * `browser` (a worker process: `capture`, handed off to `capture-anchor` once packaged), `none`
 * (submits and reads only).
 */
export type CaptureJobsRun = 'all' | 'anchor' | 'browser' | 'none';

/** Where packages and bundles are stored: content-addressed blobs. */
export interface CaptureBlobs {
  writeBlob(bytes: Uint8Array): Promise<{ sha256: string }>;
}

export interface CaptureServiceConfig {
  storage: CaptureJobStorage;
  pool: BrowserPool;
  /** A CaptureAnchor, or for `runs: 'browser'` only the chain's clock and algorithm. */
  anchor: CaptureAnchor | CaptureChainClock;
  /** Which capture jobs start() runs here; `all` when absent. */
  runs?: CaptureJobsRun;
  /** The job worker's lease, heartbeat and poll (its concurrency is the pool's size). */
  worker?: Partial<Omit<JobWorkerOptions, 'concurrency'>>;
  /** This process's lease owner id; random when absent. */
  workerId?: string;
  /** Called once per capture job run here, when its outcome is recorded. */
  logJob?: (report: JobRunReport) => void;
  blobs: CaptureBlobs;
  software: SoftwareDescription;
  options?: Partial<CaptureServiceOptions>;
  logError?: (message: string, error: unknown) => void;
  /** Test seam for DNS (the system resolver otherwise). */
  resolveHost?: CaptureEnvironment['resolveHost'];
}

const META_TEXT_CHARS = 4_000;

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

export function resolveCaptureServiceOptions(
  options: Partial<CaptureServiceOptions> = {},
): CaptureServiceOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CAPTURE_SERVICE_OPTIONS, key)) {
      throw new CaptureError('CAPTURE_OPTIONS_INVALID', `unknown capture service option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_CAPTURE_SERVICE_OPTIONS, ...options };
  for (const key of ['maxQueuedJobs', 'maxQueuedJobsPerUnit', 'maxAttempts', 'bundleWaitMs'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < 1) {
      throw new CaptureError(
        'CAPTURE_OPTIONS_INVALID',
        `capture service option ${key} must be a positive whole number`,
        {
          details: { key, value: resolved[key] },
        },
      );
    }
  }
  resolveCaptureOptions(resolved.captureDefaults);
  new NetworkPolicy(resolved.permittedNetworks);
  return resolved;
}

function summarize(capture: CaptureResult): CaptureJobResult {
  return {
    state: capture.state,
    reasons: capture.reasons,
    requestedUrl: capture.requestedUrl,
    finalUrl: capture.finalUrl,
    title: capture.title,
    targetStatus: capture.targetStatus,
    startedAt: capture.startedAt,
    endedAt: capture.endedAt,
    exchanges: capture.exchanges.length,
    refusedRequests: capture.refused.length,
    browser: { name: capture.browser.name, version: capture.browser.version },
    cleanEnvironment: {
      clean: capture.environmentChecks.every((check) => check.status !== 'fail'),
      checks: capture.environmentChecks.map(({ id, status }) => ({ id, status })),
    },
  };
}

/** The meta of a capture entry: URL, final URL, capture time, state and page title. */
export function buildCaptureMeta(description: WaczPackage['capture']): Record<string, unknown> {
  return {
    url: clip(description.requestedUrl, META_TEXT_CHARS),
    finalUrl: clip(description.finalUrl, META_TEXT_CHARS),
    capturedAt: description.startedAt,
    state: description.state,
    title: clip(description.title, 500),
    format: 'wacz',
  };
}

/**
 * Captures as jobs of kind `capture` on the durable job queue: submit validates and queues, a job
 * worker (one job per pooled browser, under a lease it keeps extending) captures, packages,
 * deposits and stores the bundle, recording each step so that a later attempt resumes after it.
 */
export class CaptureService {
  readonly options: CaptureServiceOptions;
  readonly #config: CaptureServiceConfig;
  #worker: JobWorker | undefined;
  #closed = false;

  constructor(config: CaptureServiceConfig) {
    this.#config = config;
    this.options = resolveCaptureServiceOptions(config.options);
    const runs = config.runs ?? 'all';
    if ((runs === 'all' || runs === 'anchor') && !('depositCapture' in config.anchor)) {
      throw new CaptureError('CAPTURE_OPTIONS_INVALID', `a capture service that runs ${runs} jobs deposits`, {
        details: { key: 'anchor' },
      });
    }
  }

  /** The job kinds start() runs in this process. */
  get jobKinds(): string[] {
    return Object.keys(this.#handlers());
  }

  /** The lease owner id of this process's job worker, once started. */
  get workerId(): string | undefined {
    return this.#worker?.id;
  }

  /**
   * Starts the job worker. Captures another process left running are not taken here: the job
   * queue gives them back once their lease ran out (a live process keeps extending its lease).
   */
  async start(): Promise<void> {
    const handlers = this.#handlers();
    if (Object.keys(handlers).length === 0) return;
    this.#worker = new JobWorker({
      storage: this.#config.storage.jobs,
      options: { ...this.#config.worker, concurrency: this.#config.pool.size },
      handlers,
      ...(this.#config.workerId === undefined ? {} : { workerId: this.#config.workerId }),
      ...(this.#config.logJob === undefined ? {} : { logJob: this.#config.logJob }),
      ...(this.#config.logError === undefined ? {} : { logError: this.#config.logError }),
    });
    this.#worker.start();
  }

  /**
   * Gives back every running capture at once. Only for a database this process holds alone (the
   * embedded one behind the node's data lock): there, no other process can be running them.
   */
  async recoverOrphanedCaptures(): Promise<string[]> {
    const now = new Date();
    const afterEveryLease = new Date(now.getTime() + 366 * 24 * 3600 * 1000).toISOString();
    return this.#config.storage.jobs.expireLeases(now.toISOString(), afterEveryLease);
  }

  #handlers(): Record<string, JobHandler> {
    const runs = this.#config.runs ?? 'all';
    const isRetryable = (error: unknown) => !isSealchainError(error);
    const handlers: Record<string, JobHandler> = {};
    if (runs === 'all' || runs === 'browser') {
      handlers[CAPTURE_JOB_KIND] = { run: (job, context) => this.#run(job, context, runs), isRetryable };
    }
    if (runs === 'all' || runs === 'anchor') {
      handlers[CAPTURE_ANCHOR_JOB_KIND] = {
        run: (job, context) => this.#run(job, context, 'anchor'),
        isRetryable,
      };
    }
    return handlers;
  }

  /** Validates and queues a capture of `url` for `unit`; returns the queued job. */
  async submit(unit: string, url: string, options: Partial<CaptureOptions> = {}): Promise<CaptureJob> {
    if (this.#closed) throw new CaptureError('CAPTURE_SERVICE_CLOSED', 'the capture service has stopped');
    const merged = resolveCaptureOptions({ ...this.options.captureDefaults, ...options });
    const permitted = new Set([
      ...this.options.permittedNetworks,
      ...(this.options.captureDefaults.allowedNetworks ?? []),
    ]);
    const forbidden = (options.allowedNetworks ?? []).filter((entry) => !permitted.has(entry));
    if (forbidden.length > 0) {
      throw new CaptureError(
        'CAPTURE_URL_REFUSED',
        `this node does not permit captures to reach ${forbidden.join(', ')}`,
        {
          details: { reason: 'network-not-permitted', networks: forbidden },
        },
      );
    }
    const target = checkCaptureUrl(url, new NetworkPolicy(merged.allowedNetworks));
    const perUnit = this.options.maxQueuedJobsPerUnit;
    if ((await this.#config.storage.countJobs('queued', unit)) >= perUnit) {
      throw new CaptureError(
        'CAPTURE_UNIT_QUEUE_FULL',
        `${unit} already has ${perUnit} captures waiting, its share of the queue; retry when one has started`,
        { details: { unit, maxQueuedJobsPerUnit: perUnit, retryAfterMs: 30_000 } },
      );
    }
    if ((await this.#config.storage.countJobs('queued')) >= this.options.maxQueuedJobs) {
      throw new CaptureError(
        'CAPTURE_QUEUE_FULL',
        `${this.options.maxQueuedJobs} captures are already waiting; retry later`,
        {
          details: { retryAfterMs: 30_000 },
        },
      );
    }
    const now = new Date().toISOString();
    const job: CaptureJob = {
      id: randomUUID(),
      unit,
      url: target.href,
      options,
      status: 'queued',
      phase: 'queued',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      result: null,
      anchor: null,
      error: null,
    };
    await this.#config.storage.insertJob(job);
    this.#worker?.wake();
    return job;
  }

  async readJob(id: string): Promise<CaptureJob> {
    const job = await this.#config.storage.readJob(id);
    if (job === null) throw new CaptureError('CAPTURE_NOT_FOUND', `no capture ${id}`, { details: { id } });
    return job;
  }

  /** The job deposited as entry `index` of `chain`, or null: what a capture certificate may state. */
  findJobByEntry(chain: string, index: number): Promise<CaptureJob | null> {
    return this.#config.storage.findJobByEntry(chain, index);
  }

  /** The jobs of some units, newest first, a page at a time (CaptureJobStorage.listJobs). */
  listJobs(query: CaptureJobListQuery): Promise<CaptureJob[]> {
    return this.#config.storage.listJobs(query);
  }

  /** Stops the worker; captures in progress are given back to the queue for another worker. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#worker?.close();
    await this.#config.pool.close();
  }

  /**
   * One attempt of a capture job: resumes after the steps its earlier attempts recorded. `browser`
   * stops after packaging and hands the job off; `anchor` only deposits and stores the bundle.
   */
  async #run(queued: Job, context: JobContext, part: Exclude<CaptureJobsRun, 'none'>): Promise<JsonValue> {
    const job = await this.readJob(queued.id);
    const update = async (changes: CaptureJobChanges) => {
      Object.assign(job, changes);
      await context.saveState({ phase: job.phase, result: job.result, anchor: job.anchor } as JsonValue);
      const progress = describeCaptureProgress(job);
      await context.reportProgress(progress.percent, progress.message);
    };
    try {
      if (job.attempts > this.options.maxAttempts) {
        throw new CaptureError('CAPTURE_FAILED', `the capture was interrupted ${job.attempts - 1} times`);
      }
      if (part !== 'anchor') await this.#capture(job, context.signal, update);
      if (part === 'browser') {
        context.handOff(CAPTURE_ANCHOR_JOB_KIND);
        return null;
      }
      if (job.result?.package === undefined) {
        throw new CaptureError('CAPTURE_FAILED', 'the capture was handed off without its package');
      }
      await this.#anchor(job, update);
      return null;
    } catch (error) {
      if (context.signal.aborted || isSealchainError(error)) throw error;
      if (job.attempts < this.options.maxAttempts) throw error;
      this.#config.logError?.(`capture ${job.id} failed`, error);
      throw new CaptureError('CAPTURE_FAILED', error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }

  async #capture(
    job: CaptureJob,
    signal: AbortSignal,
    update: (changes: CaptureJobChanges) => Promise<void>,
  ): Promise<void> {
    if (job.result?.package !== undefined) return;
    let phaseWrites = Promise.resolve();
    const onPhase = (phase: CaptureJob['phase']) => {
      phaseWrites = phaseWrites.then(() => update({ phase })).catch(() => undefined);
    };
    const capture = await captureUrl(
      this.#config.pool,
      job.url,
      { ...this.options.captureDefaults, ...job.options },
      {
        onPhase,
        signal,
        captureId: job.id,
        readChainTime: () => this.#config.anchor.readChainTime(),
        ...(this.#config.resolveHost === undefined ? {} : { resolveHost: this.#config.resolveHost }),
      },
    );
    await phaseWrites;
    const result = summarize(capture);
    if (capture.state === 'failed') {
      await update({ phase: null, result });
      throw new CaptureError('CAPTURE_FAILED', capture.reasons.join('; '));
    }
    await update({ phase: 'packaging' });
    const wacz = await captureToWacz(capture, this.#config.software);
    const stored = await this.#config.blobs.writeBlob(wacz.bytes);
    result.package = {
      sha256: stored.sha256,
      bytes: wacz.bytes.length,
      digest: formatTaggedDigest({
        algorithm: this.#config.anchor.hashAlgorithm,
        value: hashBytes(this.#config.anchor.hashAlgorithm, wacz.bytes),
      }),
      datapackageHash: wacz.datapackageHash,
      files: wacz.resources.map(({ path, hash, bytes }) => ({ path, hash, bytes })),
    };
    await update({ result, phase: 'anchoring' });
  }

  async #anchor(job: CaptureJob, update: (changes: CaptureJobChanges) => Promise<void>): Promise<void> {
    const result = job.result!;
    const anchor = this.#config.anchor as CaptureAnchor;
    if (job.anchor === null) {
      const entry = await anchor.depositCapture({
        unit: job.unit,
        digest: result.package!.digest,
        meta: buildCaptureMeta({ captureId: job.id, ...result }),
        idempotencyKey: `capture:${job.id}`,
      });
      await update({ anchor: { ...entry, bundleSha256: null }, phase: 'waiting-for-checkpoint' });
    }
    const bundle = await anchor.readBundle(job.anchor!.index, this.options.bundleWaitMs);
    const anchored = { ...job.anchor! };
    if (bundle !== null && bundle !== undefined) {
      anchored.bundleSha256 = (
        await this.#config.blobs.writeBlob(Buffer.from(JSON.stringify(bundle, null, 2), 'utf8'))
      ).sha256;
    }
    await update({ phase: null, anchor: anchored });
  }
}
