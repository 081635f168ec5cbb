import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64ToBytes, bytesToBase64, bytesToHex, concatBytes, utf8ToBytes } from './bytes.ts';
import { checkEd25519, signEd25519 } from './ed25519.ts';
import { CryptoError } from './errors.ts';
import {
  computeKeyId,
  createSignerKey,
  formatSignerKey,
  formatVerifierKey,
  isValidKeyName,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  parseSignerKey,
  parseVerifierKey,
  sameVerifierKey,
  toVerifierKey,
} from './keytext.ts';
import c2sp from './testdata/c2sp-keys.json' with { type: 'json' };
import { fuzzStringParser } from './testdata/string-fuzzer.ts';

const hasCode = (code: string) => (error: unknown) => error instanceof CryptoError && error.code === code;
const [exampleKey, peterKey] = c2sp.keys as [
  (typeof c2sp.keys)[number],
  (typeof c2sp.keys)[number] & { signerKey: string },
];

describe('parseVerifierKey with the C2SP vectors', () => {
  for (const vector of c2sp.keys) {
    it(`parses ${vector.name} and formats it back byte for byte`, () => {
      const key = parseVerifierKey(vector.verifierKey);
      assert.equal(key.name, vector.name);
      assert.equal(bytesToHex(key.keyId), vector.keyId);
      assert.equal(key.type, KEY_TYPE_ED25519);
      assert.equal(key.publicKey.length, 32);
      assert.equal(bytesToHex(computeKeyId(key.name, key.type, key.publicKey)), vector.keyId);
      assert.equal(formatVerifierKey(key), vector.verifierKey);
    });

    it(`verifies the ${vector.name} note signature with the parsed key`, () => {
      const key = parseVerifierKey(vector.verifierKey);
      const blob = base64ToBytes(vector.noteSignature);
      assert.equal(bytesToHex(blob.subarray(0, 4)), vector.keyId);
      assert.equal(checkEd25519(key.publicKey, utf8ToBytes(vector.noteText), blob.subarray(4)), true);
      assert.equal(checkEd25519(key.publicKey, utf8ToBytes(`${vector.noteText}.`), blob.subarray(4)), false);
    });
  }

  it('rejects a key whose stated key ID does not match, with both IDs in the details', () => {
    const text = exampleKey.verifierKey.replace('530d903a', '530d903b');
    assert.throws(
      () => parseVerifierKey(text),
      (error: unknown) =>
        hasCode('KEY_ID_MISMATCH')(error) &&
        (error as CryptoError).details.expectedKeyId === '530d903a' &&
        (error as CryptoError).details.statedKeyId === '530d903b',
    );
  });

  it('rejects every key text with any slice cut out of it', () => {
    const text = peterKey.verifierKey;
    for (let i = 0; i < text.length; i++) {
      for (let j = i + 1; j <= text.length; j++) {
        const mangled = text.slice(0, i) + text.slice(j);
        assert.throws(() => parseVerifierKey(mangled), CryptoError, JSON.stringify(mangled));
      }
    }
  });

  it('rejects every key text with any one character replaced', () => {
    const text = exampleKey.verifierKey;
    for (let i = 0; i < text.length; i++) {
      for (const replacement of ['A', 'a', '0', '+', ' ', '/', '=', 'é']) {
        if (text[i] === replacement) continue;
        const mangled = text.slice(0, i) + replacement + text.slice(i + 1);
        assert.throws(() => parseVerifierKey(mangled), CryptoError, JSON.stringify(mangled));
      }
    }
  });

  it('rejects upper-case key IDs, unsupported key types and key material of the wrong length', () => {
    assert.throws(
      () => parseVerifierKey(exampleKey.verifierKey.replace('530d903a', '530D903A')),
      hasCode('KEY_TEXT_INVALID'),
    );
    const publicKey = parseVerifierKey(exampleKey.verifierKey).publicKey;
    const withMaterial = (type: number, key: Uint8Array) => {
      const keyId = bytesToHex(computeKeyId('x', type as typeof KEY_TYPE_ED25519, key));
      return `x+${keyId}+${bytesToBase64(concatBytes(Uint8Array.of(type), key))}`;
    };
    assert.throws(() => parseVerifierKey(withMaterial(0x02, publicKey)), hasCode('KEY_TEXT_INVALID'));
    assert.throws(() => parseVerifierKey(withMaterial(0xff, publicKey)), hasCode('KEY_TEXT_INVALID'));
    assert.throws(
      () => parseVerifierKey(withMaterial(0x01, publicKey.subarray(1))),
      hasCode('KEY_TEXT_INVALID'),
    );
    assert.throws(
      () => parseVerifierKey(withMaterial(0x01, concatBytes(publicKey, Uint8Array.of(0)))),
      hasCode('KEY_TEXT_INVALID'),
    );
    assert.equal(parseVerifierKey(withMaterial(0x01, publicKey)).name, 'x');
  });

  it('rejects a signer key given as a verifier key and values that are not strings', () => {
    assert.throws(() => parseVerifierKey(peterKey.signerKey), hasCode('KEY_TEXT_INVALID'));
    assert.throws(() => parseVerifierKey(undefined as unknown as string), hasCode('KEY_TEXT_INVALID'));
  });
});

