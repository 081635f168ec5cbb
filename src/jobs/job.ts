// The job record shared by the queue, its workers and its storage.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * `queued` (waiting, possibly until `runAt`) → `running` (leased to one worker) → `done`;
 * a failed attempt goes back to `queued` with a backoff, or to `dead` after the kind's last
 * attempt (kept, listable, retryable by an operator); `cancelled` when cancelled.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'dead' | 'cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'dead', 'cancelled'];

export interface JobProgress {
  /** 0–100, whole numbers. */
  percent: number;
  message: string;
}

export interface JobFailure {
  code: string;
  message: string;
}

export interface Job {
  id: string;
  /** What the job does, e.g. `capture`; selects the worker's handler. */
  kind: string;
  /** Ids and small parameters, not documents (a payload is at most 16 KiB of JSON). */
  payload: JsonValue;
  /** The organisation (unit) the job is for: ready jobs are shared fairly between organisations. */
  organisation: string | null;
  /** Higher runs first (−1000…1000). */
  priority: number;
  /** Unique per kind: enqueueing the same key again returns the first job. */
  idempotencyKey: string | null;
  status: JobStatus;
  /** Not claimed before this time (RFC 3339). */
  runAt: string;
  /** Times the job was claimed. */
  attempts: number;
  maxAttempts: number;
  /** The worker holding the lease while running. */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** Cancellation was asked while the job was running; its worker stops at its next heartbeat. */
  cancelRequested: boolean;
  progress: JobProgress | null;
  /** The handler's durable checkpoint: steps done, so a later attempt resumes after them. */
  state: JsonValue | null;
  result: JsonValue | null;
  lastError: JobFailure | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A job as the queue hands it to storage: validated, every field decided. */
export interface NewJob {
  id: string;
  kind: string;
  payload: JsonValue;
  organisation: string | null;
  priority: number;
  idempotencyKey: string | null;
  runAt: string;
  maxAttempts: number;
}

/** A recurring job: enqueued every `intervalMs`, once per slot whatever the number of workers. */
export interface JobSchedule {
  /** Unique name, e.g. `monitor:target:42`. */
  name: string;
  kind: string;
  payload: JsonValue;
  organisation: string | null;
  priority: number;
  maxAttempts: number;
  intervalMs: number;
  /** The next slot (RFC 3339). */
  nextRunAt: string;
}
