import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes } from './bytes.ts';
import {
  checkEd25519,
  deriveEd25519PublicKey,
  ED25519_SEED_SIZE,
  generateEd25519Seed,
  randomBytes,
  signEd25519,
} from './ed25519.ts';
import { CryptoError } from './errors.ts';
import rfc8032 from './testdata/ed25519-rfc8032.json' with { type: 'json' };

const keyInvalid = (error: unknown) => error instanceof CryptoError && error.code === 'KEY_INVALID';

function withBitFlipped(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3] = copy[bit >> 3]! ^ (1 << (bit & 7));
  return copy;
}

describe('Ed25519 with the RFC 8032 §7.1 test vectors', () => {
  for (const vector of rfc8032.vectors) {
    const seed = hexToBytes(vector.seed);
    const publicKey = hexToBytes(vector.publicKey);
    const message = hexToBytes(vector.message);
    const signature = hexToBytes(vector.signature);

    it(`${vector.name}: derives the public key`, () => {
      assert.equal(bytesToHex(deriveEd25519PublicKey(seed)), vector.publicKey);
    });

    it(`${vector.name}: signs to the published signature, which verifies`, () => {
      assert.equal(bytesToHex(signEd25519(seed, message)), vector.signature);
      assert.equal(checkEd25519(publicKey, message, signature), true);
    });

    it(`${vector.name}: rejects the signature with any one bit flipped, or under a flipped key`, () => {
      for (let bit = 0; bit < 512; bit++) {
        assert.equal(checkEd25519(publicKey, message, withBitFlipped(signature, bit)), false, `bit ${bit}`);
      }
      for (let bit = 0; bit < 256; bit += 5) {
        assert.equal(
          checkEd25519(withBitFlipped(publicKey, bit), message, signature),
          false,
          `key bit ${bit}`,
        );
      }
      assert.equal(checkEd25519(publicKey, Uint8Array.of(...message, 0), signature), false);
    });
  }
});

describe('signEd25519 and deriveEd25519PublicKey', () => {
  it('refuse seeds that are not 32 bytes', () => {
    for (const seed of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(64), new Uint8Array(0)]) {
      assert.throws(() => signEd25519(seed, Uint8Array.of(1)), keyInvalid);
      assert.throws(() => deriveEd25519PublicKey(seed), keyInvalid);
    }
    assert.throws(() => deriveEd25519PublicKey('seed' as unknown as Uint8Array), keyInvalid);
  });

  it('round-trip with a generated seed', () => {
    const seed = generateEd25519Seed();
    assert.equal(seed.length, ED25519_SEED_SIZE);
    const message = randomBytes(100);
    const signature = signEd25519(seed, message);
    assert.equal(checkEd25519(deriveEd25519PublicKey(seed), message, signature), true);
    assert.notEqual(bytesToHex(generateEd25519Seed()), bytesToHex(seed));
  });
});

describe('checkEd25519', () => {
  it('returns false, without throwing, for wrong lengths and values that are not bytes', () => {
    const vector = rfc8032.vectors[0]!;
    const publicKey = hexToBytes(vector.publicKey);
    const signature = hexToBytes(vector.signature);
    const message = new Uint8Array(0);
    const notBytes = [1, 2, 3] as unknown as Uint8Array;
    assert.equal(checkEd25519(publicKey.subarray(1), message, signature), false);
    assert.equal(checkEd25519(Uint8Array.of(...publicKey, 0), message, signature), false);
    assert.equal(checkEd25519(publicKey, message, signature.subarray(1)), false);
    assert.equal(checkEd25519(publicKey, message, Uint8Array.of(...signature, 0)), false);
    assert.equal(checkEd25519(notBytes, message, signature), false);
    assert.equal(checkEd25519(publicKey, notBytes, signature), false);
    assert.equal(checkEd25519(publicKey, message, notBytes), false);
  });
});
