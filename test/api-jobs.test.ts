import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from './api-node-support.ts';

// The job queue's operator routes: a dead-lettered job is listed with its last error, retried
// from its first attempt, cancelled; unit keys are refused, malformed ids and filters answered 400.

describe('job queue routes', () => {
  let node: TestNode;
  let unitKey: string;
  let deadId: string;

  before(async () => {
    node = await startTestNode();
    unitKey = (await node.createUnit('jobs-unit')).apiKey;
    const jobs = node.running.node.context.jobs;
    const { job } = await jobs.enqueue({ kind: 'notice', payload: { notice: 1 }, organisation: 'jobs-unit' });
    const now = new Date().toISOString();
    await jobs.storage.claimJobs({ kinds: ['notice'], owner: 'test-worker', leaseMs: 60_000, limit: 1 }, now);
    await jobs.storage.failJob(
      job.id,
      'test-worker',
      { code: 'SMTP_REFUSED', message: '550 no such user' },
      null,
      now,
    );
    deadId = job.id;
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  const admin = (path: string, method = 'GET') =>
    node.request(path, { token: node.adminToken, ...(method === 'POST' ? { method, json: {} } : {}) });

  it('lists dead letters with their last error, and reads one job', async () => {
    const listed = await admin('/v1/jobs');
    assert.equal(listed.status, 200, listed.text);
    assert.deepEqual(
      listed.json.jobs.map((job: { id: string }) => job.id),
      [deadId],
    );
    const job = listed.json.jobs[0];
    assert.equal(job.status, 'dead');
    assert.deepEqual(job.lastError, { code: 'SMTP_REFUSED', message: '550 no such user' });
    assert.equal(job.payload, undefined, 'payloads stay inside');
    assert.equal((await admin('/v1/jobs?status=dead&kind=capture')).json.jobs.length, 0);
    assert.equal((await admin(`/v1/jobs/${deadId}`)).json.attempts, 1);
  });

  it('retries a dead letter from its first attempt, then cancels it', async () => {
    const retried = await admin(`/v1/jobs/${deadId}/retry`, 'POST');
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.json.status, 'queued');
    assert.equal(retried.json.attempts, 0);
    const again = await admin(`/v1/jobs/${deadId}/retry`, 'POST');
    assert.equal(again.status, 409);
    assert.equal(again.json.code, 'JOB_NOT_RETRYABLE');
    const cancelled = await admin(`/v1/jobs/${deadId}/cancel`, 'POST');
    assert.equal(cancelled.json.status, 'cancelled');
    assert.equal((await admin('/v1/jobs?status=cancelled')).json.jobs.length, 1);
  });

  it('answers unknown, malformed and unauthorised requests with typed problems', async () => {
    const missing = await admin(`/v1/jobs/${randomUUID()}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json.code, 'JOB_NOT_FOUND');
    for (const path of [
      '/v1/jobs/not-a-uuid',
      '/v1/jobs?status=exploded',
      '/v1/jobs?kind=DROP%20TABLE',
      '/v1/jobs?limit=0',
    ]) {
      const answer = await admin(path);
      assert.equal(answer.status, 400, `${path}: ${answer.text}`);
    }
    assert.equal((await node.request('/v1/jobs', { token: unitKey })).status, 403);
    assert.equal((await node.request('/v1/jobs')).status, 401);
    assert.equal(
      (await node.request(`/v1/jobs/${deadId}/retry`, { method: 'POST', token: unitKey, json: {} })).status,
      403,
    );
  });
});
