import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  bytesToUtf8,
  concatBytes,
  equalBytes,
  hexToBytes,
  utf8ToBytes,
} from './bytes.ts';
import { CryptoError } from './errors.ts';
import { createSeededRandom } from './testdata/seeded-random.ts';
import { fuzzStringParser } from './testdata/string-fuzzer.ts';

const encodingInvalid = (error: unknown) => error instanceof CryptoError && error.code === 'ENCODING_INVALID';
const notAString = 42 as unknown as string;

describe('hex', () => {
  it('round-trips random bytes and agrees with Buffer', () => {
    const random = createSeededRandom(16);
    for (let i = 0; i < 500; i++) {
      const bytes = random.bytes(random.below(100));
      const hex = bytesToHex(bytes);
      assert.equal(hex, Buffer.from(bytes).toString('hex'));
      assert.deepEqual(hexToBytes(hex), bytes);
    }
  });

  it('encodes inputs longer than one scratch chunk (8,192 characters) whole', () => {
    const random = createSeededRandom(17);
    for (const length of [4095, 4096, 4097, 20_000]) {
      const bytes = random.bytes(length);
      assert.equal(bytesToHex(bytes), Buffer.from(bytes).toString('hex'), `${length} bytes`);
    }
  });

  it('reads upper- and mixed-case digits', () => {
    assert.deepEqual(hexToBytes('00fFaB'), Uint8Array.of(0x00, 0xff, 0xab));
    assert.deepEqual(hexToBytes(''), new Uint8Array(0));
  });

  it('rejects odd lengths, prefixes, signs, spaces and non-ASCII digits', () => {
    for (const text of [
      '0',
      'abc',
      '0x00',
      '+1',
      '-1',
      ' 00',
      '00 ',
      '00\n',
      '0g',
      'zz',
      '０１',
      '٠١',
      '0\u0000',
    ]) {
      assert.throws(() => hexToBytes(text), encodingInvalid, JSON.stringify(text));
    }
    assert.throws(() => hexToBytes(notAString), encodingInvalid);
  });
});

describe('base64', () => {
  it('encodes and decodes the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [text, encoded] of vectors) {
      assert.equal(bytesToBase64(utf8ToBytes(text)), encoded);
      assert.equal(bytesToUtf8(base64ToBytes(encoded)), text);
    }
  });

  it('round-trips random bytes and agrees with Buffer', () => {
    const random = createSeededRandom(64);
    for (let i = 0; i < 500; i++) {
      const bytes = random.bytes(random.below(100));
      const encoded = bytesToBase64(bytes);
      assert.equal(encoded, Buffer.from(bytes).toString('base64'));
      assert.deepEqual(base64ToBytes(encoded), bytes);
    }
  });

  it('encodes inputs longer than one scratch chunk (8,192 characters) whole', () => {
    const random = createSeededRandom(65);
    for (const length of [6143, 6144, 6145, 30_001]) {
      const bytes = random.bytes(length);
      assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'), `${length} bytes`);
    }
  });

  it('rejects non-zero padding bits, so each byte string has one text form', () => {
    for (const text of ['Zh==', 'Zn==', 'Zm9=', 'Zm+=', 'AB==', 'AAB=', '//==', '///=']) {
      assert.throws(() => base64ToBytes(text), encodingInvalid, text);
    }
    assert.deepEqual(base64ToBytes('AA=='), Uint8Array.of(0));
    assert.deepEqual(base64ToBytes('AAA='), Uint8Array.of(0, 0));
  });

  it('rejects missing or extra padding, URL-safe letters, whitespace and stray characters', () => {
    for (const text of [
      'Zg',
      'Zg=',
      'Zg===',
      'Zm8',
      '=',
      '====',
      'Z===',
      'Zg=a',
      'Zg==Zg==',
      'Zm9v\n',
      ' Zm9v',
      'Zm 9v',
      'Zm9-',
      'Zm9_',
      'Zm9v.',
      'Zm9vä===',
    ]) {
      assert.throws(() => base64ToBytes(text), encodingInvalid, JSON.stringify(text));
    }
    assert.throws(() => base64ToBytes(notAString), encodingInvalid);
  });
});

