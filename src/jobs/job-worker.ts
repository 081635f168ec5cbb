import { randomUUID } from 'node:crypto';
import { isSealchainError } from '../errors/index.ts';
import { computeRetryDelayMs } from './backoff.ts';
import { JobError } from './errors.ts';
import type { Job, JobFailure, JsonValue } from './job.ts';
import type { JobStorage } from './job-storage.ts';
import { resolveJobWorkerOptions, type JobWorkerOptions } from './options.ts';

/** What a handler may do while it runs a job. */
export interface JobContext {
  /** Aborted when the job is cancelled, its lease is lost, or the worker stops. */
  readonly signal: AbortSignal;
  reportProgress(percent: number, message: string): Promise<void>;
  /** Records a checkpoint that a later attempt finds in `job.state`. */
  saveState(state: JsonValue): Promise<void>;
  /**
   * When the handler resolves, the job is not done but queued as `kind`, for another worker's
   * handler of that kind to do the rest (JobStorage.handOffJob).
   */
  handOff(kind: string): void;
}

/** How one job's run ended in this worker, for its log line. */
export type JobOutcome =
  'done' | 'handed-off' | 'retrying' | 'dead' | 'released' | 'cancelled' | 'lease-lost';

export interface JobRunReport {
  job: Job;
  outcome: JobOutcome;
  /** Time the run took (ms). */
  durationMs: number;
  /** The kind the job was handed off to. */
  handedOffTo?: string;
  failure?: JobFailure;
}

/**
 * Runs the jobs of one kind. Delivery is at least once: a worker that stalls past its lease (or
 * dies after the work but before recording it) sees the job run again elsewhere, so a handler MUST
 * be idempotent (deposits carry an idempotency key; steps done are kept with `saveState`).
 */
export interface JobHandler {
  /** Runs one attempt; its resolved value is stored as the job's result. */
  run(job: Job, context: JobContext): Promise<JsonValue | void>;
  /** Whether a failure may be retried (true when absent); false dead-letters the job at once. */
  isRetryable?(error: unknown): boolean;
}

export interface JobWorkerConfig {
  storage: JobStorage;
  handlers: Readonly<Record<string, JobHandler>>;
  options?: Partial<JobWorkerOptions>;
  /** This worker's lease owner id; random when absent. */
  workerId?: string;
  now?: () => Date;
  random?: () => number;
  logError?: (message: string, error: unknown) => void;
  /** Called once per job this worker ran, when its outcome is recorded. */
  logJob?: (report: JobRunReport) => void;
}

function toFailure(error: unknown): JobFailure {
  const message = error instanceof Error ? error.message : String(error);
  return { code: isSealchainError(error) ? error.code : 'JOB_FAILED', message: message.slice(0, 2_000) };
}

/**
 * Claims jobs of the kinds it has handlers for and runs them under a lease it keeps extending.
 * A worker killed outright loses nothing: its leases run out and another worker takes the jobs.
 */
export class JobWorker {
  readonly id: string;
  readonly options: JobWorkerOptions;
  readonly #config: JobWorkerConfig;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #running = new Map<string, { controller: AbortController; settled: Promise<void> }>();
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #closed = false;
  #maintainedAtMs = Number.NEGATIVE_INFINITY;

  constructor(config: JobWorkerConfig) {
    this.#config = config;
    this.options = resolveJobWorkerOptions(config.options);
    this.id = config.workerId ?? `worker-${randomUUID()}`;
    this.#now = config.now ?? (() => new Date());
    this.#random = config.random ?? Math.random;
  }

  start(): void {
    this.#loop ??= this.#work();
  }

  /** Looks at the queue now instead of at the next poll (call after enqueueing). */
  wake(): void {
    this.#wake?.();
  }

