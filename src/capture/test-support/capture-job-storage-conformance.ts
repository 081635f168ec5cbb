import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, type TestContext } from 'node:test';
import type { CaptureJob, CaptureJobStorage } from '../capture-queue.ts';

// The CaptureJobStorage contract, run against every implementation. `open` returns a storage on
// a store of its own for each test (or undefined when the backend is unavailable and skipped).

export function makeQueuedJob(overrides: Partial<CaptureJob> = {}): CaptureJob {
  const now = '2026-05-06T07:08:09.123Z';
  return {
    id: randomUUID(),
    unit: 'platform-a',
    url: 'https://example.com/infringing?x=1',
    options: { loadTimeoutMs: 5_000, allowedNetworks: ['127.0.0.1/32'] },
    status: 'queued',
    phase: 'queued',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
    result: null,
    anchor: null,
    error: null,
    ...overrides,
  };
}

export function describeCaptureJobStorageConformance(
  name: string,
  open: (t: TestContext) => Promise<{ storage: CaptureJobStorage; dispose(): Promise<void> } | undefined>,
): void {
  describe(name, () => {
    it('stores a job and reads it back exactly', async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        const job = makeQueuedJob();
        await opened.storage.insertJob(job);
        assert.deepEqual(await opened.storage.readJob(job.id), job);
        assert.equal(await opened.storage.readJob(randomUUID()), null);
      } finally {
        await opened.dispose();
      }
    });

    it('hands out queued jobs oldest first, each once, counting attempts', async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        const first = makeQueuedJob();
        const second = makeQueuedJob();
        await opened.storage.insertJob(first);
        await opened.storage.insertJob(second);
        assert.equal(await opened.storage.countJobs('queued'), 2);
        await opened.storage.insertJob(makeQueuedJob({ unit: 'platform-b', status: 'done' }));
        assert.equal(await opened.storage.countJobs('queued', 'platform-a'), 2);
        assert.equal(await opened.storage.countJobs('queued', 'platform-b'), 0);
        assert.equal(await opened.storage.countJobs('done', 'platform-b'), 1);
        const claims = await Promise.all([
          opened.storage.claimNextJob('2026-05-06T07:09:00.000Z'),
          opened.storage.claimNextJob('2026-05-06T07:09:00.000Z'),
          opened.storage.claimNextJob('2026-05-06T07:09:00.000Z'),
        ]);
        const claimed = claims.filter((job) => job !== null);
        assert.deepEqual(new Set(claimed.map((job) => job.id)), new Set([first.id, second.id]));
        assert.equal(claims.filter((job) => job === null).length, 1);
        for (const job of claimed) {
          assert.equal(job.status, 'running');
          assert.equal(job.attempts, 1);
          assert.equal(job.startedAt, '2026-05-06T07:09:00.000Z');
        }
        assert.equal(await opened.storage.countJobs('running'), 2);
      } finally {
        await opened.dispose();
      }
    });

    it('records progress, result, anchor and error as given', async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        const job = makeQueuedJob();
        await opened.storage.insertJob(job);
        await opened.storage.claimNextJob('2026-05-06T07:09:00.000Z');
        await opened.storage.updateJob(job.id, { phase: 'scrolling' }, '2026-05-06T07:09:01.000Z');
        await opened.storage.updateJob(
          job.id,
          { error: { code: 'CAPTURE_FAILED', message: 'x' } },
          '2026-05-06T07:09:02.000Z',
        );
        assert.deepEqual((await opened.storage.readJob(job.id))?.error, {
          code: 'CAPTURE_FAILED',
          message: 'x',
        });
        const anchor = { chain: 'evidence', index: 41, time: '2026-05-06T07:09:03.000Z', bundleSha256: null };
        await opened.storage.updateJob(
          job.id,
          { status: 'done', phase: null, anchor, finishedAt: '2026-05-06T07:09:04.000Z' },
          '2026-05-06T07:09:04.500Z',
        );
        const stored = await opened.storage.readJob(job.id);
        assert.equal(stored?.status, 'done');
        assert.equal(stored?.phase, null);
        assert.deepEqual(stored?.anchor, anchor);
        assert.equal(stored?.finishedAt, '2026-05-06T07:09:04.000Z');
        assert.equal(stored?.updatedAt, '2026-05-06T07:09:04.500Z');
        assert.deepEqual(stored?.options, job.options);
        // An earlier attempt's error is not the finished capture's (the job keeps it for /v1/jobs).
        assert.equal(stored?.error, null);
      } finally {
        await opened.dispose();
      }
    });

    it('leaves a running job to its lease holder and takes it again once the lease ran out', async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        const job = makeQueuedJob();
        const done = makeQueuedJob({ status: 'done', phase: null });
        await opened.storage.insertJob(job);
        await opened.storage.insertJob(done);
        const [held] = await opened.storage.jobs.claimJobs(
          { kinds: ['capture'], owner: 'live-worker', leaseMs: 60_000, limit: 1 },
          '2026-05-06T07:09:00.000Z',
        );
        assert.equal(held?.id, job.id);
        assert.deepEqual(await opened.storage.jobs.expireLeases('2026-05-06T07:09:59.999Z'), []);
        assert.equal(await opened.storage.claimNextJob('2026-05-06T07:09:30.000Z'), null);
        assert.equal((await opened.storage.readJob(job.id))?.status, 'running');
        assert.deepEqual(await opened.storage.jobs.expireLeases('2026-05-06T07:10:00.001Z'), [job.id]);
        const again = await opened.storage.claimNextJob('2026-05-06T07:10:01.000Z');
        assert.equal(again?.id, job.id);
        assert.equal(again?.attempts, 2);
        assert.equal((await opened.storage.readJob(done.id))?.status, 'done');
      } finally {
        await opened.dispose();
      }
    });

    it('finds the job deposited as an entry by chain and index, and no other', async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        const anchored = makeQueuedJob({
          status: 'done',
          phase: null,
          anchor: { chain: 'evidence', index: 7, time: '2026-05-06T07:09:03.000Z', bundleSha256: null },
        });
        const other = makeQueuedJob({
          status: 'done',
          phase: null,
          anchor: { chain: 'works', index: 70, time: '2026-05-06T07:09:03.000Z', bundleSha256: null },
        });
        await opened.storage.insertJob(anchored);
        await opened.storage.insertJob(other);
        await opened.storage.insertJob(makeQueuedJob());
        assert.equal((await opened.storage.findJobByEntry('evidence', 7))?.id, anchored.id);
        assert.equal(await opened.storage.findJobByEntry('evidence', 70), null);
        assert.equal(await opened.storage.findJobByEntry('works', 7), null);
        assert.equal(await opened.storage.findJobByEntry('evidence', 8), null);
      } finally {
        await opened.dispose();
      }
    });

    it("lists some units' jobs newest first, by status, a page after a job at a time", async (t) => {
      const opened = await open(t);
      if (opened === undefined) return;
      try {
        const at = (second: number) => `2026-05-06T07:08:${String(second).padStart(2, '0')}.000Z`;
        const jobs = [
          makeQueuedJob({ unit: 'alice', createdAt: at(1), updatedAt: at(1) }),
          makeQueuedJob({ unit: 'alice:nightly', createdAt: at(2), updatedAt: at(2), status: 'done' }),
          makeQueuedJob({ unit: 'bob', createdAt: at(3), updatedAt: at(3) }),
          makeQueuedJob({ unit: 'alice', createdAt: at(4), updatedAt: at(4), status: 'failed' }),
          makeQueuedJob({ unit: 'alice', createdAt: at(4), updatedAt: at(4), status: 'done' }),
        ];
        for (const job of jobs) await opened.storage.insertJob(job);
        const ids = async (query: Partial<Parameters<CaptureJobStorage['listJobs']>[0]>) =>
          (
            await opened.storage.listJobs({
              units: ['alice', 'alice:nightly'],
              after: null,
              limit: 10,
              ...query,
            })
          ).map((job) => job.id);
        const [first, second, , fourth, fifth] = jobs.map((job) => job.id);
        const sameTime = [fourth!, fifth!].sort().reverse();
        assert.deepEqual(await ids({}), [...sameTime, second, first]);
        assert.deepEqual(await ids({ units: ['alice'] }), [...sameTime, first]);
        assert.deepEqual(await ids({ units: [] }), []);
        assert.deepEqual(await ids({ units: ['alice', 'alice'] }), [...sameTime, first]);
        assert.deepEqual(await ids({ status: 'done' }), [fifth, second]);
        assert.deepEqual(await ids({ status: 'failed' }), [fourth]);
        assert.deepEqual(await ids({ status: 'running' }), []);
        assert.deepEqual(await ids({ limit: 1 }), [sameTime[0]]);
        assert.deepEqual(await ids({ after: { createdAt: at(4), id: sameTime[0]! }, limit: 2 }), [
          sameTime[1],
          second,
        ]);
        assert.deepEqual(await ids({ after: { createdAt: at(2), id: second! } }), [first]);
        assert.deepEqual(await ids({ units: ['bob'] }), [jobs[2]!.id]);
        const listed = await opened.storage.listJobs({ units: ['alice:nightly'], after: null, limit: 10 });
        assert.deepEqual(listed, [await opened.storage.readJob(second!)]);
      } finally {
        await opened.dispose();
      }
    });
  });
}
