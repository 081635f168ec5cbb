import { SealchainError } from '../errors/index.ts';

/** Failures of the durable job queue. */
export type JobErrorCode =
  /** Queue or worker options are malformed or unknown; `details.key` names the option. */
  | 'JOB_OPTIONS_INVALID'
  /** A job request is malformed (kind, payload, priority, run-at, key); `details.field` names it. */
  | 'JOB_INVALID'
  /** No job has this id. */
  | 'JOB_NOT_FOUND'
  /** The caller no longer holds the job's lease (it expired and the job was taken again, or it ended). */
  | 'JOB_LEASE_LOST'
  /** Only a dead-lettered or cancelled job can be retried by an operator; `details.status`. */
  | 'JOB_NOT_RETRYABLE'
  /** No schedule has this name. */
  | 'JOB_SCHEDULE_NOT_FOUND'
  /** A worker met a job of a kind it has no handler for. */
  | 'JOB_HANDLER_MISSING';

export class JobError extends SealchainError<JobErrorCode> {}
