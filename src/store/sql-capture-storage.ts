import {
  CAPTURE_ANCHOR_JOB_KIND,
  CAPTURE_JOB_KIND,
  DEFAULT_CAPTURE_SERVICE_OPTIONS,
  describeCaptureProgress,
  type CaptureJob,
  type CaptureJobChanges,
  type CaptureJobListQuery,
  type CaptureJobStatus,
  type CaptureJobStorage,
} from '../capture/index.ts';
import type { JsonValue } from '../jobs/index.ts';
import type { SqlClient } from './sql-client.ts';
import { fairTagSql, JOB_COLUMNS, rowToJob, type JobRow } from './sql-job-rows.ts';
import { SqlJobStorage } from './sql-job-storage.ts';

// Capture jobs are jobs of kind `capture` in the job queue's table: url and options are the
// payload, the unit is the organisation (fair share of the queue), phase, result and anchor are the
// job's state (the steps done, so a restart resumes after them), a failed capture is a dead letter.
// A capture taken by a worker process continues as kind `capture-anchor` (the chain's node deposits
// it): the same row, so a capture is read, counted and found by its entry under either kind.

const KIND = CAPTURE_JOB_KIND;
const KINDS_SQL = `kind IN ('${CAPTURE_JOB_KIND}', '${CAPTURE_ANCHOR_JOB_KIND}')`;
/** Lease of claimNextJob's claims: a job left running is taken again only after it runs out. */
const CAPTURE_LEASE_MS = 3_600_000;
const CAPTURE_OWNER = 'capture-service';

interface CaptureState {
  phase: CaptureJob['phase'];
  result: CaptureJob['result'];
  anchor: CaptureJob['anchor'];
}

const STATUS_TO_JOB: Readonly<Record<CaptureJobStatus, string>> = Object.freeze({
  queued: 'queued',
  running: 'running',
  done: 'done',
  failed: 'dead',
});

function jobRowToCapture(row: JobRow): CaptureJob {
  const job = rowToJob(row);
  const payload = job.payload as { url: string; options: CaptureJob['options'] };
  const state = (job.state ?? {}) as Partial<CaptureState>;
  return {
    id: job.id,
    unit: job.organisation ?? '',
    url: payload.url,
    options: payload.options,
    status: job.status === 'dead' || job.status === 'cancelled' ? 'failed' : job.status,
    phase: state.phase ?? null,
    attempts: job.attempts,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    result: state.result ?? null,
    anchor: state.anchor ?? null,
    // An attempt interrupted before a later one finished is not the capture's error (the job
    // record under /v1/jobs keeps it for the operator).
    error: job.status === 'done' ? null : job.lastError,
  };
}

/** CaptureJobStorage on the job queue's table (PGlite or a PostgreSQL server). */
export class SqlCaptureStorage implements CaptureJobStorage {
  readonly #client: SqlClient;
  readonly jobs: SqlJobStorage;
  readonly #maxAttempts: number;

  /**
   * `maxAttempts`: the queue's bound for capture jobs, one above the capture service's, so that the
   * service itself names the failure of a capture interrupted too often.
   */
  constructor(client: SqlClient, options: { maxAttempts?: number } = {}) {
    this.#client = client;
    this.jobs = new SqlJobStorage(client);
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_CAPTURE_SERVICE_OPTIONS.maxAttempts + 1;
  }

  async insertJob(job: CaptureJob): Promise<void> {
    const progress = describeCaptureProgress(job);
    const state: CaptureState = { phase: job.phase, result: job.result, anchor: job.anchor };
    await this.#client.query(
      `INSERT INTO jobs (job_id, kind, payload, organisation, fair_tag, status, run_at, attempts, max_attempts,
         state, last_error, progress_percent, progress_message, created_at, updated_at, started_at, finished_at)
       VALUES ($1, $2, $3::jsonb, $4, ${fairTagSql(false)}, $5, $6::timestamptz, $7, $8, $9::jsonb, $10::jsonb,
         $11, $12, $6::timestamptz, $13::timestamptz, $14::timestamptz, $15::timestamptz)`,
      [
        job.id,
        KIND,
        JSON.stringify({ url: job.url, options: job.options }),
        job.unit,
        STATUS_TO_JOB[job.status],
        job.createdAt,
        job.attempts,
        Math.max(this.#maxAttempts, job.attempts, 1),
        JSON.stringify(state),
        job.error === null ? null : JSON.stringify(job.error),
        progress.percent,
        progress.message,
        job.updatedAt,
        job.startedAt,
        job.finishedAt,
      ],
    );
  }

