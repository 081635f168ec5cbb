import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucketLimiter } from './rate-limit.ts';

describe('TokenBucketLimiter', () => {
  it('admits a full burst, refuses the next with the wait for its tokens, and refills over time', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(10, 20, () => now);
    assert.deepEqual(limiter.take('unit-a', 20), { ok: true });
    assert.deepEqual(limiter.take('unit-a', 5), { ok: false, retryAfterMs: 500 });
    now = 499;
    assert.equal(limiter.take('unit-a', 5).ok, false);
    now = 1_000;
    assert.deepEqual(limiter.take('unit-a', 5), { ok: true });
    assert.deepEqual(limiter.take('unit-b', 20), { ok: true }, 'each unit has its own bucket');
  });

  it('caps a cost above the burst at the burst, so a full bucket always admits one request', () => {
    const limiter = new TokenBucketLimiter(1, 10, () => 0);
    assert.deepEqual(limiter.take('unit', 1_000), { ok: true });
    assert.equal(limiter.take('unit', 1).ok, false);
  });

  it('gives back refunded tokens, never beyond the burst', () => {
    const limiter = new TokenBucketLimiter(1, 10, () => 0);
    limiter.take('unit', 10);
    limiter.refund('unit', 4);
    assert.deepEqual(limiter.take('unit', 4), { ok: true });
    assert.equal(limiter.take('unit', 1).ok, false);
    limiter.refund('unit', 100);
    assert.deepEqual(limiter.take('unit', 10), { ok: true });
    assert.equal(limiter.take('unit', 1).ok, false);
  });
});
