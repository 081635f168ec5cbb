import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { errorToProblem } from '../src/api/problem.ts';
import { BrowserPool, CaptureError, CaptureService, describeSoftware } from '../src/capture/index.ts';
import { SqlCaptureStorage } from '../src/store/sql-capture-storage.ts';
import { openTestDatabase } from '../src/store/test-support/databases.ts';

// One unit cannot fill the shared capture queue: past its share it is refused with 429 and
// Retry-After while other units still get in. No worker runs (start() is not called), so the
// queue only grows and the counts are exact.

const unused = (): never => {
  throw new Error('no capture runs in this test');
};

describe('CaptureService fair share of the queue', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let storage: SqlCaptureStorage;
  let service: CaptureService;

  before(async () => {
    db = await openTestDatabase('pglite');
    storage = new SqlCaptureStorage(db.client);
    service = new CaptureService({
      storage,
      pool: new BrowserPool({ size: 1 }),
      anchor: { hashAlgorithm: 'sha256', depositCapture: unused, readBundle: unused, readChainTime: unused },
      blobs: { writeBlob: unused },
      software: describeSoftware(),
      options: { maxQueuedJobs: 10, maxQueuedJobsPerUnit: 3 },
    });
  });

  after(async () => {
    await service.close();
    await db.dispose();
  });

  it('refuses a unit past its share with 429 and Retry-After, and still queues other units', async () => {
    for (let i = 0; i < 3; i += 1) await service.submit('greedy', `https://example.org/page-${i}`);
    await assert.rejects(
      service.submit('greedy', 'https://example.org/page-3'),
      (error: unknown) =>
        error instanceof CaptureError &&
        error.code === 'CAPTURE_UNIT_QUEUE_FULL' &&
        error.details['unit'] === 'greedy' &&
        error.details['maxQueuedJobsPerUnit'] === 3,
    );
    assert.equal(await storage.countJobs('queued', 'greedy'), 3);
    await service.submit('patient', 'https://example.org/other');
    assert.equal(await storage.countJobs('queued'), 4);

    const answer = errorToProblem(
      await service.submit('greedy', 'https://example.org/page-4').catch((error: unknown) => error),
    );
    assert.equal(answer.problem.status, 429);
    assert.equal(answer.problem.code, 'CAPTURE_UNIT_QUEUE_FULL');
    assert.equal(answer.retryAfterSeconds, 30);
  });

  it('keeps the whole queue bounded across units', async () => {
    for (const unit of ['b1', 'b2'])
      for (let i = 0; i < 3; i += 1) await service.submit(unit, `https://example.org/${unit}/${i}`);
    assert.equal(await storage.countJobs('queued'), 10);
    await assert.rejects(
      service.submit('latecomer', 'https://example.org/late'),
      (error: unknown) => error instanceof CaptureError && error.code === 'CAPTURE_QUEUE_FULL',
    );
  });
});
