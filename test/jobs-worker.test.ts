import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JobError, JobQueue, JobWorker, type JobHandler, type JobWorkerOptions } from '../src/jobs/index.ts';
import { SqlJobStorage } from '../src/store/sql-job-storage.ts';
import { openTestDatabase, type TestDatabase } from '../src/store/test-support/databases.ts';

// JobQueue and JobWorker on a real embedded database, with a clock the test moves: retries,
// backoff, dead letters, progress, cancellation and shutdown happen at the times the test sets.

const T0 = Date.parse('2026-05-06T07:00:00.000Z');
const OPTIONS: Partial<JobWorkerOptions> = {
  leaseMs: 10_000,
  heartbeatMs: 20,
  retryBaseDelayMs: 4_000,
  retryMaxDelayMs: 60_000,
};

describe('JobQueue and JobWorker', () => {
  let db: TestDatabase;
  let storage: SqlJobStorage;
  let clock: number;
  const now = () => new Date(clock);

  before(async () => {
    db = await openTestDatabase('pglite');
    storage = new SqlJobStorage(db.client);
  });
  after(() => db.dispose());

  function makeWorker(handlers: Record<string, JobHandler>, options: Partial<JobWorkerOptions> = {}) {
    return new JobWorker({ storage, handlers, options: { ...OPTIONS, ...options }, now, random: () => 0 });
  }

  it('runs a job, showing its progress while it runs and its result when done', async () => {
    clock = T0;
    const queue = new JobQueue(storage, {}, now);
    const { job } = await queue.enqueue({ kind: 'render', payload: { work: 7 }, organisation: 'unit-a' });
    let seenProgress: unknown;
    const worker = makeWorker({
      render: {
        run: async (running, context) => {
          await context.reportProgress(40.4, 'drawing');
          seenProgress = (await queue.readJob(running.id)).progress;
          return { pages: (running.payload as { work: number }).work };
        },
      },
    });
    assert.equal((await worker.poll()).length, 1);
    await worker.drain();
    assert.deepEqual(seenProgress, { percent: 40, message: 'drawing' });
    const done = await queue.readJob(job.id);
    assert.equal(done.status, 'done');
    assert.deepEqual(done.result, { pages: 7 });
    await worker.close();
  });

  it('retries a failed job after a backoff that doubles, then dead-letters it; an operator retries it', async () => {
    clock = T0;
    const queue = new JobQueue(storage, { maxAttemptsByKind: { flaky: 3 } }, now);
    const { job } = await queue.enqueue({ kind: 'flaky', payload: null });
    let runs = 0;
    const worker = makeWorker({
      flaky: {
        run: async () => {
          runs += 1;
          if (runs <= 3) throw new Error(`upstream refused (${runs})`);
          return 'ok';
        },
      },
    });
    const runAndSettle = async () => {
      const started = await worker.poll();
      await worker.drain();
      return started.length;
    };
    assert.equal(await runAndSettle(), 1);
    assert.equal((await queue.readJob(job.id)).runAt, new Date(T0 + 2_000).toISOString());
    clock = T0 + 1_999;
    assert.equal(await runAndSettle(), 0);
    clock = T0 + 2_000;
    assert.equal(await runAndSettle(), 1);
    assert.equal((await queue.readJob(job.id)).runAt, new Date(T0 + 6_000).toISOString());
    clock = T0 + 6_000;
    assert.equal(await runAndSettle(), 1);
    const dead = await queue.readJob(job.id);
    assert.equal(dead.status, 'dead');
    assert.deepEqual(dead.lastError, { code: 'JOB_FAILED', message: 'upstream refused (3)' });
    assert.deepEqual(
      (await queue.listDeadJobs('flaky')).map((j) => j.id),
      [job.id],
    );
    await queue.retry(job.id);
    assert.equal(await runAndSettle(), 1);
    assert.equal((await queue.readJob(job.id)).status, 'done');
    await worker.close();
  });

  it('dead-letters at once a failure its handler calls permanent', async () => {
    clock = T0;
    const queue = new JobQueue(storage, {}, now);
    const { job } = await queue.enqueue({ kind: 'strict', payload: {} });
    const worker = makeWorker({
      strict: {
        run: async () => {
          throw new JobError('JOB_INVALID', 'the target was deleted');
        },
        isRetryable: (error) => !(error instanceof JobError),
      },
    });
    await worker.poll();
    await worker.drain();
    const dead = await queue.readJob(job.id);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.attempts, 1);
    assert.equal(dead.lastError?.code, 'JOB_INVALID');
    await worker.close();
  });

  it('stops a running job that is cancelled, at its next heartbeat', async () => {
    clock = T0;
    const queue = new JobQueue(storage, {}, now);
    const { job } = await queue.enqueue({ kind: 'endless', payload: {} });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const worker = makeWorker({
      endless: {
        run: (_job, context) =>
          new Promise((_resolve, reject) => {
            context.signal.addEventListener('abort', () => reject(context.signal.reason as Error));
            started();
          }),
      },
    });
    await worker.poll();
    await running;
    assert.equal((await queue.cancel(job.id)).cancelRequested, true);
    await worker.drain();
    assert.equal((await queue.readJob(job.id)).status, 'cancelled');
    await worker.close();
  });

  it('gives running jobs back, attempt uncounted, when the worker closes', async () => {
    clock = T0;
    const queue = new JobQueue(storage, {}, now);
    const { job } = await queue.enqueue({ kind: 'slow', payload: {} });
    const worker = makeWorker({
      slow: {
        run: (_job, context) =>
          new Promise((_resolve, reject) =>
            context.signal.addEventListener('abort', () => reject(context.signal.reason as Error)),
          ),
      },
    });
    await worker.poll();
    await worker.close();
    const released = await queue.readJob(job.id);
    assert.equal(released.status, 'queued');
    assert.equal(released.attempts, 0);
  });

  it('runs a recurring schedule once per slot', async () => {
    clock = T0;
    const queue = new JobQueue(storage, {}, now);
    await queue.schedule({
      name: 'monitor:feed:9',
      kind: 'poll-feed',
      payload: { target: 9 },
      intervalMs: 60_000,
    });
    const seen: unknown[] = [];
    const worker = makeWorker({ 'poll-feed': { run: async (job) => void seen.push(job.payload) } });
    for (const seconds of [0, 30, 60, 61, 125]) {
      clock = T0 + seconds * 1_000;
      await worker.poll();
      await worker.drain();
    }
    assert.deepEqual(seen, [{ target: 9 }, { target: 9 }, { target: 9 }]);
    await queue.unschedule('monitor:feed:9');
    clock = T0 + 200_000;
    await worker.poll();
    await worker.drain();
    assert.equal(seen.length, 3);
    await assert.rejects(
      queue.unschedule('monitor:feed:9'),
      (error: unknown) => (error as JobError).code === 'JOB_SCHEDULE_NOT_FOUND',
    );
    await worker.close();
  });

  it('refuses malformed requests and options with typed errors', async () => {
    const queue = new JobQueue(storage, {}, now);
    const invalid = (field: string) => (error: unknown) =>
      error instanceof JobError && error.code === 'JOB_INVALID' && error.details['field'] === field;
    await assert.rejects(queue.enqueue({ kind: 'Capture!', payload: {} }), invalid('kind'));
    await assert.rejects(queue.enqueue({ kind: 'capture', payload: 'x'.repeat(20_000) }), invalid('payload'));
    await assert.rejects(
      queue.enqueue({ kind: 'capture', payload: { big: 1n } as never }),
      invalid('payload'),
    );
    await assert.rejects(queue.enqueue({ kind: 'capture', payload: 'a\u0000b' }), invalid('payload'));
    await assert.rejects(queue.enqueue({ kind: 'capture', payload: {}, priority: 1e9 }), invalid('priority'));
    await assert.rejects(
      queue.enqueue({ kind: 'capture', payload: {}, runAt: 'tomorrow' }),
      invalid('runAt'),
    );
    await assert.rejects(
      queue.enqueue({ kind: 'capture', payload: {}, idempotencyKey: 'has space' }),
      invalid('idempotencyKey'),
    );
    await assert.rejects(
      queue.readJob('no-such-job'),
      (error: unknown) => (error as JobError).code === 'JOB_NOT_FOUND',
    );
    const badOption = (error: unknown) => error instanceof JobError && error.code === 'JOB_OPTIONS_INVALID';
    assert.throws(() => new JobQueue(storage, { retries: 3 } as never), badOption);
    assert.throws(() => makeWorker({}, { heartbeatMs: 20_000 }), badOption);
    assert.throws(() => makeWorker({}, { concurrency: 0 }), badOption);
  });
});
