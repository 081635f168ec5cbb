import { randomUUID } from 'node:crypto';
import { JobError } from './errors.ts';
import type { Job, JobSchedule, JsonValue, NewJob } from './job.ts';
import type { JobStorage } from './job-storage.ts';
import { resolveJobQueueOptions, type JobQueueOptions } from './options.ts';

export interface EnqueueRequest {
  kind: string;
  payload: JsonValue;
  /** Not before this time (RFC 3339); now when absent. */
  runAt?: string;
  /** −1000…1000, higher first; 0 when absent. */
  priority?: number;
  idempotencyKey?: string;
  organisation?: string;
}

export interface ScheduleRequest extends Omit<EnqueueRequest, 'runAt' | 'idempotencyKey'> {
  name: string;
  intervalMs: number;
  /** The first slot; now when absent. */
  firstRunAt?: string;
}

const KIND_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;
const NAME_PATTERN = /^[\x21-\x7e]{1,200}$/;
const MAX_PRIORITY = 1_000;
const MAX_INTERVAL_MS = 366 * 24 * 3_600_000;

function invalid(field: string, message: string): JobError {
  return new JobError('JOB_INVALID', message, { details: { field } });
}

function checkTime(field: string, value: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!/^\d{4}-\d\d-\d\dT/.test(String(value)) || Number.isNaN(time)) {
    throw invalid(field, `${field} must be an RFC 3339 time`);
  }
  return new Date(time).toISOString();
}

function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw invalid(field, `${field} must be 1–200 printable ASCII characters without spaces`);
  }
  return value;
}

/** The queue as producers and operators see it: validated requests, typed errors. */
export class JobQueue {
  readonly storage: JobStorage;
  readonly options: JobQueueOptions;
  readonly #now: () => Date;

  constructor(
    storage: JobStorage,
    options: Partial<JobQueueOptions> = {},
    now: () => Date = () => new Date(),
  ) {
    this.storage = storage;
    this.options = resolveJobQueueOptions(options);
    this.#now = now;
  }

  /** Queues a job; with an idempotency key already used for this kind, returns the first job. */
  async enqueue(request: EnqueueRequest): Promise<{ job: Job; created: boolean }> {
    const now = this.#now().toISOString();
    return this.storage.enqueueJob(this.#checkRequest(request, now), now);
  }

  async readJob(id: string): Promise<Job> {
    const job = await this.storage.readJob(id);
    if (job === null) throw new JobError('JOB_NOT_FOUND', `no job ${id}`, { details: { id } });
    return job;
  }

  cancel(id: string): Promise<Job> {
    return this.storage.cancelJob(id, this.#now().toISOString());
  }

  /** Operator action: a dead-lettered (or cancelled) job runs again from its first attempt. */
  retry(id: string): Promise<Job> {
    return this.storage.retryJob(id, this.#now().toISOString());
  }

  listDeadJobs(kind?: string, limit = 100): Promise<Job[]> {
    return this.storage.listJobs({ status: 'dead', limit, ...(kind === undefined ? {} : { kind }) });
  }

  async schedule(request: ScheduleRequest): Promise<JobSchedule> {
    const now = this.#now().toISOString();
    const job = this.#checkRequest({ ...request, runAt: request.firstRunAt ?? now }, now);
    if (
      !Number.isSafeInteger(request.intervalMs) ||
      request.intervalMs < 1_000 ||
      request.intervalMs > MAX_INTERVAL_MS
    ) {
      throw invalid('intervalMs', 'intervalMs must be a whole number of milliseconds from 1 s to 366 days');
    }
    const schedule: JobSchedule = {
      name: checkName('name', request.name),
      kind: job.kind,
      payload: job.payload,
      organisation: job.organisation,
      priority: job.priority,
      maxAttempts: job.maxAttempts,
      intervalMs: request.intervalMs,
      nextRunAt: job.runAt,
    };
    await this.storage.saveSchedule(schedule, now);
    return schedule;
  }

  /** Stops a recurring job; rejects JOB_SCHEDULE_NOT_FOUND for an unknown name. */
  unschedule(name: string): Promise<void> {
    return this.storage.removeSchedule(name);
  }

  #checkRequest(request: EnqueueRequest, now: string): NewJob {
    if (typeof request.kind !== 'string' || !KIND_PATTERN.test(request.kind)) {
      throw invalid('kind', 'kind must be 1–40 lower-case letters, digits or "-", starting with a letter');
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(request.payload);
    } catch (cause) {
      throw new JobError('JOB_INVALID', 'payload must be JSON', { cause, details: { field: 'payload' } });
    }
    if (json === undefined) throw invalid('payload', 'payload must be JSON');
    if (Buffer.byteLength(json, 'utf8') > this.options.maxPayloadBytes) {
      throw invalid(
        'payload',
        `payload is larger than ${this.options.maxPayloadBytes} bytes of JSON; pass ids, not documents`,
      );
    }
    if (json.includes('\\u0000')) throw invalid('payload', 'payload must not contain NUL characters');
    const priority = request.priority ?? 0;
    if (!Number.isSafeInteger(priority) || Math.abs(priority) > MAX_PRIORITY) {
      throw invalid('priority', `priority must be a whole number from -${MAX_PRIORITY} to ${MAX_PRIORITY}`);
    }
    return {
      id: randomUUID(),
      kind: request.kind,
      payload: JSON.parse(json) as JsonValue,
      organisation:
        request.organisation === undefined ? null : checkName('organisation', request.organisation),
      priority,
      idempotencyKey:
        request.idempotencyKey === undefined ? null : checkName('idempotencyKey', request.idempotencyKey),
      runAt: request.runAt === undefined ? now : checkTime('runAt', request.runAt),
      maxAttempts: this.options.maxAttemptsByKind[request.kind] ?? this.options.defaultMaxAttempts,
    };
  }
}
