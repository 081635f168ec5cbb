// One durable job queue for capture, monitoring and notices, on the project's own SqlClient.
//
// Why our own queue and not a library: the embedded default database is PGlite, one connection
// in this process. graphile-worker (0.18) needs a real `pg` pool, LISTEN/NOTIFY and its own
// migrations run over that pool; pg-boss 12 needs Node 22.12 (we run Node 20) and also drives a pg
// pool. Neither runs on PGlite. The queue here is ~one table and a handful of statements:
// `FOR UPDATE SKIP LOCKED` claims with leases (PostgreSQL server, many processes), heartbeats,
// retries with exponential backoff and jitter, dead letters an operator can retry, recurring
// schedules, progress and cancellation, the same SQL on PGlite and on a server.
export { computeRetryDelayMs, type BackoffPolicy } from './backoff.ts';
export { JobError, type JobErrorCode } from './errors.ts';
export {
  JOB_STATUSES,
  type Job,
  type JobFailure,
  type JobProgress,
  type JobSchedule,
  type JobStatus,
  type JsonValue,
  type NewJob,
} from './job.ts';
export { JobQueue, type EnqueueRequest, type ScheduleRequest } from './job-queue.ts';
export type { JobClaim, JobListQuery, JobQuery, JobStorage } from './job-storage.ts';
export {
  JobWorker,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  type JobRunReport,
  type JobWorkerConfig,
} from './job-worker.ts';
export {
  DEFAULT_JOB_QUEUE_OPTIONS,
  DEFAULT_JOB_WORKER_OPTIONS,
  resolveJobQueueOptions,
  resolveJobWorkerOptions,
  type JobQueueOptions,
  type JobWorkerOptions,
} from './options.ts';
