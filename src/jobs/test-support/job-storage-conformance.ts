import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import type { JobError } from '../errors.ts';
import type { Job, NewJob } from '../job.ts';
import type { JobStorage } from '../job-storage.ts';

// The JobStorage contract, run against every implementation. `open` returns a storage on a
// database of its own for each test (or undefined when the backend is unavailable and skipped).

export type OpenJobStorage = (
  t: TestContext,
) => Promise<{ storage: JobStorage; dispose(): Promise<void> } | undefined>;

export const T0 = '2026-05-06T07:00:00.000Z';
export const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1_000).toISOString();

export function makeNewJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: randomUUID(),
    kind: 'capture',
    payload: { url: 'https://example.com/copy', target: 42 },
    organisation: 'platform-a',
    priority: 0,
    idempotencyKey: null,
    runAt: T0,
    maxAttempts: 3,
    ...overrides,
  };
}

export const isJobError = (code: string) => (error: unknown) => (error as JobError).code === code;

export async function claimOne(
  storage: JobStorage,
  owner: string,
  now: string,
  leaseMs = 30_000,
): Promise<Job> {
  const [job] = await storage.claimJobs({ kinds: ['capture'], owner, leaseMs, limit: 1 }, now);
  assert.ok(job, `${owner} expected to claim a job at ${now}`);
  return job;
}

