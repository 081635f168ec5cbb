import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes, utf8ToBytes } from './bytes.ts';
import { computeHmac } from './hmac.ts';
import { createSeededRandom } from './testdata/seeded-random.ts';

describe('computeHmac', () => {
  it('gives the RFC 4231 test case 2 HMAC-SHA-256', () => {
    const mac = computeHmac('sha256', utf8ToBytes('Jefe'), utf8ToBytes('what do ya want for nothing?'));
    assert.equal(bytesToHex(mac), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('gives the RFC 4231 test case 6 HMAC-SHA-256 with a key longer than a block', () => {
    const key = hexToBytes('aa'.repeat(131));
    const mac = computeHmac(
      'sha256',
      key,
      utf8ToBytes('Test Using Larger Than Block-Size Key - Hash Key First'),
    );
    assert.equal(bytesToHex(mac), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  for (const algorithm of ['sha256', 'sm3'] as const) {
    it(`equals OpenSSL's HMAC-${algorithm} for keys shorter than, equal to and longer than a block`, () => {
      const random = createSeededRandom(algorithm.length);
      for (let i = 0; i < 300; i++) {
        const key = random.bytes(random.pick([0, 1, 32, 63, 64, 65, 200]));
        const message = random.bytes(random.below(1000));
        const expected = createHmac(algorithm, key).update(message).digest('hex');
        assert.equal(bytesToHex(computeHmac(algorithm, key, message)), expected, `case ${i}`);
      }
    });
  }
});
