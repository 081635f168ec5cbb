import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes, signEd25519, randomBytes } from '../crypto/index.ts';
import { createSodiumSigner, SODIUM_MODULE_PATH } from './fast-ed25519.ts';

// RFC 8032 §7.1, Ed25519 tests 1, 2 and 3 (seed = the 32-byte secret key).
const RFC8032_VECTORS = [
  {
    name: 'TEST 1',
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

describe('createSodiumSigner', () => {
  it('loads sodium-native on this platform (a dependency with a linux-x64 prebuild)', () => {
    assert.notEqual(SODIUM_MODULE_PATH, null);
    assert.notEqual(createSodiumSigner(new Uint8Array(32)), null);
  });

  it('gives the RFC 8032 §7.1 signatures', () => {
    for (const vector of RFC8032_VECTORS) {
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
