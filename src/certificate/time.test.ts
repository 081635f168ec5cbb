import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCertificateTime } from './time.ts';

describe('formatCertificateTime', () => {
  it('shows Beijing time first and the UTC time beside it', () => {
    assert.equal(
      formatCertificateTime('2026-12-07T12:15:03.123Z'),
      '2026-12-07 20:15:03 北京时间 (2026-12-07 12:15:03.123 UTC)',
    );
  });

  it('moves to the next day in Beijing after 16:00 UTC', () => {
    assert.equal(
      formatCertificateTime('2026-12-31T16:00:00Z'),
      '2027-01-01 00:00:00 北京时间 (2026-12-31 16:00:00 UTC)',
    );
  });

  it('leaves text that is not an RFC 3339 UTC time unchanged', () => {
    for (const text of ['2026-03-01', 'not a time', '2026-13-45T99:00:00Z', '2026-03-01T08:00:00+08:00']) {
      assert.equal(formatCertificateTime(text), text);
    }
  });
});