describe('parseSignerKey with the C2SP vector', () => {
  it('parses PeterNeumann and formats it back byte for byte', () => {
    const key = parseSignerKey(peterKey.signerKey);
    assert.equal(key.name, 'PeterNeumann');
    assert.equal(bytesToHex(key.keyId), 'c74f20a3');
    assert.equal(key.seed.length, 32);
    assert.equal(formatSignerKey(key), peterKey.signerKey);
  });

  it('derives the published verifier key', () => {
    const signer = parseSignerKey(peterKey.signerKey);
    assert.equal(formatVerifierKey(toVerifierKey(signer)), peterKey.verifierKey);
    assert.equal(sameVerifierKey(toVerifierKey(signer), parseVerifierKey(peterKey.verifierKey)), true);
    assert.equal(sameVerifierKey(toVerifierKey(signer), parseVerifierKey(exampleKey.verifierKey)), false);
  });

  it('signs the published note text to the published signature', () => {
    const signer = parseSignerKey(peterKey.signerKey);
    const signature = signEd25519(signer.seed, utf8ToBytes(peterKey.noteText));
    assert.equal(bytesToBase64(concatBytes(signer.keyId, signature)), peterKey.noteSignature);
  });

  it('rejects a key ID that does not match the key', () => {
    const text = peterKey.signerKey.replace('c74f20a3', 'c74f20a4');
    assert.throws(
      () => parseSignerKey(text),
      (error: unknown) =>
        hasCode('KEY_ID_MISMATCH')(error) && (error as CryptoError).details.expectedKeyId === 'c74f20a3',
    );
  });

  it('rejects a verifier key, a missing prefix and every key text with a slice cut out of it', () => {
    assert.throws(() => parseSignerKey(peterKey.verifierKey), hasCode('KEY_TEXT_INVALID'));
    assert.throws(
      () => parseSignerKey(peterKey.signerKey.slice('PRIVATE+KEY+'.length)),
      hasCode('KEY_TEXT_INVALID'),
    );
    assert.throws(() => parseSignerKey(peterKey.signerKey.toLowerCase()), hasCode('KEY_TEXT_INVALID'));
    const text = peterKey.signerKey;
    for (let i = 0; i < text.length; i += 2) {
      for (let j = i + 1; j <= text.length; j += 3) {
        const mangled = text.slice(0, i) + text.slice(j);
        assert.throws(() => parseSignerKey(mangled), CryptoError, JSON.stringify(mangled));
      }
    }
  });
});

