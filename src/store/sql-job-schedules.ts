import { randomUUID } from 'node:crypto';
import { JobError, type Job, type JobSchedule, type JsonValue } from '../jobs/index.ts';
import type { SqlClient } from './sql-client.ts';
import { insertJobRow } from './sql-job-rows.ts';

// The recurring schedules of the job queue (table job_schedules of the jobs migration).

interface ScheduleRow {
  name: string;
  kind: string;
  payload: JsonValue;
  organisation: string | null;
  priority: number;
  max_attempts: number;
  interval_ms: bigint | number | string;
  next_run_at: string;
}

const SCHEDULE_COLUMNS = `name, kind, payload, organisation, priority, max_attempts, interval_ms,
  to_char(next_run_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS next_run_at`;
const DUE_BATCH = 100;

function rowToSchedule(row: ScheduleRow): JobSchedule {
  return {
    name: row.name,
    kind: row.kind,
    payload: row.payload,
    organisation: row.organisation,
    priority: Number(row.priority),
    maxAttempts: Number(row.max_attempts),
    intervalMs: Number(row.interval_ms),
    nextRunAt: row.next_run_at,
  };
}

/** The first slot after `now`: missed slots are skipped rather than run in a burst. */
function findNextSlot(slot: string, intervalMs: number, now: string): string {
  const from = Date.parse(slot);
  const missed = Math.floor((Date.parse(now) - from) / intervalMs);
  return new Date(from + (Math.max(missed, 0) + 1) * intervalMs).toISOString();
}

export async function saveSchedule(client: SqlClient, schedule: JobSchedule, now: string): Promise<void> {
  await client.query(
    `INSERT INTO job_schedules (name, kind, payload, organisation, priority, max_attempts, interval_ms,
       next_run_at, updated_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::timestamptz, $9::timestamptz)
     ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, payload = EXCLUDED.payload,
       organisation = EXCLUDED.organisation, priority = EXCLUDED.priority,
       max_attempts = EXCLUDED.max_attempts, interval_ms = EXCLUDED.interval_ms,
       next_run_at = EXCLUDED.next_run_at, updated_at = EXCLUDED.updated_at`,
    [
      schedule.name,
      schedule.kind,
      JSON.stringify(schedule.payload),
      schedule.organisation,
      schedule.priority,
      schedule.maxAttempts,
      schedule.intervalMs,
      schedule.nextRunAt,
      now,
    ],
  );
}

export async function removeSchedule(client: SqlClient, name: string): Promise<void> {
  const rows = await client.query('DELETE FROM job_schedules WHERE name = $1 RETURNING name', [name]);
  if (rows.length === 0) {
    throw new JobError('JOB_SCHEDULE_NOT_FOUND', `no schedule ${name}`, { details: { name } });
  }
}

export async function listSchedules(client: SqlClient): Promise<JobSchedule[]> {
  const rows = await client.query<ScheduleRow>(`SELECT ${SCHEDULE_COLUMNS} FROM job_schedules ORDER BY name`);
  return rows.map(rowToSchedule);
}

export async function enqueueDueSchedules(client: SqlClient, now: string): Promise<Job[]> {
  return client.transaction(async (tx) => {
    const due = await tx.query<ScheduleRow>(
      `SELECT ${SCHEDULE_COLUMNS} FROM job_schedules WHERE next_run_at <= $1::timestamptz
       ORDER BY next_run_at LIMIT ${DUE_BATCH} FOR UPDATE SKIP LOCKED`,
      [now],
    );
    const enqueued: Job[] = [];
    for (const schedule of due.map(rowToSchedule)) {
      const job = await insertJobRow(
        tx,
        {
          id: randomUUID(),
          kind: schedule.kind,
          payload: schedule.payload,
          organisation: schedule.organisation,
          priority: schedule.priority,
          idempotencyKey: `schedule:${schedule.name}:${schedule.nextRunAt}`,
          runAt: schedule.nextRunAt,
          maxAttempts: schedule.maxAttempts,
        },
        now,
      );
      if (job !== null) enqueued.push(job);
      await tx.query(
        'UPDATE job_schedules SET next_run_at = $2::timestamptz, updated_at = $3::timestamptz WHERE name = $1',
        [schedule.name, findNextSlot(schedule.nextRunAt, schedule.intervalMs, now), now],
      );
    }
    return enqueued;
  });
}
