import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { bytesToHex, utf8ToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { createSm3Hash, hashSm3 } from './sm3.ts';
import { createSeededRandom } from './testdata/seeded-random.ts';
import sm3Vectors from './testdata/sm3.json' with { type: 'json' };

function opensslSm3(data: Uint8Array): string {
  return createHash('sm3').update(data).digest('hex');
}

describe('hashSm3', () => {
  for (const vector of sm3Vectors.vectors) {
    it(`gives the GB/T 32905-2016 digest of "${vector.message.slice(0, 16)}…" (${vector.message.length} bytes)`, () => {
      assert.equal(bytesToHex(hashSm3(utf8ToBytes(vector.message))), vector.digest);
    });
  }

  it('matches OpenSSL at every length around the padding boundaries', () => {
    const random = createSeededRandom(3);
    for (let length = 0; length <= 260; length++) {
      const data = random.bytes(length);
      assert.equal(bytesToHex(hashSm3(data)), opensslSm3(data), `length ${length}`);
    }
  });

  it('matches OpenSSL on 2,000 random inputs of 0 to 10 KB', () => {
    const random = createSeededRandom(32905);
    for (let i = 0; i < 2000; i++) {
      const data = random.bytes(random.below(10 * 1024 + 1));
      assert.equal(bytesToHex(hashSm3(data)), opensslSm3(data), `input ${i}, length ${data.length}`);
    }
  });

  it('hashes a subarray view, not its whole underlying buffer', () => {
    const buffer = createSeededRandom(4).bytes(300);
    const view = buffer.subarray(7, 250);
    assert.equal(bytesToHex(hashSm3(view)), opensslSm3(buffer.slice(7, 250)));
  });
});

describe('createSm3Hash', () => {
  it('gives the one-shot digest whatever the chunking', () => {
    const random = createSeededRandom(17);
    for (let i = 0; i < 1000; i++) {
      const data = random.bytes(random.below(10 * 1024 + 1));
      const hash = createSm3Hash();
      let offset = 0;
      while (offset < data.length) {
        const end = Math.min(data.length, offset + random.below(random.pick([2, 65, 200, 5000])));
        hash.update(data.subarray(offset, end));
        offset = end;
      }
      hash.update(new Uint8Array(0));
      assert.equal(bytesToHex(hash.digest()), opensslSm3(data), `input ${i}, length ${data.length}`);
    }
  });

  it('refuses update and digest after digest', () => {
    const hash = createSm3Hash().update(Uint8Array.of(1));
    hash.digest();
    const finalized = (error: unknown) => error instanceof CryptoError && error.code === 'HASH_FINALIZED';
    assert.throws(() => hash.update(Uint8Array.of(2)), finalized);
    assert.throws(() => hash.digest(), finalized);
  });
});
