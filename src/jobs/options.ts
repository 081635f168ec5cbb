import { JobError } from './errors.ts';

export interface JobQueueOptions {
  /** Attempts a job gets before it is dead-lettered, unless its kind is listed below (count). */
  defaultMaxAttempts: number;
  /** Attempts per kind, e.g. `{ capture: 2 }` (count). */
  maxAttemptsByKind: Record<string, number>;
  /** Largest payload, in bytes of JSON: jobs carry ids, not documents. */
  maxPayloadBytes: number;
}

export const DEFAULT_JOB_QUEUE_OPTIONS: Readonly<JobQueueOptions> = Object.freeze({
  defaultMaxAttempts: 5,
  maxAttemptsByKind: Object.freeze({}) as Record<string, number>,
  maxPayloadBytes: 16_384,
});

export interface JobWorkerOptions {
  /** Jobs run at once by this worker (count). */
  concurrency: number;
  /** Lease taken on a claimed job; a worker that dies loses its jobs after this long (ms). */
  leaseMs: number;
  /** Heartbeat interval that extends the lease and notices cancellation (ms, below leaseMs). */
  heartbeatMs: number;
  /** Idle wait between looks at the queue when nothing woke the worker (ms). */
  pollMs: number;
  /** Delay before the second attempt, before jitter (ms). */
  retryBaseDelayMs: number;
  /** Longest delay between attempts, before jitter (ms). */
  retryMaxDelayMs: number;
}

export const DEFAULT_JOB_WORKER_OPTIONS: Readonly<JobWorkerOptions> = Object.freeze({
  concurrency: 2,
  leaseMs: 60_000,
  heartbeatMs: 15_000,
  pollMs: 2_000,
  retryBaseDelayMs: 5_000,
  retryMaxDelayMs: 3_600_000,
});

function checkKeys(given: object, defaults: object): void {
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new JobError('JOB_OPTIONS_INVALID', `unknown job option "${key}"`, { details: { key } });
    }
  }
}

function checkPositive(key: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new JobError('JOB_OPTIONS_INVALID', `job option ${key} must be a positive whole number`, {
      details: { key, value },
    });
  }
}

export function resolveJobQueueOptions(options: Partial<JobQueueOptions> = {}): JobQueueOptions {
  checkKeys(options, DEFAULT_JOB_QUEUE_OPTIONS);
  const resolved = { ...DEFAULT_JOB_QUEUE_OPTIONS, ...options };
  checkPositive('defaultMaxAttempts', resolved.defaultMaxAttempts);
  checkPositive('maxPayloadBytes', resolved.maxPayloadBytes);
  for (const [kind, attempts] of Object.entries(resolved.maxAttemptsByKind)) {
    checkPositive(`maxAttemptsByKind.${kind}`, attempts);
  }
  return resolved;
}

export function resolveJobWorkerOptions(options: Partial<JobWorkerOptions> = {}): JobWorkerOptions {
  checkKeys(options, DEFAULT_JOB_WORKER_OPTIONS);
  const resolved = { ...DEFAULT_JOB_WORKER_OPTIONS, ...options };
  for (const key of Object.keys(DEFAULT_JOB_WORKER_OPTIONS) as (keyof JobWorkerOptions)[]) {
    checkPositive(key, resolved[key]);
  }
  if (resolved.heartbeatMs >= resolved.leaseMs) {
    throw new JobError('JOB_OPTIONS_INVALID', 'heartbeatMs must be shorter than leaseMs', {
      details: { key: 'heartbeatMs', value: resolved.heartbeatMs, leaseMs: resolved.leaseMs },
    });
  }
  if (resolved.retryMaxDelayMs < resolved.retryBaseDelayMs) {
    throw new JobError('JOB_OPTIONS_INVALID', 'retryMaxDelayMs must be at least retryBaseDelayMs', {
      details: { key: 'retryMaxDelayMs', value: resolved.retryMaxDelayMs },
    });
  }
  return resolved;
}
