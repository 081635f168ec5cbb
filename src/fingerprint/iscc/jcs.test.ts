import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { canonicalizeJson } from './jcs.ts';

describe('canonicalizeJson (RFC 8785)', () => {
  it('sorts members by UTF-16 code units at every level and drops whitespace', () => {
    assert.equal(
      canonicalizeJson({ b: [1, { z: null, a: true }], a: 'x', '\u20ac': 1, '\ud83d\ude00': 2, '\u00e9': 3 }),
      '{"a":"x","b":[1,{"a":true,"z":null}],"é":3,"€":1,"😀":2}',
    );
  });

  it('writes numbers in ECMAScript form', () => {
    assert.equal(
      canonicalizeJson([1.0, 1e20, 1e21, -0, 0.1, 1e-7, 333333333.3333333]),
      '[1,100000000000000000000,1e+21,0,0.1,1e-7,333333333.3333333]',
    );
  });

  it('escapes strings as JSON.stringify does', () => {
    assert.equal(canonicalizeJson('"\\\n\u0001é'), '"\\"\\\\\\n\\u0001é"');
  });

  it('rejects values JSON cannot express and self-reference', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [Number.NaN, Infinity, undefined, () => 1, 1n, new Date(0), cyclic, '\ud800']) {
      assert.throws(
        () => canonicalizeJson(value),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
      );
    }
  });
});
