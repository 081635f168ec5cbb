import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes, signEd25519, randomBytes } from '../crypto/index.ts';
import rfc8032 from '../crypto/testdata/ed25519-rfc8032.json' with { type: 'json' };
import { createSodiumSigner, SODIUM_MODULE_PATH } from './fast-ed25519.ts';

describe('createSodiumSigner', () => {
  it('loads sodium-native on this platform (a dependency with a linux-x64 prebuild)', () => {
    assert.notEqual(SODIUM_MODULE_PATH, null);
    assert.notEqual(createSodiumSigner(new Uint8Array(32)), null);
  });

  it('gives the RFC 8032 §7.1 signatures', () => {
    for (const vector of rfc8032.vectors) {
      const sign = createSodiumSigner(hexToBytes(vector.seed))!;
      const signature = new Uint8Array(64);
      sign(hexToBytes(vector.message), signature);
      assert.equal(bytesToHex(signature), vector.signature, vector.name);
    }
  });

  it('gives the same bytes as node:crypto for random keys and messages', () => {
    for (let i = 0; i < 50; i++) {
      const seed = randomBytes(32);
      const message = randomBytes(i * 7);
      const signature = new Uint8Array(64);
      createSodiumSigner(seed)!(message, signature);
      assert.deepEqual(signature, signEd25519(seed, message));
    }
  });

  it('is null when told there is no sodium-native', () => {
    assert.equal(createSodiumSigner(new Uint8Array(32), null), null);
  });
});