export function describeJobStorageConformance(name: string, open: OpenJobStorage): void {
  const test = (title: string, body: (storage: JobStorage) => Promise<void>) =>
    it(title, async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        await body(opened.storage);
      } finally {
        await opened.dispose();
      }
    });

  describe(name, () => {
    test('stores a job and reads it back; an idempotency key returns the first job', async (storage) => {
      const { job, created } = await storage.enqueueJob(makeNewJob({ idempotencyKey: 'k1' }), T0);
      assert.equal(created, true);
      assert.deepEqual(await storage.readJob(job.id), job);
      assert.equal(job.status, 'queued');
      assert.equal(job.attempts, 0);
      assert.deepEqual(job.payload, { url: 'https://example.com/copy', target: 42 });
      const again = await storage.enqueueJob(makeNewJob({ idempotencyKey: 'k1', payload: 'other' }), at(1));
      assert.equal(again.created, false);
      assert.equal(again.job.id, job.id);
      const otherKind = await storage.enqueueJob(makeNewJob({ kind: 'notice', idempotencyKey: 'k1' }), at(1));
      assert.equal(otherKind.created, true);
      assert.equal(await storage.readJob(randomUUID()), null);
      assert.equal(await storage.countJobs({ status: 'queued' }), 2);
      assert.equal(await storage.countJobs({ status: 'queued', kind: 'notice' }), 1);
    });

    test('claims by priority, then one job of each organisation in turn', async (storage) => {
      const ids = new Map<string, string>();
      for (const [label, organisation] of [
        ['a1', 'a'],
        ['a2', 'a'],
        ['a3', 'a'],
        ['b1', 'b'],
        ['b2', 'b'],
        ['c1', 'c'],
      ] as const) {
        ids.set((await storage.enqueueJob(makeNewJob({ organisation }), T0)).job.id, label);
      }
      ids.set(
        (await storage.enqueueJob(makeNewJob({ organisation: 'a', priority: 5 }), T0)).job.id,
        'urgent',
      );
      const order: string[] = [];
      for (let i = 0; i < 7; i += 1) order.push(ids.get((await claimOne(storage, 'w', at(1))).id)!);
      assert.deepEqual(order, ['urgent', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    });

    test('never hands one job to two concurrent claimers, and skips jobs not yet due', async (storage) => {
      const due = await Promise.all([1, 2, 3].map(() => storage.enqueueJob(makeNewJob(), T0)));
      await storage.enqueueJob(makeNewJob({ runAt: at(60) }), T0);
      await storage.enqueueJob(makeNewJob({ kind: 'notice' }), T0);
      const claims = await Promise.all(
        ['w1', 'w2', 'w3', 'w4'].map((owner) =>
          storage.claimJobs({ kinds: ['capture'], owner, leaseMs: 30_000, limit: 2 }, at(1)),
        ),
      );
      const claimed = claims.flat();
      assert.equal(claimed.length, 3);
      assert.deepEqual(new Set(claimed.map((job) => job.id)), new Set(due.map(({ job }) => job.id)));
      for (const job of claimed) {
        assert.equal(job.status, 'running');
        assert.equal(job.attempts, 1);
        assert.equal(job.startedAt, at(1));
        assert.equal(job.leaseExpiresAt, at(31));
      }
      assert.equal((await claimOne(storage, 'w5', at(60))).runAt, at(60));
    });

    test('keeps progress and state, extends the lease, completes with a result', async (storage) => {
      const { job } = await storage.enqueueJob(makeNewJob(), T0);
      await claimOne(storage, 'w1', at(1));
      await storage.recordProgress(job.id, 'w1', { percent: 40, message: 'loading' }, at(2));
      await storage.saveState(job.id, 'w1', { step: 'packaged', sha256: 'ab' }, at(3));
      assert.deepEqual(await storage.extendLease(job.id, 'w1', 60_000, at(4)), { cancelRequested: false });
      const running = await storage.readJob(job.id);
      assert.deepEqual(running?.progress, { percent: 40, message: 'loading' });
      assert.deepEqual(running?.state, { step: 'packaged', sha256: 'ab' });
      assert.equal(running?.leaseExpiresAt, at(64));
      await storage.completeJob(job.id, 'w1', { entry: 7 }, at(5));
      const done = await storage.readJob(job.id);
      assert.equal(done?.status, 'done');
      assert.deepEqual(done?.result, { entry: 7 });
      assert.equal(done?.finishedAt, at(5));
      assert.equal(done?.leaseOwner, null);
      assert.equal(done?.progress?.percent, 100);
    });

    test('refuses every lease call from a worker that does not hold the lease', async (storage) => {
      const { job } = await storage.enqueueJob(makeNewJob(), T0);
      const lost = isJobError('JOB_LEASE_LOST');
      await assert.rejects(storage.completeJob(job.id, 'w1', null, at(1)), lost);
      await claimOne(storage, 'w1', at(1));
      await assert.rejects(storage.extendLease(job.id, 'w2', 1_000, at(2)), lost);
      await assert.rejects(storage.recordProgress(job.id, 'w2', { percent: 1, message: '' }, at(2)), lost);
      await assert.rejects(storage.saveState(job.id, 'w2', {}, at(2)), lost);
      await assert.rejects(storage.completeJob(job.id, 'w2', null, at(2)), lost);
      await assert.rejects(storage.failJob(job.id, 'w2', { code: 'X', message: 'x' }, null, at(2)), lost);
      await assert.rejects(storage.releaseJob(job.id, 'w2', at(2)), lost);
      await assert.rejects(storage.handOffJob(job.id, 'w2', 'capture-anchor', at(2)), lost);
      assert.equal((await storage.readJob(job.id))?.leaseOwner, 'w1');
    });

    test('retries at the time given, then dead-letters after the last attempt; an operator retries it', async (storage) => {
      const { job } = await storage.enqueueJob(makeNewJob({ maxAttempts: 2 }), T0);
      await claimOne(storage, 'w1', at(1));
      const retried = await storage.failJob(job.id, 'w1', { code: 'E1', message: 'timeout' }, at(30), at(2));
      assert.equal(retried.status, 'queued');
      assert.equal(retried.runAt, at(30));
      assert.deepEqual(retried.lastError, { code: 'E1', message: 'timeout' });
      assert.deepEqual(
        await storage.claimJobs({ kinds: ['capture'], owner: 'w2', leaseMs: 1_000, limit: 1 }, at(29)),
        [],
      );
      assert.equal((await claimOne(storage, 'w2', at(30))).attempts, 2);
      const dead = await storage.failJob(job.id, 'w2', { code: 'E2', message: 'again' }, at(90), at(31));
      assert.equal(dead.status, 'dead');
      assert.equal(dead.finishedAt, at(31));
      assert.deepEqual(
        (await storage.listJobs({ status: 'dead', limit: 10 })).map((j) => j.id),
        [job.id],
      );
      await assert.rejects(storage.retryJob(randomUUID(), at(40)), isJobError('JOB_NOT_FOUND'));
      const again = await storage.retryJob(job.id, at(40));
      assert.equal(again.status, 'queued');
      assert.equal(again.attempts, 0);
      await assert.rejects(storage.retryJob(job.id, at(41)), isJobError('JOB_NOT_RETRYABLE'));
      assert.equal((await claimOne(storage, 'w3', at(41))).id, job.id);
      const permanent = await storage.failJob(
        job.id,
        'w3',
        { code: 'E3', message: 'bad input' },
        null,
        at(42),
      );
      assert.equal(permanent.status, 'dead');
    });

    test('returns a job whose lease ran out to the queue; its old worker can no longer finish it', async (storage) => {
      const { job } = await storage.enqueueJob(makeNewJob({ maxAttempts: 2 }), T0);
      await claimOne(storage, 'dead-worker', at(1), 10_000);
      assert.deepEqual(await storage.expireLeases(at(10)), []);
      assert.deepEqual(await storage.expireLeases(at(12)), [job.id]);
      const second = await claimOne(storage, 'w2', at(12), 10_000);
      assert.equal(second.attempts, 2);
      await assert.rejects(
        storage.completeJob(job.id, 'dead-worker', null, at(13)),
        isJobError('JOB_LEASE_LOST'),
      );
      assert.deepEqual(await storage.expireLeases(at(30)), [job.id]);
      const dead = await storage.readJob(job.id);
      assert.equal(dead?.status, 'dead');
      assert.equal(dead?.lastError?.code, 'JOB_LEASE_EXPIRED');
    });

    test('cancels a queued job at once and a running one through its worker', async (storage) => {
      const queued = (await storage.enqueueJob(makeNewJob(), T0)).job;
      const running = (await storage.enqueueJob(makeNewJob(), T0)).job;
      await assert.rejects(storage.cancelJob(randomUUID(), at(1)), isJobError('JOB_NOT_FOUND'));
      assert.equal((await storage.cancelJob(queued.id, at(1))).status, 'cancelled');
      assert.equal((await claimOne(storage, 'w1', at(2))).id, running.id);
      const asked = await storage.cancelJob(running.id, at(3));
      assert.equal(asked.status, 'running');
      assert.equal(asked.cancelRequested, true);
      assert.deepEqual(await storage.extendLease(running.id, 'w1', 30_000, at(4)), { cancelRequested: true });
      await storage.settleCancellation(running.id, 'w1', at(5));
      assert.equal((await storage.readJob(running.id))?.status, 'cancelled');
      assert.equal((await storage.retryJob(queued.id, at(6))).status, 'queued');
    });

    test('takes back a released job without counting the attempt', async (storage) => {
      const { job } = await storage.enqueueJob(makeNewJob(), T0);
      await claimOne(storage, 'w1', at(1));
      await storage.releaseJob(job.id, 'w1', at(2));
      const released = await storage.readJob(job.id);
      assert.equal(released?.status, 'queued');
      assert.equal(released?.attempts, 0);
      assert.equal(released?.leaseOwner, null);
    });

    test('hands a job off to another kind, keeping its state, for that kind only', async (storage) => {
      const { job } = await storage.enqueueJob(makeNewJob(), T0);
      await claimOne(storage, 'w1', at(1));
      await storage.saveState(job.id, 'w1', { phase: 'anchoring' }, at(2));
      await storage.handOffJob(job.id, 'w1', 'capture-anchor', at(3));
      const handed = await storage.readJob(job.id);
      assert.equal(handed?.kind, 'capture-anchor');
      assert.equal(handed?.status, 'queued');
      assert.equal(handed?.attempts, 0);
      assert.equal(handed?.leaseOwner, null);
      assert.equal(handed?.runAt, at(3));
      assert.deepEqual(handed?.state, { phase: 'anchoring' });
      assert.deepEqual(
        await storage.claimJobs({ kinds: ['capture'], owner: 'w2', leaseMs: 1_000, limit: 5 }, at(4)),
        [],
      );
      const [anchoring] = await storage.claimJobs(
        { kinds: ['capture-anchor'], owner: 'node', leaseMs: 1_000, limit: 5 },
        at(4),
      );
      assert.equal(anchoring?.id, job.id);
      assert.equal(anchoring?.attempts, 1);
    });

    test('enqueues each slot of a schedule once, skipping missed slots', async (storage) => {
      const schedule = {
        name: 'monitor:target:1',
        kind: 'capture',
        payload: { target: 1 },
        organisation: 'a',
        priority: 0,
        maxAttempts: 3,
        intervalMs: 60_000,
        nextRunAt: at(60),
      };
      await storage.saveSchedule(schedule, T0);
      assert.deepEqual(await storage.listSchedules(), [schedule]);
      assert.deepEqual(await storage.enqueueDueSchedules(at(59)), []);
      const first = await Promise.all([
        storage.enqueueDueSchedules(at(61)),
        storage.enqueueDueSchedules(at(61)),
      ]);
      assert.equal(first.flat().length, 1);
      assert.deepEqual(first.flat()[0]?.payload, { target: 1 });
      assert.equal(first.flat()[0]?.runAt, at(60));
      assert.equal((await storage.listSchedules())[0]?.nextRunAt, at(120));
      assert.equal((await storage.enqueueDueSchedules(at(400))).length, 1);
      assert.equal((await storage.listSchedules())[0]?.nextRunAt, at(420));
      await storage.removeSchedule(schedule.name);
      assert.deepEqual(await storage.listSchedules(), []);
      await assert.rejects(storage.removeSchedule(schedule.name), isJobError('JOB_SCHEDULE_NOT_FOUND'));
    });
  });
}
