import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from './bytes.ts';
import { sm3 } from './digest.ts';
import { CryptoError } from './errors.ts';
import {
  checkSm2,
  computeSm2Za,
  DEFAULT_SM2_OPTIONS,
  deriveSm2PublicKey,
  generateSm2PrivateKey,
  SM2_DEFAULT_ID,
  signSm2,
} from './sm2.ts';
import { createSeededRandom } from './testdata/seeded-random.ts';
import opensslVectors from './testdata/sm2-openssl.json' with { type: 'json' };
import standardVectors from './testdata/sm2-standard.json' with { type: 'json' };

const ORDER = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const standard = standardVectors.vectors[0]!;
const standardKey = hexToBytes(standard.privateKey);
const standardPublicKey = hexToBytes(standard.publicKey);
const standardMessage = utf8ToBytes(standard.message);
const standardSignature = hexToBytes(standard.r + standard.s);

function scalarBytes(value: bigint): Uint8Array {
  return hexToBytes(value.toString(16).padStart(64, '0'));
}

function withBitFlipped(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3] = copy[bit >> 3]! ^ (1 << (bit & 7));
  return copy;
}

function hasCode(code: string) {
  return (error: unknown) => error instanceof CryptoError && error.code === code;
}

describe('SM2 with the GB/T 32918.5 Annex A example', () => {
  it('derives the published public key from the private key', () => {
    assert.equal(bytesToHex(deriveSm2PublicKey(standardKey)), standard.publicKey);
  });

  it('computes the published Z_A and e', () => {
    const za = computeSm2Za(standardPublicKey, standard.id);
    assert.equal(bytesToHex(za), standard.za);
    assert.equal(bytesToHex(sm3(concatBytes(za, standardMessage))), standard.e);
  });

  it('signs with the published k to the published r and s', () => {
    const signature = signSm2(standardKey, standardMessage, { id: standard.id, k: hexToBytes(standard.k) });
    assert.equal(bytesToHex(signature), standard.r + standard.s);
  });

  it('verifies the published signature with the default ID', () => {
    assert.equal(standard.id, SM2_DEFAULT_ID);
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature), true);
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature, DEFAULT_SM2_OPTIONS), true);
  });

  it('rejects the published signature with any one bit of the message, or one of every three of r ‖ s, flipped', () => {
    for (let bit = 0; bit < standardMessage.length * 8; bit++) {
      assert.equal(
        checkSm2(standardPublicKey, withBitFlipped(standardMessage, bit), standardSignature),
        false,
      );
    }
    for (let bit = 0; bit < 512; bit += 3) {
      assert.equal(
        checkSm2(standardPublicKey, standardMessage, withBitFlipped(standardSignature, bit)),
        false,
      );
    }
  });

  it('rejects the published signature under a key with one bit flipped or under another ID', () => {
    for (let bit = 8; bit < 520; bit++) {
      assert.equal(
        checkSm2(withBitFlipped(standardPublicKey, bit), standardMessage, standardSignature),
        false,
      );
    }
    const other = deriveSm2PublicKey(withBitFlipped(standardKey, 0));
    assert.equal(checkSm2(other, standardMessage, standardSignature), false);
    assert.equal(
      checkSm2(standardPublicKey, standardMessage, standardSignature, { id: '1234567812345679' }),
      false,
    );
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature, { id: '' }), false);
  });
});

describe('checkSm2 on signatures made by OpenSSL', () => {
  for (const [i, vector] of opensslVectors.vectors.entries()) {
    it(`verifies vector ${i} (ID of ${vector.id.length / 2} bytes, message of ${vector.message.length / 2} bytes)`, () => {
      const publicKey = hexToBytes(vector.publicKey);
      const message = hexToBytes(vector.message);
      const signature = hexToBytes(vector.signature);
      assert.equal(bytesToHex(deriveSm2PublicKey(hexToBytes(vector.privateKey))), vector.publicKey);
      assert.equal(checkSm2(publicKey, message, signature, { id: hexToBytes(vector.id) }), true);
      assert.equal(checkSm2(publicKey, message, signature, { id: hexToBytes(`${vector.id}00`) }), false);
      assert.equal(
        checkSm2(publicKey, withBitFlipped(concatBytes(message, Uint8Array.of(0)), 3), signature),
        false,
      );
    });
  }
});

