import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CaptureError } from './errors.ts';
import { DEFAULT_CAPTURE_OPTIONS, resolveCaptureOptions } from './options.ts';

const invalid = (options: unknown, key: string) =>
  assert.throws(
    () => resolveCaptureOptions(options as never),
    (error: unknown) =>
      error instanceof CaptureError &&
      error.code === 'CAPTURE_OPTIONS_INVALID' &&
      error.details['key'] === key,
  );

describe('resolveCaptureOptions', () => {
  it('spreads the given options over the defaults', () => {
    const resolved = resolveCaptureOptions({ maxRequests: 10, allowedNetworks: ['loopback'] });
    assert.equal(resolved.maxRequests, 10);
    assert.deepEqual(resolved.allowedNetworks, ['loopback']);
    assert.equal(resolved.totalTimeoutMs, DEFAULT_CAPTURE_OPTIONS.totalTimeoutMs);
  });

  it('rejects unknown keys, values out of range and malformed networks', () => {
    invalid({ colour: 'red' }, '"colour"');
    invalid({ maxTotalBytes: 0 }, 'maxTotalBytes');
    invalid({ loadTimeoutMs: 1.5 }, 'loadTimeoutMs');
    invalid({ screenshot: 'yes' }, 'screenshot');
    invalid({ allowedNetworks: ['everything'] }, 'allowedNetworks');
    invalid({ loadTimeoutMs: 60_000, totalTimeoutMs: 30_000 }, 'loadTimeoutMs');
    assert.throws(() => resolveCaptureOptions([] as never), CaptureError);
  });
});
