import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SESSION_OPTIONS, resolveSessionOptions } from './sessions.ts';

describe('resolveSessionOptions', () => {
  it('gives 30 minutes idle and 12 hours absolute by default, and merges the throttle’s options', () => {
    assert.equal(DEFAULT_SESSION_OPTIONS.idleTimeoutMs, 30 * 60_000);
    assert.equal(DEFAULT_SESSION_OPTIONS.absoluteTimeoutMs, 12 * 60 * 60_000);
    const resolved = resolveSessionOptions({ idleTimeoutMs: 60_000, throttle: { lockoutMs: 1_000 } });
    assert.equal(resolved.idleTimeoutMs, 60_000);
    assert.equal(resolved.throttle.lockoutMs, 1_000);
    assert.equal(resolved.throttle.maxAccountFailures, 5);
  });

  it('refuses unknown keys and values that are not positive integers', () => {
    for (const bad of [
      { idleTimeout: 5 },
      { idleTimeoutMs: 0 },
      { absoluteTimeoutMs: 1.5 },
      { throttle: { lockoutMs: -1 } },
      { throttle: { lockout: 1 } },
    ]) {
      assert.throws(
        () => resolveSessionOptions(bad as never),
        { code: 'SESSION_OPTIONS_INVALID' },
        JSON.stringify(bad),
      );
    }
  });
});
