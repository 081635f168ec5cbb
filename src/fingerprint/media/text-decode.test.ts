import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeTextBytes, detectTextEncoding, looksLikeText } from './text-decode.ts';

const isTextInvalid = (error: unknown) => error instanceof FingerprintError && error.code === 'TEXT_INVALID';

describe('decodeTextBytes', () => {
  it('drops a UTF-8 byte order mark and keeps the rest', () => {
    assert.equal(decodeTextBytes(Uint8Array.of(0xef, 0xbb, 0xbf, 0x68, 0x69)), 'hi');
    assert.equal(decodeTextBytes(Uint8Array.of(0x68, 0x69)), 'hi');
  });

  it('decodes UTF-16 named by its byte order mark', () => {
    assert.equal(decodeTextBytes(Uint8Array.of(0xff, 0xfe, 0x2d, 0x4e)), '中');
    assert.equal(decodeTextBytes(Uint8Array.of(0xfe, 0xff, 0x4e, 0x2d)), '中');
    assert.deepEqual(detectTextEncoding(Uint8Array.of(0xfe, 0xff)), { encoding: 'utf-16be', bomBytes: 2 });
  });

  it('rejects invalid UTF-8, NUL bytes and mostly-control data', () => {
    assert.throws(() => decodeTextBytes(Uint8Array.of(0x63, 0xe9, 0x74)), isTextInvalid);
    assert.throws(() => decodeTextBytes(Uint8Array.of(0x61, 0x00, 0x62)), isTextInvalid);
    assert.throws(
      () => decodeTextBytes(Uint8Array.from({ length: 200 }, (_, i) => (i % 2 ? 0x01 : 0x61))),
      isTextInvalid,
    );
    assert.throws(
      () => decodeTextBytes(Uint8Array.of(0xff, 0xfe, 0x00, 0xd8)),
      isTextInvalid,
      'lone surrogate',
    );
  });

  it('accepts tabs, form feeds and CRLF line ends as text', () => {
    assert.equal(decodeTextBytes(new TextEncoder().encode('a\tb\r\nc\fd')), 'a\tb\r\nc\fd');
  });
});

describe('looksLikeText', () => {
  it('accepts a sample cut inside a multi-byte character', () => {
    const bytes = new TextEncoder().encode('文字文字');
    assert.equal(looksLikeText(bytes.subarray(0, 5)), true);
    assert.throws(() => decodeTextBytes(bytes.subarray(0, 5)), isTextInvalid);
  });

  it('rejects the start of a PNG or a ZIP', () => {
    assert.equal(looksLikeText(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)), false);
    assert.equal(looksLikeText(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00)), false);
  });
});
