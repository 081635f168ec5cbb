import {
  JobError,
  type Job,
  type JobClaim,
  type JobFailure,
  type JobListQuery,
  type JobProgress,
  type JobQuery,
  type JobSchedule,
  type JobStorage,
  type JsonValue,
  type NewJob,
} from '../jobs/index.ts';
import type { SqlClient } from './sql-client.ts';
import {
  insertJobRow,
  JOB_COLUMNS,
  rowToJob,
  selectJobColumns,
  toJsonParam,
  type JobRow,
} from './sql-job-rows.ts';
import { enqueueDueSchedules, listSchedules, removeSchedule, saveSchedule } from './sql-job-schedules.ts';

const LEASE_UNTIL = (now: string, ms: string) =>
  `${now}::timestamptz + ${ms}::double precision * interval '1 millisecond'`;
const END_LEASE = 'lease_owner = NULL, lease_expires_at = NULL';
const HELD = `job_id = $1 AND status = 'running' AND lease_owner = $2`;

function leaseLost(id: string, owner: string): JobError {
  return new JobError('JOB_LEASE_LOST', `worker ${owner} no longer holds the lease of job ${id}`, {
    details: { id, owner },
  });
}

function filterSql(query: JobQuery): { where: string; params: unknown[] } {
  const clauses = ['status = $1'];
  const params: unknown[] = [query.status];
  if (query.kind !== undefined) clauses.push(`kind = $${params.push(query.kind)}`);
  if (query.organisation !== undefined) clauses.push(`organisation = $${params.push(query.organisation)}`);
  return { where: clauses.join(' AND '), params };
}