  async readJob(id: string): Promise<CaptureJob | null> {
    const [row] = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE job_id = $1 AND ${KINDS_SQL}`,
      [id],
    );
    return row === undefined ? null : jobRowToCapture(row);
  }

  async claimNextJob(now: string): Promise<CaptureJob | null> {
    const [job] = await this.jobs.claimJobs(
      { kinds: [KIND], owner: CAPTURE_OWNER, leaseMs: CAPTURE_LEASE_MS, limit: 1 },
      now,
    );
    return job === undefined ? null : this.readJob(job.id);
  }

  async updateJob(id: string, changes: CaptureJobChanges, now: string): Promise<void> {
    const assignments = ['updated_at = $2::timestamptz'];
    const params: unknown[] = [id, now];
    const slot = (value: unknown) => `$${params.push(value)}`;
    const state: Partial<Record<keyof CaptureState, JsonValue>> = {};
    for (const key of ['phase', 'result', 'anchor'] as const) {
      if (changes[key] !== undefined) state[key] = changes[key] as JsonValue;
    }
    if (Object.keys(state).length > 0) {
      assignments.push(`state = COALESCE(state, '{}'::jsonb) || ${slot(JSON.stringify(state))}::jsonb`);
    }
    if (changes.status !== undefined) {
      assignments.push(`status = ${slot(STATUS_TO_JOB[changes.status])}`);
      if (changes.status !== 'running') assignments.push('lease_owner = NULL, lease_expires_at = NULL');
    }
    if (changes.attempts !== undefined) assignments.push(`attempts = ${slot(changes.attempts)}`);
    if (changes.finishedAt !== undefined)
      assignments.push(`finished_at = ${slot(changes.finishedAt)}::timestamptz`);
    if (changes.error !== undefined) {
      assignments.push(
        `last_error = ${slot(changes.error === null ? null : JSON.stringify(changes.error))}::jsonb`,
      );
    }
    if (changes.status !== undefined || changes.phase !== undefined) {
      const current = await this.readJob(id);
      if (current !== null) {
        const progress = describeCaptureProgress({ ...current, ...changes } as CaptureJob);
        assignments.push(
          `progress_percent = ${slot(progress.percent)}, progress_message = ${slot(progress.message)}`,
        );
      }
    }
    await this.#client.query(
      `UPDATE jobs SET ${assignments.join(', ')} WHERE job_id = $1 AND ${KINDS_SQL}`,
      params,
    );
  }

  async countJobs(status: CaptureJobStatus, unit?: string): Promise<number> {
    return this.jobs.countJobs({
      kind: KIND,
      status: STATUS_TO_JOB[status] as 'queued',
      ...(unit === undefined ? {} : { organisation: unit }),
    });
  }

  async listJobs(query: CaptureJobListQuery): Promise<CaptureJob[]> {
    const statuses =
      query.status === undefined
        ? ['queued', 'running', 'done', 'dead', 'cancelled']
        : query.status === 'failed'
          ? ['dead', 'cancelled']
          : [STATUS_TO_JOB[query.status]];
    const after = query.after;
    // One index range per (unit, status) (jobs_capture_by_unit, migration 0018), then the newest
    // of them: the cost is units × statuses × limit however many jobs the node holds.
    const rows = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM (SELECT DISTINCT u FROM unnest($1::text[]) AS r(u)) AS names
       CROSS JOIN unnest($2::text[]) AS wanted(status)
       CROSS JOIN LATERAL (
         SELECT * FROM jobs
         WHERE ${KINDS_SQL} AND organisation = names.u AND status = wanted.status
           AND ($3::timestamptz IS NULL OR (created_at, job_id) < ($3::timestamptz, $4::text))
         ORDER BY created_at DESC, job_id DESC LIMIT $5
       ) AS jobs
       ORDER BY jobs.created_at DESC, jobs.job_id DESC LIMIT $5`,
      [[...query.units], statuses, after?.createdAt ?? null, after?.id ?? '', query.limit],
    );
    return rows.map(jobRowToCapture);
  }

  async findJobByEntry(chain: string, index: number): Promise<CaptureJob | null> {
    const [row] = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs
       WHERE ${KINDS_SQL} AND state->'anchor'->>'chain' = $1 AND state->'anchor'->>'index' = $2
       ORDER BY seq LIMIT 1`,
      [chain, String(index)],
    );
    return row === undefined ? null : jobRowToCapture(row);
  }
}
