import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeBase32, encodeBase32 } from './base32.ts';

const utf8 = new TextEncoder();

// RFC 4648 §10 test vectors, padding removed.
const RFC_VECTORS: [string, string][] = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

function isInvalid(error: unknown): boolean {
  return error instanceof FingerprintError && error.code === 'ISCC_INVALID';
}

describe('base32', () => {
  it('encodes and decodes the RFC 4648 vectors without padding', () => {
    for (const [text, encoded] of RFC_VECTORS) {
      assert.equal(encodeBase32(utf8.encode(text)), encoded);
      assert.deepEqual(decodeBase32(encoded), utf8.encode(text));
    }
  });

  it('decodes lower case to the same bytes', () => {
    assert.deepEqual(decodeBase32('mzxw6ytboi'), utf8.encode('foobar'));
  });

  it('round-trips every length from 0 to 40 bytes', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + length) & 255);
      assert.deepEqual(decodeBase32(encodeBase32(bytes)), bytes);
    }
  });

  it('rejects padding, characters outside the alphabet, impossible lengths and non-zero trailing bits', () => {
    for (const text of ['MY======', 'MZ1Q', 'MZ XQ', 'M', 'MZX', 'MZXW6Y', 'MZ', 'MZXR', 'Mé']) {
      assert.throws(() => decodeBase32(text), isInvalid, text);
    }
  });
});
