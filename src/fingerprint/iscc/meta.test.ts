import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeIscc } from './codec.ts';
import { generateMetaCode, META_PAYLOAD_MAX_BYTES } from './meta.ts';
import { isccHammingDistance } from './similarity.ts';

function isInputInvalid(error: unknown): boolean {
  return error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID';
}

describe('generateMetaCode', () => {
  it('normalises name and description and reports them', () => {
    const result = generateMetaCode({ name: '  Der  Name\n\n', description: 'Zeile 1\r\n\r\n\r\nZeile 2\t' });
    assert.equal(result.name, 'Der Name');
    assert.equal(result.description, 'Zeile 1\n\nZeile 2');
    assert.match(result.iscc, /^ISCC:AAA/);
    assert.match(result.metahash, /^1e20[0-9a-f]{64}$/);
  });

  it('gives close codes for titles that differ in one word and far codes for unrelated ones', () => {
    const base = generateMetaCode({ name: 'The Neverending Story of the Little Prince' }).iscc;
    const near = generateMetaCode({ name: 'The Neverending Story of the Little Princess' }).iscc;
    const far = generateMetaCode({ name: 'Quarterly report on regional water levels' }).iscc;
    assert.ok(isccHammingDistance(base, near) < isccHammingDistance(base, far));
  });

  it('labels JSON-LD metadata application/ld+json and treats an empty object as no metadata', () => {
    assert.match(
      generateMetaCode({ name: 'x', meta: { '@context': 'https://schema.org' } }).meta!,
      /^data:application\/ld\+json;base64,/,
    );
    assert.deepEqual(generateMetaCode({ name: 'x', meta: {} }), generateMetaCode({ name: 'x' }));
  });

  it('hashes the same bytes whether metadata comes as an object or as its data URL', () => {
    const fromObject = generateMetaCode({ name: 'Work', meta: { b: 2, a: 1 } });
    const fromUrl = generateMetaCode({ name: 'Work', meta: fromObject.meta! });
    assert.equal(fromUrl.iscc, fromObject.iscc);
    assert.equal(fromUrl.metahash, fromObject.metahash);
  });

  it('gives the requested length', () => {
    assert.equal(decodeIscc(generateMetaCode({ name: 'Work', bits: 256 }).iscc).bits, 256);
  });

  it('rejects an empty name, unknown keys, bad bits, and malformed or oversize metadata', () => {
    const big =
      'data:application/octet-stream;base64,' + Buffer.alloc(META_PAYLOAD_MAX_BYTES + 1).toString('base64');
    for (const input of [
      { name: ' \n\t\u200b ' },
      { name: 'ok', title: 'typo' },
      { name: 'ok', bits: 48 },
      { name: 42 },
      { name: 'ok', description: 7 },
      { name: 'ok\ud800' },
      { name: 'ok', meta: 'not a data url' },
      { name: 'ok', meta: [1, 2] },
      { name: 'ok', meta: { when: new Date(0) } },
      { name: 'ok', meta: big },
      null,
    ]) {
      assert.throws(
        () => generateMetaCode(input as never),
        isInputInvalid,
        JSON.stringify(input)?.slice(0, 80),
      );
    }
  });
});
