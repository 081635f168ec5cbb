import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes, utf8ToBytes } from './bytes.ts';
import {
  createHasher,
  formatTaggedDigest,
  hashBytes,
  HASH_ALGORITHMS,
  isHashAlgorithm,
  isTaggedDigest,
  parseTaggedDigest,
  sha256,
  sm3,
  type HashAlgorithm,
} from './digest.ts';
import { CryptoError } from './errors.ts';
import { createSeededRandom } from './testdata/seeded-random.ts';
import { fuzzStringParser } from './testdata/string-fuzzer.ts';
import sm3Vectors from './testdata/sm3.json' with { type: 'json' };

const hasCode = (code: string) => (error: unknown) => error instanceof CryptoError && error.code === code;
const SHA256_OF_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const SM3_OF_ABC = sm3Vectors.vectors[0]!.digest;

describe('hashBytes', () => {
  it('gives the FIPS 180-2 SHA-256 and the GB/T 32905 SM3 digests of "abc"', () => {
    const abc = utf8ToBytes('abc');
    assert.equal(bytesToHex(hashBytes('sha256', abc)), SHA256_OF_ABC);
    assert.equal(bytesToHex(sha256(abc)), SHA256_OF_ABC);
    assert.equal(bytesToHex(hashBytes('sm3', abc)), SM3_OF_ABC);
    assert.equal(bytesToHex(sm3(abc)), SM3_OF_ABC);
  });

  it('throws HASH_ALGORITHM_UNKNOWN for any other name', () => {
    const md5 = 'md5' as HashAlgorithm;
    assert.throws(() => hashBytes(md5, new Uint8Array(0)), hasCode('HASH_ALGORITHM_UNKNOWN'));
    assert.throws(() => createHasher(md5), hasCode('HASH_ALGORITHM_UNKNOWN'));
  });
});

describe('createHasher', () => {
  for (const algorithm of HASH_ALGORITHMS) {
    it(`${algorithm}: chunked input gives the one-shot digest`, () => {
      const random = createSeededRandom(algorithm.length);
      for (let i = 0; i < 200; i++) {
        const data = random.bytes(random.below(4000));
        const hasher = createHasher(algorithm);
        for (let offset = 0; offset < data.length;) {
          const end = Math.min(data.length, offset + 1 + random.below(300));
          hasher.update(data.subarray(offset, end));
          offset = end;
        }
        assert.equal(bytesToHex(hasher.digest()), bytesToHex(hashBytes(algorithm, data)));
      }
    });

    it(`${algorithm}: refuses update and a second digest after digest`, () => {
      const hasher = createHasher(algorithm);
      hasher.digest();
      assert.throws(() => hasher.update(Uint8Array.of(1)), hasCode('HASH_FINALIZED'));
      assert.throws(() => hasher.digest(), hasCode('HASH_FINALIZED'));
    });
  }
});

describe('isHashAlgorithm', () => {
  it('accepts exactly sha256 and sm3', () => {
    assert.equal(isHashAlgorithm('sha256'), true);
    assert.equal(isHashAlgorithm('sm3'), true);
    for (const value of ['SHA256', 'sha-256', 'sha512', '', undefined, 256]) {
      assert.equal(isHashAlgorithm(value), false, String(value));
    }
  });
});

describe('parseTaggedDigest and formatTaggedDigest', () => {
  it('round-trip SHA-256 and SM3 digests', () => {
    for (const text of [`sha256:${SHA256_OF_ABC}`, `sm3:${SM3_OF_ABC}`]) {
      const digest = parseTaggedDigest(text);
      assert.equal(digest.value.length, 32);
      assert.equal(formatTaggedDigest(digest), text);
    }
    const parsed = parseTaggedDigest(`sm3:${SM3_OF_ABC}`);
    assert.equal(parsed.algorithm, 'sm3');
    assert.deepEqual(parsed.value, hexToBytes(SM3_OF_ABC));
  });

  it('rejects upper-case, wrong lengths, unknown tags, missing separators and surrounding space', () => {
    const hex = SHA256_OF_ABC;
    for (const text of [
      `sha256:${hex.toUpperCase()}`,
      `SHA256:${hex}`,
      `sha256:${hex.slice(1)}`,
      `sha256:${hex}0`,
      `sha256:${hex}00`,
      `sha512:${hex}`,
      `sha-256:${hex}`,
      `md5:${hex}`,
      `sha256${hex}`,
      `sha256::${hex}`,
      `sha256: ${hex}`,
      ` sha256:${hex}`,
      `sha256:${hex}\n`,
      `sha256:${hex} `,
      `${hex}`,
      'sha256:',
      '',
    ]) {
      assert.throws(() => parseTaggedDigest(text), hasCode('ENCODING_INVALID'), JSON.stringify(text));
    }
    assert.throws(() => parseTaggedDigest(null as unknown as string), hasCode('ENCODING_INVALID'));
    assert.equal(isTaggedDigest(null), false);
    assert.equal(isTaggedDigest(42), false);
  });
});

describe('parseTaggedDigest under fuzzing', () => {
  it('throws only CryptoError on 100,000 random and mutated inputs, and accepts only canonical text', () => {
    const random = createSeededRandom(5);
    const corpus = Array.from({ length: 20 }, (_, i) =>
      formatTaggedDigest({ algorithm: i % 2 === 0 ? 'sha256' : 'sm3', value: random.bytes(32) }),
    );
    const report = fuzzStringParser({
      seed: 13,
      count: 100_000,
      corpus,
      alphabet: ['sha256', 'sm3', 'SHA256', 'a', 'b', 'f', '0'],
      parse: (input) => {
        let parsed: ReturnType<typeof parseTaggedDigest>;
        try {
          parsed = parseTaggedDigest(input);
        } catch (error) {
          assert.equal(isTaggedDigest(input), false, `isTaggedDigest accepts ${JSON.stringify(input)}`);
          throw error;
        }
        assert.equal(isTaggedDigest(input), true, `isTaggedDigest refuses ${JSON.stringify(input)}`);
        return parsed;
      },
      isExpectedError: (error) => error instanceof CryptoError,
      checkAccepted: (digest, input) => assert.equal(formatTaggedDigest(digest), input),
    });
    assert.ok(report.accepted > 1_000 && report.rejected > 50_000, JSON.stringify(report));
  });
});
