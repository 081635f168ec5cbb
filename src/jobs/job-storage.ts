import type { Job, JobFailure, JobProgress, JobSchedule, JobStatus, JsonValue, NewJob } from './job.ts';

export interface JobClaim {
  /** Kinds this worker has handlers for. */
  kinds: readonly string[];
  /** The worker's id, unique among live workers; every later call about the job names it. */
  owner: string;
  /** How long the lease lasts unless extended (ms). */
  leaseMs: number;
  /** Most jobs to take (count). */
  limit: number;
}

export interface JobQuery {
  status: JobStatus;
  kind?: string;
  organisation?: string;
}

export interface JobListQuery extends JobQuery {
  /** Most jobs returned (count). */
  limit: number;
}

/**
 * The job queue's database. Times are RFC 3339 strings; `now` is the caller's clock, so that
 * tests can move time and every process compares leases against the same kind of clock.
 *
 * Implementations MUST make every write atomic and durable: when it resolves it survives a crash of
 * the process and of the machine; when it rejects nothing was written. Reads MUST see every write
 * that resolved before they were called. Methods that name an `owner` MUST reject
 * JobError('JOB_LEASE_LOST') and write nothing unless the job is `running` with that lease owner.
 * Errors other than those named are reported as they come from the database.
 */
export interface JobStorage {
  /**
   * Stores a queued job. When `idempotencyKey` is set and a job of the same kind already carries it,
   * MUST store nothing and return that job with `created: false`. A new job of an organisation
   * MUST be ordered after that organisation's queued jobs of the same kind and no earlier than the
   * head of that kind's queue (fair queueing: one organisation's burst cannot starve the others).
   */
  enqueueJob(job: NewJob, now: string): Promise<{ job: Job; created: boolean }>;

  readJob(id: string): Promise<Job | null>;

  /** Jobs in the given status, oldest first, at most `limit`. */
  listJobs(query: JobListQuery): Promise<Job[]>;

  countJobs(query: JobQuery): Promise<number>;

  /**
   * Takes up to `limit` queued jobs of the given kinds whose `runAt` <= now, highest priority
   * first, then in fair order: marks them running, leased to `owner` until now + leaseMs, adds one
   * to `attempts`, sets `startedAt`. Two concurrent callers MUST never take the same job, and a
   * job locked by another claimer MUST be skipped, not waited for.
   */
  claimJobs(claim: JobClaim, now: string): Promise<Job[]>;

  /** Heartbeat: the lease lasts until now + leaseMs. Returns whether cancellation was asked. */
  extendLease(id: string, owner: string, leaseMs: number, now: string): Promise<{ cancelRequested: boolean }>;

  /** Records progress (read by the API while the job runs). */
  recordProgress(id: string, owner: string, progress: JobProgress, now: string): Promise<void>;

  /** Records the handler's checkpoint; a later attempt receives it in `job.state`. */
  saveState(id: string, owner: string, state: JsonValue, now: string): Promise<void>;

  /** Marks the job done with its result and ends the lease. */
  completeJob(id: string, owner: string, result: JsonValue, now: string): Promise<void>;

  /**
   * Records a failed attempt and ends the lease. With `retryAt` and attempts < maxAttempts the job
   * MUST be queued again to run at `retryAt`; otherwise it MUST be dead-lettered. Returns the job.
   */
  failJob(id: string, owner: string, failure: JobFailure, retryAt: string | null, now: string): Promise<Job>;

  /** Gives the job back to the queue without counting the attempt (the worker is stopping). */
  releaseJob(id: string, owner: string, now: string): Promise<void>;

  /**
   * The handler finished its part and another kind's handler does the rest (a capture taken by a
   * browser worker is anchored by the chain's node): the job becomes `kind`, queued to run now,
   * with its state kept and attempts back to 0 (the next part gets its own attempts).
   */
  handOffJob(id: string, owner: string, kind: string, now: string): Promise<void>;

  /** The worker stopped a job whose cancellation was asked: it becomes `cancelled`. */
  settleCancellation(id: string, owner: string, now: string): Promise<void>;

  /**
   * Cancels a job: a queued one becomes `cancelled` at once; a running one gets `cancelRequested`
   * (its worker stops it); others are left as they are. Returns the job; MUST reject
   * JobError('JOB_NOT_FOUND') for an unknown id.
   */
  cancelJob(id: string, now: string): Promise<Job>;

  /**
   * Operator retry: a dead or cancelled job is queued again with attempts reset to 0, to run now.
   * MUST reject JOB_NOT_FOUND for an unknown id and JOB_NOT_RETRYABLE for any other status.
   */
  retryJob(id: string, now: string): Promise<Job>;

  /**
   * Running jobs whose lease ended before `now` (their worker died): each is queued again to run
   * now, or dead-lettered when it has used its last attempt. Returns their ids.
   */
  expireLeases(now: string): Promise<string[]>;

  /** Creates or replaces the schedule of this name. */
  saveSchedule(schedule: JobSchedule, now: string): Promise<void>;

  /** MUST reject JobError('JOB_SCHEDULE_NOT_FOUND') for an unknown name. */
  removeSchedule(name: string): Promise<void>;

  listSchedules(): Promise<JobSchedule[]>;

  /**
   * Enqueues one job for every schedule whose `nextRunAt` <= now and moves it to its first slot
   * after now (missed slots are skipped, not piled up). Concurrent callers MUST enqueue each slot
   * once. Returns the jobs enqueued.
   */
  enqueueDueSchedules(now: string): Promise<Job[]>;
}