  /**
   * One pass: returns expired leases to the queue and enqueues due schedules (at most once a
   * pollMs), claims as many jobs as there are free slots and starts them. Returns the jobs started.
   */
  async poll(): Promise<Job[]> {
    const nowMs = this.#now().getTime();
    if (nowMs - this.#maintainedAtMs >= this.options.pollMs) {
      this.#maintainedAtMs = nowMs;
      const now = new Date(nowMs).toISOString();
      await this.#config.storage.expireLeases(now);
      await this.#config.storage.enqueueDueSchedules(now);
    }
    const free = this.options.concurrency - this.#running.size;
    if (free <= 0 || this.#closed) return [];
    const jobs = await this.#config.storage.claimJobs(
      {
        kinds: Object.keys(this.#config.handlers),
        owner: this.id,
        leaseMs: this.options.leaseMs,
        limit: free,
      },
      this.#now().toISOString(),
    );
    for (const job of jobs) this.#start(job);
    return jobs;
  }

  /** Waits for the jobs started so far to settle. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()].map((run) => run.settled));
  }

  /** Stops claiming; running jobs are aborted and given back to the queue without counting the attempt. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const run of this.#running.values())
      run.controller.abort(new JobError('JOB_LEASE_LOST', 'the worker is stopping'));
    this.#wake?.();
    await this.#loop;
    await this.drain();
  }

  async #work(): Promise<void> {
    while (!this.#closed) {
      let started = 0;
      try {
        started = (await this.poll()).length;
      } catch (error) {
        this.#config.logError?.('job queue: jobs could not be claimed', error);
      }
      if (started > 0 && this.#running.size < this.options.concurrency) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  #start(job: Job): void {
    const controller = new AbortController();
    const settled = this.#run(job, controller).finally(() => {
      this.#running.delete(job.id);
      this.#wake?.();
    });
    this.#running.set(job.id, { controller, settled });
  }

  async #run(job: Job, controller: AbortController): Promise<void> {
    const startedMs = this.#now().getTime();
    const report = (outcome: JobOutcome, extra: Partial<JobRunReport> = {}) =>
      this.#config.logJob?.({ job, outcome, durationMs: this.#now().getTime() - startedMs, ...extra });
    const storage = this.#config.storage;
    const stamp = () => this.#now().toISOString();
    let cancelled = false;
    let handOffKind: string | undefined;
    const heartbeat = setInterval(() => {
      storage.extendLease(job.id, this.id, this.options.leaseMs, stamp()).then(
        (lease) => {
          if (!lease.cancelRequested) return;
          cancelled = true;
          controller.abort(new JobError('JOB_LEASE_LOST', 'the job was cancelled'));
        },
        (error: unknown) => {
          if (isSealchainError(error) && error.code === 'JOB_LEASE_LOST') controller.abort(error);
          else this.#config.logError?.(`job ${job.id}: the lease could not be extended`, error);
        },
      );
    }, this.options.heartbeatMs);
    const context: JobContext = {
      signal: controller.signal,
      reportProgress: (percent, message) =>
        storage.recordProgress(
          job.id,
          this.id,
          { percent: Math.round(Math.min(100, Math.max(0, percent))), message },
          stamp(),
        ),
      saveState: (state) => storage.saveState(job.id, this.id, state, stamp()),
      handOff: (kind) => {
        handOffKind = kind;
      },
    };
    try {
      const handler = this.#config.handlers[job.kind];
      if (handler === undefined)
        throw new JobError('JOB_HANDLER_MISSING', `no handler for jobs of kind ${job.kind}`);
      try {
        const result = await handler.run(job, context);
        if (handOffKind !== undefined) {
          await storage.handOffJob(job.id, this.id, handOffKind, stamp());
          return report('handed-off', { handedOffTo: handOffKind });
        }
        await storage.completeJob(job.id, this.id, result ?? null, stamp());
        report('done');
      } catch (error) {
        if (cancelled) {
          await storage.settleCancellation(job.id, this.id, stamp());
          return report('cancelled');
        }
        if (controller.signal.aborted && this.#closed) {
          await storage.releaseJob(job.id, this.id, stamp());
          return report('released');
        }
        if (controller.signal.aborted) return report('lease-lost'); // the job is another worker's now
        const retryable = handler.isRetryable?.(error) ?? true;
        const delayMs = computeRetryDelayMs(
          job.attempts,
          { baseDelayMs: this.options.retryBaseDelayMs, maxDelayMs: this.options.retryMaxDelayMs },
          this.#random,
        );
        const retryAt = retryable ? new Date(this.#now().getTime() + delayMs).toISOString() : null;
        const failure = toFailure(error);
        const failed = await storage.failJob(job.id, this.id, failure, retryAt, stamp());
        report(failed.status === 'dead' ? 'dead' : 'retrying', { failure });
        if (failed.status === 'dead')
          this.#config.logError?.(`job ${job.id} (${job.kind}) dead-lettered`, error);
      }
    } catch (error) {
      this.#config.logError?.(`job ${job.id}: its outcome could not be recorded`, error);
    } finally {
      clearInterval(heartbeat);
    }
  }
}
