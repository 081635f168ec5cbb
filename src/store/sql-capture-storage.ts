import type { CaptureJob, CaptureJobChanges, CaptureJobStatus, CaptureJobStorage } from '../capture/index.ts';
import type { SqlClient } from './sql-client.ts';

interface JobRow {
  job_id: string;
  unit: string;
  url: string;
  options: CaptureJob['options'];
  status: CaptureJobStatus;
  phase: CaptureJob['phase'];
  attempts: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  result: CaptureJob['result'];
  anchor: CaptureJob['anchor'];
  error: CaptureJob['error'];
}

// Times cross the SQL boundary as RFC 3339 text so both drivers return the same string.
const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const time = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS ${column}`;
const JOB_COLUMNS = `job_id, unit, url, options, status, phase, attempts, ${time('created_at')},
  ${time('updated_at')}, ${time('started_at')}, ${time('finished_at')}, result, anchor, error`;

const JSON_COLUMNS: Partial<Record<keyof CaptureJobChanges, string>> = {
  result: 'result',
  anchor: 'anchor',
  error: 'error',
};
const PLAIN_COLUMNS: Partial<Record<keyof CaptureJobChanges, string>> = {
  status: 'status',
  phase: 'phase',
  attempts: 'attempts',
};

function rowToJob(row: JobRow): CaptureJob {
  return {
    id: row.job_id,
    unit: row.unit,
    url: row.url,
    options: row.options,
    status: row.status,
    phase: row.phase,
    attempts: Number(row.attempts),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    result: row.result,
    anchor: row.anchor,
    error: row.error,
  };
}

function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** CaptureJobStorage in PostgreSQL (PGlite or a server), on the table of the capture-jobs migration. */
export class SqlCaptureStorage implements CaptureJobStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async insertJob(job: CaptureJob): Promise<void> {
    await this.#client.query(
      `INSERT INTO capture_jobs (job_id, unit, url, options, status, phase, attempts, created_at, updated_at,
         started_at, finished_at, result, anchor, error)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::timestamptz, $9::timestamptz, $10::timestamptz,
         $11::timestamptz, $12::jsonb, $13::jsonb, $14::jsonb)`,
      [
        job.id,
        job.unit,
        job.url,
        JSON.stringify(job.options),
        job.status,
        job.phase,
        job.attempts,
        job.createdAt,
        job.updatedAt,
        job.startedAt,
        job.finishedAt,
        toJson(job.result),
        toJson(job.anchor),
        toJson(job.error),
      ],
    );
  }

  async readJob(id: string): Promise<CaptureJob | null> {
    const [row] = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM capture_jobs WHERE job_id = $1`,
      [id],
    );
    return row === undefined ? null : rowToJob(row);
  }

  async claimNextJob(now: string): Promise<CaptureJob | null> {
    const [row] = await this.#client.query<JobRow>(
      `UPDATE capture_jobs SET status = 'running', attempts = attempts + 1,
         started_at = $1::timestamptz, updated_at = $1::timestamptz
       WHERE job_id = (
         SELECT job_id FROM capture_jobs WHERE status = 'queued'
         ORDER BY queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING ${JOB_COLUMNS}`,
      [now],
    );
    return row === undefined ? null : rowToJob(row);
  }

  async updateJob(id: string, changes: CaptureJobChanges, now: string): Promise<void> {
    const assignments = ['updated_at = $2::timestamptz'];
    const params: unknown[] = [id, now];
    for (const [key, value] of Object.entries(changes) as [keyof CaptureJobChanges, unknown][]) {
      if (value === undefined) continue;
      params.push(key === 'finishedAt' ? value : JSON_COLUMNS[key] ? toJson(value) : value);
      const slot = `$${params.length}`;
      if (key === 'finishedAt') assignments.push(`finished_at = ${slot}::timestamptz`);
      else if (JSON_COLUMNS[key]) assignments.push(`${JSON_COLUMNS[key]} = ${slot}::jsonb`);
      else if (PLAIN_COLUMNS[key]) assignments.push(`${PLAIN_COLUMNS[key]} = ${slot}`);
    }
    await this.#client.query(`UPDATE capture_jobs SET ${assignments.join(', ')} WHERE job_id = $1`, params);
  }

  async requeueRunningJobs(now: string): Promise<string[]> {
    const rows = await this.#client.query<{ job_id: string }>(
      `UPDATE capture_jobs SET status = 'queued', phase = 'queued', updated_at = $1::timestamptz
       WHERE status = 'running' RETURNING job_id`,
      [now],
    );
    return rows.map((row) => row.job_id);
  }

  async findJobByEntry(chain: string, index: number): Promise<CaptureJob | null> {
    const [row] = await this.#client.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM capture_jobs
       WHERE anchor->>'chain' = $1 AND anchor->>'index' = $2 ORDER BY queue_seq LIMIT 1`,
      [chain, String(index)],
    );
    return row === undefined ? null : rowToJob(row);
  }

  async countJobs(status: CaptureJobStatus, unit?: string): Promise<number> {
    const [row] = await this.#client.query<{ count: bigint | number | string }>(
      unit === undefined
        ? 'SELECT count(*) AS count FROM capture_jobs WHERE status = $1'
        : 'SELECT count(*) AS count FROM capture_jobs WHERE status = $1 AND unit = $2',
      unit === undefined ? [status] : [status, unit],
    );
    return Number(row?.count ?? 0);
  }
}
