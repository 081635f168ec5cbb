import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBeijingDay, readWorkType } from './daily-count.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readBeijingDay', () => {
  it('puts a time from 16:00 UTC on into the next Beijing day', () => {
    assert.equal(readBeijingDay('2026-12-07T15:59:59.999Z'), '2026-12-07');
    assert.equal(readBeijingDay('2026-12-07T16:00:00.000Z'), '2026-12-08');
    assert.equal(readBeijingDay('2026-12-31T20:00:00.000Z'), '2027-01-01');
  });

  it('answers the epoch day for a string that is not a time, never throwing', () => {
    assert.equal(readBeijingDay('not a time'), '1970-01-01');
  });
});

describe('readWorkType', () => {
  it("reads a work entry's workType", () => {
    const entry = utf8('{"digest":"sha256:00","meta":{"workType":"image"},"type":"work","v":1}');
    assert.equal(readWorkType('work', entry), 'image');
  });

  it('answers empty for other types, hostile values and broken bytes', () => {
    assert.equal(readWorkType('evidence', utf8('{"meta":{"workType":"image"}}')), '');
    assert.equal(readWorkType('work', utf8('{"meta":{"workType":"<script>"}}')), '');
    assert.equal(readWorkType('work', utf8(`{"meta":{"workType":"${'a'.repeat(40)}"}}`)), '');
    assert.equal(readWorkType('work', utf8('{"meta":{"workType":7}}')), '');
    assert.equal(readWorkType('work', utf8('{"meta":')), '');
    assert.equal(readWorkType('work', utf8('null')), '');
  });
});
