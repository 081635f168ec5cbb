import type { Job, JobFailure, JobStatus, JsonValue, NewJob } from '../jobs/index.ts';
import type { SqlExecutor } from './sql-client.ts';

// Rows of the jobs table (migration 0013) and the SQL fragments the job stores share.

export interface JobRow {
  job_id: string;
  kind: string;
  payload: JsonValue;
  organisation: string | null;
  priority: number;
  idempotency_key: string | null;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  cancel_requested: boolean;
  progress_percent: number | null;
  progress_message: string | null;
  state: JsonValue | null;
  result: JsonValue | null;
  last_error: JobFailure | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

// Times cross the SQL boundary as RFC 3339 text so both drivers return the same string.
const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const TIME_COLUMNS = ['run_at', 'lease_expires_at', 'created_at', 'updated_at', 'started_at', 'finished_at'];
const PLAIN_COLUMNS = [
  'job_id',
  'kind',
  'payload',
  'organisation',
  'priority',
  'idempotency_key',
  'status',
  'attempts',
  'max_attempts',
  'lease_owner',
  'cancel_requested',
  'progress_percent',
  'progress_message',
  'state',
  'result',
  'last_error',
];

/** The select list of a job row, columns qualified by `alias` (for UPDATE … FROM). */
export function selectJobColumns(alias = 'jobs'): string {
  return [
    ...PLAIN_COLUMNS.map((column) => `${alias}.${column}`),
    ...TIME_COLUMNS.map(
      (column) => `to_char(${alias}.${column} AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS ${column}`,
    ),
  ].join(', ');
}

export const JOB_COLUMNS = selectJobColumns();

/**
 * The fair-queueing tag of a new job of kind $2 and organisation $4: after the organisation's
 * queued jobs, and no earlier than the head of the kind's queue (start-time fair queueing:
 * Goyal, Vin & Cheng, SIGCOMM 1996), so a new organisation waits behind one job of each other.
 */
export function fairTagSql(organisationIsNull: boolean): string {
  const sameOrganisation = organisationIsNull ? 'organisation IS NULL' : 'organisation = $4';
  return `GREATEST(
    COALESCE((SELECT max(fair_tag) + 1 FROM jobs WHERE kind = $2 AND ${sameOrganisation} AND status = 'queued'), 0),
    COALESCE((SELECT min(fair_tag) FROM jobs WHERE kind = $2 AND status = 'queued'), 0))`;
}

export function rowToJob(row: JobRow): Job {
  return {
    id: row.job_id,
    kind: row.kind,
    payload: row.payload,
    organisation: row.organisation,
    priority: Number(row.priority),
    idempotencyKey: row.idempotency_key,
    status: row.status,
    runAt: row.run_at,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    cancelRequested: row.cancel_requested,
    progress:
      row.progress_percent === null
        ? null
        : { percent: Number(row.progress_percent), message: row.progress_message ?? '' },
    state: row.state,
    result: row.result,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toJsonParam(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Inserts a job (the fair tag computed in the same statement); null when its idempotency key is taken. */
export async function insertJobRow(executor: SqlExecutor, job: NewJob, now: string): Promise<Job | null> {
  const [row] = await executor.query<JobRow>(
    `INSERT INTO jobs (job_id, kind, payload, organisation, priority, idempotency_key, fair_tag, status,
       run_at, max_attempts, created_at, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, ${fairTagSql(job.organisation === null)}, 'queued',
       $7::timestamptz, $8, $9::timestamptz, $9::timestamptz)
     ON CONFLICT (kind, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING ${JOB_COLUMNS}`,
    [
      job.id,
      job.kind,
      JSON.stringify(job.payload),
      job.organisation,
      job.priority,
      job.idempotencyKey,
      job.runAt,
      job.maxAttempts,
      now,
    ],
  );
  return row === undefined ? null : rowToJob(row);
}
