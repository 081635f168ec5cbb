import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRetryDelayMs } from './backoff.ts';

const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

describe('computeRetryDelayMs', () => {
  it('doubles the cap with each attempt and keeps half of it fixed', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => computeRetryDelayMs(attempt, policy, () => 0)),
      [500, 1_000, 2_000, 4_000],
    );
    assert.equal(
      computeRetryDelayMs(3, policy, () => 0.999_999),
      3_999,
    );
  });

  it('never waits longer than the maximum, even after very many attempts', () => {
    assert.equal(
      computeRetryDelayMs(1_000, policy, () => 0.999_999),
      59_999,
    );
    assert.equal(
      computeRetryDelayMs(10, policy, () => 0),
      30_000,
    );
  });

  it('spreads jobs that failed together over the upper half of the window', () => {
    const delays = Array.from({ length: 100 }, (_, i) => computeRetryDelayMs(5, policy, () => i / 100));
    assert.equal(new Set(delays).size, 100);
    assert.ok(delays.every((delay) => delay >= 8_000 && delay < 16_000));
  });
});