/** JobStorage in PostgreSQL (PGlite or a server), on the tables of the jobs migration. */
export class SqlJobStorage implements JobStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async enqueueJob(job: NewJob, now: string): Promise<{ job: Job; created: boolean }> {
    const inserted = await insertJobRow(this.#client, job, now);
    if (inserted !== null) return { job: inserted, created: true };
    const [row] = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE kind = $1 AND idempotency_key = $2`,
      [job.kind, job.idempotencyKey],
    );
    if (row === undefined)
      throw new Error(`job ${job.kind}/${job.idempotencyKey} vanished after a key conflict`);
    return { job: rowToJob(row), created: false };
  }

  async readJob(id: string): Promise<Job | null> {
    const [row] = await this.#client.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE job_id = $1`, [id]);
    return row === undefined ? null : rowToJob(row);
  }

  async listJobs(query: JobListQuery): Promise<Job[]> {
    const { where, params } = filterSql(query);
    params.push(query.limit);
    const rows = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE ${where} ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map(rowToJob);
  }

  async countJobs(query: JobQuery): Promise<number> {
    const { where, params } = filterSql(query);
    const [row] = await this.#client.query<{ count: bigint | number }>(
      `SELECT count(*) AS count FROM jobs WHERE ${where}`,
      params,
    );
    return Number(row?.count ?? 0);
  }

  async claimJobs(claim: JobClaim, now: string): Promise<Job[]> {
    const rows = await this.#client.query<JobRow & { seq: bigint | number; fair_tag: bigint | number }>(
      `UPDATE jobs j SET status = 'running', attempts = j.attempts + 1, lease_owner = $2,
         lease_expires_at = ${LEASE_UNTIL('$3', '$4')}, started_at = $3::timestamptz,
         updated_at = $3::timestamptz, cancel_requested = false
       FROM (SELECT job_id FROM jobs
             WHERE status = 'queued' AND kind = ANY($1::text[]) AND run_at <= $3::timestamptz
             ORDER BY priority DESC, fair_tag, seq LIMIT $5 FOR UPDATE SKIP LOCKED) picked
       WHERE j.job_id = picked.job_id
       RETURNING ${selectJobColumns('j')}, j.seq, j.fair_tag`,
      [claim.kinds, claim.owner, now, claim.leaseMs, claim.limit],
    );
    rows.sort(
      (a, b) =>
        b.priority - a.priority || Number(a.fair_tag) - Number(b.fair_tag) || Number(a.seq) - Number(b.seq),
    );
    return rows.map(rowToJob);
  }

  async extendLease(
    id: string,
    owner: string,
    leaseMs: number,
    now: string,
  ): Promise<{ cancelRequested: boolean }> {
    const [row] = await this.#client.query<{ cancel_requested: boolean }>(
      `UPDATE jobs SET lease_expires_at = ${LEASE_UNTIL('$3', '$4')}, updated_at = $3::timestamptz
       WHERE ${HELD} RETURNING cancel_requested`,
      [id, owner, now, leaseMs],
    );
    if (row === undefined) throw leaseLost(id, owner);
    return { cancelRequested: row.cancel_requested };
  }

  async recordProgress(id: string, owner: string, progress: JobProgress, now: string): Promise<void> {
    await this.#updateHeld(id, owner, now, 'progress_percent = $4, progress_message = $5', [
      progress.percent,
      progress.message.slice(0, 500),
    ]);
  }

  async saveState(id: string, owner: string, state: JsonValue, now: string): Promise<void> {
    await this.#updateHeld(id, owner, now, 'state = $4::jsonb', [JSON.stringify(state)]);
  }

  async completeJob(id: string, owner: string, result: JsonValue, now: string): Promise<void> {
    await this.#updateHeld(
      id,
      owner,
      now,
      `status = 'done', result = $4::jsonb, finished_at = $3::timestamptz, progress_percent = 100,
         progress_message = 'done', ${END_LEASE}`,
      [toJsonParam(result)],
    );
  }

  async failJob(
    id: string,
    owner: string,
    failure: JobFailure,
    retryAt: string | null,
    now: string,
  ): Promise<Job> {
    const retry = `$5::timestamptz IS NOT NULL AND attempts < max_attempts`;
    const [row] = await this.#client.query<JobRow>(
      `UPDATE jobs SET status = CASE WHEN ${retry} THEN 'queued' ELSE 'dead' END,
         run_at = CASE WHEN ${retry} THEN $5::timestamptz ELSE run_at END,
         finished_at = CASE WHEN ${retry} THEN NULL ELSE $3::timestamptz END,
         last_error = $4::jsonb, updated_at = $3::timestamptz, ${END_LEASE}
       WHERE ${HELD} RETURNING ${JOB_COLUMNS}`,
      [id, owner, now, JSON.stringify(failure), retryAt],
    );
    if (row === undefined) throw leaseLost(id, owner);
    return rowToJob(row);
  }

  async releaseJob(id: string, owner: string, now: string): Promise<void> {
    await this.#updateHeld(
      id,
      owner,
      now,
      `status = 'queued', attempts = attempts - 1, run_at = $3::timestamptz, ${END_LEASE}`,
      [],
    );
  }

  async handOffJob(id: string, owner: string, kind: string, now: string): Promise<void> {
    await this.#updateHeld(
      id,
      owner,
      now,
      `kind = $4, status = 'queued', attempts = 0, run_at = $3::timestamptz, ${END_LEASE}`,
      [kind],
    );
  }

  async settleCancellation(id: string, owner: string, now: string): Promise<void> {
    await this.#updateHeld(
      id,
      owner,
      now,
      `status = 'cancelled', finished_at = $3::timestamptz, ${END_LEASE}`,
      [],
    );
  }

  async cancelJob(id: string, now: string): Promise<Job> {
    const [row] = await this.#client.query<JobRow>(
      `UPDATE jobs SET updated_at = $2::timestamptz,
         status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
         finished_at = CASE WHEN status = 'queued' THEN $2::timestamptz ELSE finished_at END,
         cancel_requested = (status = 'running')
       WHERE job_id = $1 RETURNING ${JOB_COLUMNS}`,
      [id, now],
    );
    if (row === undefined) throw new JobError('JOB_NOT_FOUND', `no job ${id}`, { details: { id } });
    return rowToJob(row);
  }

  async retryJob(id: string, now: string): Promise<Job> {
    const [row] = await this.#client.query<JobRow>(
      `UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2::timestamptz, updated_at = $2::timestamptz,
         finished_at = NULL, cancel_requested = false
       WHERE job_id = $1 AND status IN ('dead', 'cancelled') RETURNING ${JOB_COLUMNS}`,
      [id, now],
    );
    if (row !== undefined) return rowToJob(row);
    const job = await this.readJob(id);
    if (job === null) throw new JobError('JOB_NOT_FOUND', `no job ${id}`, { details: { id } });
    throw new JobError(
      'JOB_NOT_RETRYABLE',
      `job ${id} is ${job.status}; only dead or cancelled jobs are retried`,
      {
        details: { id, status: job.status },
      },
    );
  }

  async expireLeases(now: string): Promise<string[]> {
    const rows = await this.#client.query<{ job_id: string }>(
      `UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
         finished_at = CASE WHEN attempts >= max_attempts THEN $1::timestamptz ELSE NULL END,
         run_at = $1::timestamptz, updated_at = $1::timestamptz, ${END_LEASE},
         last_error = '{"code":"JOB_LEASE_EXPIRED","message":"the worker holding the job stopped renewing its lease"}'
       WHERE status = 'running' AND lease_expires_at < $1::timestamptz RETURNING job_id`,
      [now],
    );
    return rows.map((row) => row.job_id);
  }

  saveSchedule(schedule: JobSchedule, now: string): Promise<void> {
    return saveSchedule(this.#client, schedule, now);
  }

  removeSchedule(name: string): Promise<void> {
    return removeSchedule(this.#client, name);
  }

  listSchedules(): Promise<JobSchedule[]> {
    return listSchedules(this.#client);
  }

  enqueueDueSchedules(now: string): Promise<Job[]> {
    return enqueueDueSchedules(this.#client, now);
  }

  async #updateHeld(
    id: string,
    owner: string,
    now: string,
    assignments: string,
    extra: unknown[],
  ): Promise<void> {
    const rows = await this.#client.query(
      `UPDATE jobs SET ${assignments}, updated_at = $3::timestamptz WHERE ${HELD} RETURNING job_id`,
      [id, owner, now, ...extra],
    );
    if (rows.length === 0) throw leaseLost(id, owner);
  }
}
