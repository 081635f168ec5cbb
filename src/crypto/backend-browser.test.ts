import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import * as browser from './backend-browser.ts';
import * as node from './backend-node.ts';
import type { IncrementalHash } from './backend-types.ts';
import { bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
import { CryptoError } from './errors.ts';
import { createSeededRandom, type SeededRandom } from './testdata/seeded-random.ts';
import speccheck from './testdata/ed25519-speccheck.json' with { type: 'json' };

const MAX_INPUT_BYTES = 10 * 1024;

function feedInRandomChunks(hash: IncrementalHash, data: Uint8Array, random: SeededRandom): Uint8Array {
  let offset = 0;
  while (offset < data.length) {
    const end = Math.min(data.length, offset + random.below(random.pick([3, 64, 700, MAX_INPUT_BYTES])));
    hash.update(data.subarray(offset, end));
    offset = end;
  }
  return hash.digest();
}

describe('browser backend hashes', () => {
  for (const [name, browserHash, nodeHash] of [
    ['sha256', browser.sha256, node.sha256],
    ['sm3', browser.sm3, node.sm3],
  ] as const) {
    it(`${name} equals the node backend on 3,000 random inputs of 0 to 10 KB`, () => {
      const random = createSeededRandom(name === 'sha256' ? 256 : 3);
      for (let i = 0; i < 3000; i++) {
        const data = random.bytes(random.below(MAX_INPUT_BYTES + 1));
        assert.equal(bytesToHex(browserHash(data)), bytesToHex(nodeHash(data)), `input ${i}`);
      }
    });
  }

  for (const [name, createBrowser, createNode] of [
    ['createSha256', browser.createSha256, node.createSha256],
    ['createSm3', browser.createSm3, node.createSm3],
  ] as const) {
    it(`${name} equals the node backend when both are fed split at different random points`, () => {
      const random = createSeededRandom(name.length);
      for (let i = 0; i < 1500; i++) {
        const data = random.bytes(random.below(MAX_INPUT_BYTES + 1));
        const fromBrowser = feedInRandomChunks(createBrowser(), data, random);
        const fromNode = feedInRandomChunks(createNode(), data, random);
        assert.equal(bytesToHex(fromBrowser), bytesToHex(fromNode), `input ${i}`);
      }
    });

    it(`${name} refuses to be used after digest, like the node backend`, () => {
      for (const create of [createBrowser, createNode]) {
        const hash = create();
        hash.digest();
        assert.throws(
          () => hash.update(Uint8Array.of(1)),
          (error: unknown) => error instanceof CryptoError && error.code === 'HASH_FINALIZED',
        );
      }
    });
  }
});

describe('browser backend Ed25519', () => {
  it('derives the same public keys and the same signatures as the node backend', () => {
    const random = createSeededRandom(25519);
    for (let i = 0; i < 150; i++) {
      const seed = random.bytes(32);
      const message = random.bytes(random.below(2048));
      assert.equal(bytesToHex(browser.ed25519PublicKey(seed)), bytesToHex(node.ed25519PublicKey(seed)));
      assert.equal(
        bytesToHex(browser.ed25519Sign(seed, message)),
        bytesToHex(node.ed25519Sign(seed, message)),
      );
    }
  });

  it('accepts signatures from the node backend and the node backend accepts its own', () => {
    const random = createSeededRandom(8032);
    for (let i = 0; i < 100; i++) {
      const seed = random.bytes(32);
      const message = random.bytes(random.below(2048));
      const publicKey = node.ed25519PublicKey(seed);
      assert.equal(browser.ed25519Verify(publicKey, message, node.ed25519Sign(seed, message)), true);
      assert.equal(node.ed25519Verify(publicKey, message, browser.ed25519Sign(seed, message)), true);
    }
  });

  it('rejects, like the node backend, a signature with any one bit flipped in key, message or signature', () => {
    const random = createSeededRandom(1);
    for (let i = 0; i < 100; i++) {
      const seed = random.bytes(32);
      const message = random.bytes(1 + random.below(300));
      const publicKey = browser.ed25519PublicKey(seed);
      const signature = browser.ed25519Sign(seed, message);
      const inputs = [publicKey, message, signature].map((bytes) => bytes.slice());
      const target = inputs[i % 3]!;
      const bit = random.below(target.length * 8);
      target[bit >> 3]! ^= 1 << (bit & 7);
      const [key, text, sig] = inputs as [Uint8Array, Uint8Array, Uint8Array];
      assert.equal(browser.ed25519Verify(key, text, sig), false, `flip ${i}`);
      assert.equal(node.ed25519Verify(key, text, sig), false, `flip ${i}`);
    }
  });

  it('agrees with the node backend on the ed25519-speccheck edge cases', () => {
    for (const [i, vector] of speccheck.vectors.entries()) {
      const args = [
        hexToBytes(vector.publicKey),
        hexToBytes(vector.message),
        hexToBytes(vector.signature),
      ] as const;
      assert.equal(browser.ed25519Verify(...args), node.ed25519Verify(...args), `speccheck case ${i}`);
    }
  });

  it('agrees with the node backend on small-order, mixed-order and non-canonical keys and R', () => {
    const Point = ed25519.Point;
    const order = Point.Fn.ORDER;
    const smallOrder = [
      '0100000000000000000000000000000000000000000000000000000000000000',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0000000000000000000000000000000000000000000000000000000000000080',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    ];
    const nonCanonical = [
      '0100000000000000000000000000000000000000000000000000000000000080',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
      'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
      'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    ];
    const torsion = smallOrder.map((encoded) => Point.fromBytes(hexToBytes(encoded), true));
    const littleEndian = (value: bigint) => hexToBytes(value.toString(16).padStart(64, '0')).reverse();
    const fromLittleEndian = (bytes: Uint8Array) => BigInt(`0x${bytesToHex(bytes.slice().reverse())}`);
    const random = createSeededRandom(8);
    const scalar = () => fromLittleEndian(random.bytes(32)) % order || 1n;
    let accepted = 0;
    const compare = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => {
      const expected = node.ed25519Verify(publicKey, message, signature);
      assert.equal(
        browser.ed25519Verify(publicKey, message, signature),
        expected,
        `key ${bytesToHex(publicKey)} sig ${bytesToHex(signature)} msg ${bytesToHex(message)}`,
      );
      if (expected) accepted++;
    };
    const encodings = [...smallOrder, ...nonCanonical];
    for (const a of encodings) {
      for (const r of encodings) {
        for (const s of [0n, 1n, order - 1n, order]) {
          compare(
            hexToBytes(a),
            Uint8Array.of(random.below(256)),
            concatBytes(hexToBytes(r), littleEndian(s)),
          );
        }
      }
    }
    for (let i = 0; i < 256; i++) {
      const a = scalar();
      const r = scalar();
      const publicKey = Point.BASE.multiply(a)
        .add(torsion[i % 8]!)
        .toBytes();
      const encodedR = Point.BASE.multiply(r)
        .add(torsion[(i >> 3) % 8]!)
        .toBytes();
      const message = Uint8Array.of(i);
      const k = fromLittleEndian(sha512(concatBytes(encodedR, publicKey, message))) % order;
      compare(publicKey, message, concatBytes(encodedR, littleEndian((r + k * a) % order)));
    }
    assert.ok(accepted > 0, 'some edge cases must be accepted, or the comparison shows nothing');
  });

  it('returns false, like the node backend, for keys and signatures of the wrong length or off the curve', () => {
    const seed = new Uint8Array(32).fill(7);
    const message = Uint8Array.of(1, 2, 3);
    const publicKey = node.ed25519PublicKey(seed);
    const signature = node.ed25519Sign(seed, message);
    const offCurve = hexToBytes('0200000000000000000000000000000000000000000000000000000000000000');
    for (const [key, sig] of [
      [publicKey.subarray(0, 31), signature],
      [publicKey, signature.subarray(0, 63)],
      [concatBytes(publicKey, Uint8Array.of(0)), signature],
      [offCurve, signature],
    ] as const) {
      assert.equal(browser.ed25519Verify(key, message, sig), false);
      assert.equal(node.ed25519Verify(key, message, sig), false);
    }
  });
});

describe('browser backend randomBytes', () => {
  it('fills requests larger than one getRandomValues call allows', () => {
    const bytes = browser.randomBytes(200_000);
    assert.equal(bytes.length, 200_000);
    const tail = bytes.subarray(150_000);
    assert.ok(
      tail.some((byte) => byte !== 0),
      'the last chunk must be filled too',
    );
  });

  it('returns different bytes on each call', () => {
    assert.notEqual(bytesToHex(browser.randomBytes(32)), bytesToHex(browser.randomBytes(32)));
    assert.equal(browser.randomBytes(0).length, 0);
  });
});