describe('key names', () => {
  it("accepts names with slashes, dots, Unicode letters and U+FEFF, as Go's note package does", () => {
    for (const name of ['example.com/foo', 'PeterNeumann', '司法链/证据', 'a\ufeffb', 'x']) {
      assert.equal(isValidKeyName(name), true, JSON.stringify(name));
    }
  });

  it('rejects empty names, plus signs, every kind of Unicode space and lone surrogates', () => {
    for (const name of [
      '',
      'a+b',
      '+',
      'a b',
      'a\tb',
      'a\nb',
      'a\u000bb',
      'a\u0085b',
      'a\u00a0b',
      'a\u1680b',
      'a\u2003b',
      'a\u2028b',
      'a\u3000b',
      'a\ud800',
    ]) {
      assert.equal(isValidKeyName(name), false, JSON.stringify(name));
      assert.throws(() => createSignerKey(name), hasCode('KEY_TEXT_INVALID'), JSON.stringify(name));
    }
  });

  it('rejects a key text whose name has a space', () => {
    const material = exampleKey.verifierKey.split('+')[2]!;
    assert.throws(
      () => parseVerifierKey(`example.com/foo bar+530d903a+${material}`),
      hasCode('KEY_TEXT_INVALID'),
    );
    assert.throws(
      () => parseVerifierKey(`example.com/foo\u0085+530d903a+${material}`),
      hasCode('KEY_TEXT_INVALID'),
    );
  });
});

describe('createSignerKey', () => {
  it('builds a key from a given seed that formats and parses back', () => {
    const seed = new Uint8Array(32).fill(9);
    const key = createSignerKey('court.sealchain.local/evidence', KEY_TYPE_ED25519, seed);
    assert.deepEqual(parseSignerKey(formatSignerKey(key)), key);
    assert.deepEqual(parseVerifierKey(formatVerifierKey(toVerifierKey(key))), toVerifierKey(key));
  });

  it('gives a cosignature key the same public key but its own key ID', () => {
    const seed = new Uint8Array(32).fill(4);
    const plain = createSignerKey('witness.example', KEY_TYPE_ED25519, seed);
    const cosigner = createSignerKey('witness.example', KEY_TYPE_COSIGNATURE_V1, seed);
    assert.equal(cosigner.type, KEY_TYPE_COSIGNATURE_V1);
    assert.deepEqual(cosigner.publicKey, plain.publicKey);
    assert.notEqual(bytesToHex(cosigner.keyId), bytesToHex(plain.keyId));
    const parsed = parseVerifierKey(formatVerifierKey(toVerifierKey(cosigner)));
    assert.equal(parsed.type, KEY_TYPE_COSIGNATURE_V1);
    assert.equal(sameVerifierKey(parsed, toVerifierKey(plain)), false);
  });

  it('generates a fresh seed when none is given', () => {
    const first = createSignerKey('a');
    const second = createSignerKey('a');
    assert.notEqual(bytesToHex(first.seed), bytesToHex(second.seed));
  });
});

describe('key text parsers under fuzzing', () => {
  const signers = [
    parseSignerKey(peterKey.signerKey),
    createSignerKey('court.sealchain.local/evidence', KEY_TYPE_ED25519, new Uint8Array(32).fill(1)),
    createSignerKey('司法链/证据', KEY_TYPE_ED25519, new Uint8Array(32).fill(2)),
    createSignerKey('w', KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(3)),
  ];
  const verifierCorpus = [
    exampleKey.verifierKey,
    ...signers.map((key) => formatVerifierKey(toVerifierKey(key))),
  ];
  const signerCorpus = signers.map(formatSignerKey);
  const isCryptoError = (error: unknown) => error instanceof CryptoError;

  it('parseVerifierKey throws only CryptoError on 100,000 random and mutated inputs, and accepts only canonical text', () => {
    const report = fuzzStringParser({
      seed: 1,
      count: 100_000,
      corpus: verifierCorpus,
      parse: parseVerifierKey,
      isExpectedError: isCryptoError,
      checkAccepted: (key, input) => assert.equal(formatVerifierKey(key), input),
    });
    assert.ok(report.accepted > 0 && report.rejected > 50_000, JSON.stringify(report));
  });

  it('parseSignerKey throws only CryptoError on 100,000 random and mutated inputs, and accepts only canonical text', () => {
    const report = fuzzStringParser({
      seed: 2,
      count: 100_000,
      corpus: signerCorpus,
      parse: parseSignerKey,
      isExpectedError: isCryptoError,
      checkAccepted: (key, input) => assert.equal(formatSignerKey(key), input),
    });
    assert.ok(report.accepted > 0 && report.rejected > 50_000, JSON.stringify(report));
  });
});