describe('utf8', () => {
  it('round-trips text from every plane', () => {
    const text = 'a é 中文 𝄞 😀 \u0000 \uffff';
    assert.equal(bytesToUtf8(utf8ToBytes(text)), text);
  });

  it('keeps a leading byte order mark rather than dropping it', () => {
    const bytes = Uint8Array.of(0xef, 0xbb, 0xbf, 0x61);
    assert.equal(bytesToUtf8(bytes), '\ufeffa');
    assert.deepEqual(utf8ToBytes(bytesToUtf8(bytes)), bytes);
  });

  it('rejects overlong forms, encoded surrogates, truncation, stray continuation bytes and code points past U+10FFFF', () => {
    for (const bytes of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xe4, 0xb8],
      [0x80],
      [0xff],
      [0xfe],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0x61, 0xc3],
    ]) {
      assert.throws(
        () => bytesToUtf8(Uint8Array.from(bytes)),
        encodingInvalid,
        bytesToHex(Uint8Array.from(bytes)),
      );
    }
  });

  it('refuses to encode lone surrogates instead of replacing them with U+FFFD', () => {
    for (const text of ['\ud800', 'a\udfff', '\udc00\ud800', 'x\ud83d']) {
      assert.throws(() => utf8ToBytes(text), encodingInvalid, JSON.stringify(text));
    }
    assert.deepEqual(utf8ToBytes('\ud83d\ude00'), Uint8Array.of(0xf0, 0x9f, 0x98, 0x80));
  });
});

describe('concatBytes and equalBytes', () => {
  it('concatenates in order, including empty parts', () => {
    const joined = concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3));
    assert.deepEqual(joined, Uint8Array.of(1, 2, 3));
    assert.deepEqual(concatBytes(), new Uint8Array(0));
  });

  it('compares content and length', () => {
    assert.equal(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), true);
    assert.equal(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3)), false);
    assert.equal(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0)), false);
    assert.equal(equalBytes(new Uint8Array(0), new Uint8Array(0)), true);
  });
});

describe('byte decoders under fuzzing', () => {
  const random = createSeededRandom(99);
  const samples = Array.from({ length: 40 }, (_, i) => random.bytes(i < 8 ? i : random.below(48)));
  const isCryptoError = (error: unknown) => error instanceof CryptoError;

  it('hexToBytes throws only CryptoError on 100,000 random and mutated inputs, and decodes what it accepts', () => {
    const report = fuzzStringParser({
      seed: 11,
      count: 100_000,
      corpus: samples.map(bytesToHex),
      alphabet: ['A', 'b', 'c', 'D', 'e', '7', '0x'],
      parse: hexToBytes,
      isExpectedError: isCryptoError,
      checkAccepted: (bytes, input) => assert.equal(bytesToHex(bytes), input.toLowerCase()),
    });
    assert.ok(report.accepted > 10_000 && report.rejected > 10_000, JSON.stringify(report));
  });

  it('base64ToBytes throws only CryptoError on 100,000 random and mutated inputs, and accepts only canonical text', () => {
    const report = fuzzStringParser({
      seed: 12,
      count: 100_000,
      corpus: samples.map(bytesToBase64),
      alphabet: ['=', '==', 'A', 'Q', 'g', 'w', '8', '+', '/', '-', '_'],
      parse: base64ToBytes,
      isExpectedError: isCryptoError,
      checkAccepted: (bytes, input) => assert.equal(bytesToBase64(bytes), input),
    });
    assert.ok(report.accepted > 5_000 && report.rejected > 10_000, JSON.stringify(report));
  });

  it('bytesToUtf8 throws only CryptoError on 100,000 random and mutated byte strings, and round-trips what it accepts', () => {
    const corpus = ['plain ascii', 'é中😀\u0000', '\ufeffBOM', '司法链 evidence'].map(utf8ToBytes);
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      let bytes: Uint8Array;
      if (i % 10 === 0) {
        bytes = random.bytes(random.below(12));
      } else {
        bytes = random.pick(corpus).slice();
        for (let e = 0; e <= random.below(3); e++) {
          const at = random.below(bytes.length);
          bytes[at] = random.below(2) === 0 ? random.below(256) : bytes[at]! ^ (1 << random.below(8));
        }
      }
      let text: string;
      try {
        text = bytesToUtf8(bytes);
      } catch (error) {
        if (!(error instanceof CryptoError)) assert.fail(`input ${bytesToHex(bytes)} threw ${String(error)}`);
        continue;
      }
      if (!equalBytes(utf8ToBytes(text), bytes))
        assert.fail(`input ${bytesToHex(bytes)} does not round-trip`);
      accepted++;
    }
    assert.ok(accepted > 10_000 && accepted < 90_000, `accepted ${accepted}`);
  });
});
