import type { JobErrorCode } from '../jobs/index.ts';

/** HTTP statuses of job queue errors, for the problem table. */
export const JOB_PROBLEM_STATUS: Readonly<Record<JobErrorCode, number>> = Object.freeze({
  JOB_OPTIONS_INVALID: 500,
  JOB_INVALID: 400,
  JOB_NOT_FOUND: 404,
  JOB_LEASE_LOST: 409,
  JOB_NOT_RETRYABLE: 409,
  JOB_SCHEDULE_NOT_FOUND: 404,
  JOB_HANDLER_MISSING: 500,
});
