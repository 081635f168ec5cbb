import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateInstanceCode, InstanceCodeHasher } from './instance.ts';

describe('generateInstanceCode', () => {
  it('gives the BLAKE3 multihash and size of the bytes', async () => {
    const result = await generateInstanceCode(new TextEncoder().encode('hello world'));
    assert.equal(result.datahash, '1e20d74981efa70a0c880b8d8c1985d075dbcbf679b99a5f9914e5aaf96b831a9e24');
    assert.equal(result.filesize, 11);
    assert.equal(result.iscc.slice(0, 8), 'ISCC:IAA');
  });

  it('gives the same result for the bytes in pieces, and the hasher can report midway', async () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 13) & 255);
    const whole = await generateInstanceCode(bytes, 128);
    const hasher = new InstanceCodeHasher();
    hasher.update(bytes.subarray(0, 40_000));
    assert.equal(hasher.filesize, 40_000);
    const midway = hasher.result(128);
    hasher.update(bytes.subarray(40_000));
    assert.deepEqual(hasher.result(128), whole);
    assert.notEqual(midway.iscc, whole.iscc);
  });
});