describe('signSm2', () => {
  it('makes signatures that verify, for random keys, messages and IDs', () => {
    const random = createSeededRandom(32918);
    for (let i = 0; i < 25; i++) {
      const privateKey = generateSm2PrivateKey();
      const publicKey = deriveSm2PublicKey(privateKey);
      const message = random.bytes(random.below(3000));
      const id = random.bytes(random.below(40));
      const signature = signSm2(privateKey, message, { id });
      assert.equal(signature.length, 64);
      assert.equal(checkSm2(publicKey, message, signature, { id }), true, `round ${i}`);
      assert.equal(checkSm2(publicKey, message, signature), false, `round ${i}: default ID`);
    }
  });

  it('makes signatures that verify with a caller-chosen random k', () => {
    for (let i = 0; i < 10; i++) {
      const k = generateSm2PrivateKey();
      const signature = signSm2(standardKey, standardMessage, { k });
      assert.equal(checkSm2(standardPublicKey, standardMessage, signature), true);
    }
  });

  it('is deterministic without k, and the nonce changes with the message and the ID', () => {
    const first = signSm2(standardKey, standardMessage);
    assert.equal(bytesToHex(signSm2(standardKey, standardMessage)), bytesToHex(first));
    const otherMessage = signSm2(standardKey, utf8ToBytes('message digesT'));
    const otherId = signSm2(standardKey, standardMessage, { id: 'ALICE123@YAHOO.COM' });
    assert.notEqual(bytesToHex(otherMessage.subarray(0, 32)), bytesToHex(first.subarray(0, 32)));
    assert.notEqual(bytesToHex(otherId.subarray(0, 32)), bytesToHex(first.subarray(0, 32)));
  });

  it('accepts an ID of 8191 bytes, the most ENTL can state, and refuses 8192', () => {
    const longest = new Uint8Array(8191).fill(0x41);
    const signature = signSm2(standardKey, standardMessage, { id: longest });
    assert.equal(checkSm2(standardPublicKey, standardMessage, signature, { id: longest }), true);
    assert.throws(
      () => signSm2(standardKey, standardMessage, { id: new Uint8Array(8192) }),
      hasCode('OPTIONS_INVALID'),
    );
    assert.equal(
      checkSm2(standardPublicKey, standardMessage, signature, { id: new Uint8Array(8192) }),
      false,
    );
  });

  it('refuses private keys outside [1, n-2] or not 32 bytes', () => {
    for (const privateKey of [
      scalarBytes(0n),
      scalarBytes(ORDER - 1n),
      scalarBytes(ORDER),
      new Uint8Array(32).fill(0xff),
      new Uint8Array(31).fill(1),
      new Uint8Array(33).fill(1),
    ]) {
      assert.throws(() => signSm2(privateKey, standardMessage), hasCode('KEY_INVALID'));
      assert.throws(() => deriveSm2PublicKey(privateKey), hasCode('KEY_INVALID'));
    }
    assert.equal(deriveSm2PublicKey(scalarBytes(ORDER - 2n)).length, 65);
    assert.equal(deriveSm2PublicKey(scalarBytes(1n)).length, 65);
  });

  it('refuses a k that is 0, n or not 32 bytes, and unknown options', () => {
    for (const k of [scalarBytes(0n), scalarBytes(ORDER), new Uint8Array(31).fill(1)]) {
      assert.throws(() => signSm2(standardKey, standardMessage, { k }), hasCode('OPTIONS_INVALID'));
    }
    const unknown = { id: SM2_DEFAULT_ID, hash: 'sha256' } as unknown as { id: string };
    assert.throws(() => signSm2(standardKey, standardMessage, unknown), hasCode('OPTIONS_INVALID'));
  });
});

describe('checkSm2 on malformed input', () => {
  const r = BigInt(`0x${standard.r}`);
  const s = BigInt(`0x${standard.s}`);
  const signatureOf = (rValue: bigint, sValue: bigint) =>
    concatBytes(scalarBytes(rValue), scalarBytes(sValue));

  it('returns false for r or s of 0 or n, or with r + s = n', () => {
    for (const signature of [
      signatureOf(0n, s),
      signatureOf(r, 0n),
      signatureOf(ORDER, s),
      signatureOf(r, ORDER),
      signatureOf(ORDER + 1n, s),
      signatureOf(r, ORDER - r),
    ]) {
      assert.equal(checkSm2(standardPublicKey, standardMessage, signature), false);
    }
  });

  it('returns false for public keys that are compressed, short, off the curve or out of the field', () => {
    const x = standardPublicKey.subarray(1, 33);
    const y = standardPublicKey.subarray(33);
    const compressed = concatBytes(Uint8Array.of(2 + (y[31]! & 1)), x);
    const p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
    for (const publicKey of [
      compressed,
      standardPublicKey.subarray(1),
      concatBytes(Uint8Array.of(0x06), x, y),
      concatBytes(Uint8Array.of(0x04), x, withBitFlipped(y, 0)),
      concatBytes(Uint8Array.of(0x04), scalarBytes(p), y),
      concatBytes(Uint8Array.of(0x04), x, scalarBytes(p)),
      new Uint8Array(65),
      Uint8Array.of(0),
      new Uint8Array(0),
    ]) {
      assert.equal(checkSm2(publicKey, standardMessage, standardSignature), false);
    }
  });

  it('returns false, without throwing, for signatures of the wrong length and values of the wrong type', () => {
    const notBytes = 'not bytes' as unknown as Uint8Array;
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature.subarray(0, 63)), false);
    assert.equal(
      checkSm2(standardPublicKey, standardMessage, concatBytes(standardSignature, Uint8Array.of(0))),
      false,
    );
    assert.equal(checkSm2(notBytes, standardMessage, standardSignature), false);
    assert.equal(checkSm2(standardPublicKey, notBytes, standardSignature), false);
    assert.equal(checkSm2(standardPublicKey, standardMessage, notBytes), false);
    const badId = { id: 42 } as unknown as { id: string };
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature, badId), false);
    const unknownOption = { id: SM2_DEFAULT_ID, k: new Uint8Array(32) } as unknown as { id: string };
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature, unknownOption), false);
    assert.equal(checkSm2(standardPublicKey, standardMessage, standardSignature, { id: '\ud800' }), false);
  });

  it('never throws on a thousand random signatures and keys', () => {
    const random = createSeededRandom(7);
    for (let i = 0; i < 1000; i++) {
      const publicKey =
        random.below(2) === 0 ? standardPublicKey : random.bytes(random.pick([0, 33, 64, 65, 66]));
      const signature = random.bytes(random.pick([0, 63, 64, 64, 65]));
      assert.equal(checkSm2(publicKey, random.bytes(random.below(100)), signature), false);
    }
  });
});

describe('generateSm2PrivateKey', () => {
  it('returns distinct 32-byte keys that derive public keys', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const privateKey = generateSm2PrivateKey();
      assert.equal(privateKey.length, 32);
      assert.equal(deriveSm2PublicKey(privateKey)[0], 0x04);
      keys.add(bytesToHex(privateKey));
    }
    assert.equal(keys.size, 20);
  });
});
