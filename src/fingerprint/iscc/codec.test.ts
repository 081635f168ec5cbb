import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { encodeBase32 } from './base32.ts';
import { decodeIscc, encodeIscc } from './codec.ts';
import { encodeHeader } from './header.ts';

function isInvalid(error: unknown): boolean {
  return error instanceof FingerprintError && error.code === 'ISCC_INVALID';
}

function codeOf(header: Parameters<typeof encodeHeader>[0], bodyBytes: number): string {
  const headerBytes = encodeHeader(header);
  const bytes = new Uint8Array(headerBytes.length + bodyBytes);
  bytes.set(headerBytes);
  return `ISCC:${encodeBase32(bytes)}`;
}

describe('decodeIscc', () => {
  it('decodes a Meta-Code into type, sub type, length and digest', () => {
    const decoded = decodeIscc('ISCC:AAAZXZ6OU74YAZIM');
    assert.deepEqual(decoded, {
      iscc: 'ISCC:AAAZXZ6OU74YAZIM',
      mainType: 'META',
      subType: 'NONE',
      version: 0,
      bits: 64,
      digest: Uint8Array.of(0x9b, 0xe7, 0xce, 0xa7, 0xf9, 0x80, 0x65, 0x0c),
    });
  });

  it('accepts the code without prefix and in lower case, and answers its canonical form', () => {
    assert.equal(decodeIscc('iscc:eaaskdnznyguuf5a').iscc, 'ISCC:EAASKDNZNYGUUF5A');
    assert.equal(decodeIscc('EAASKDNZNYGUUF5A').iscc, 'ISCC:EAASKDNZNYGUUF5A');
  });

  it('decodes a composite ISCC-CODE and lists its units', () => {
    const decoded = decodeIscc('ISCC:KACYPXW445FTYNJ3CYSXHAFJMA2HUWULUNRFE3BLHRSCXYH2M5AEGQY');
    assert.equal(decoded.mainType, 'ISCC');
    assert.equal(decoded.subType, 'TEXT');
    assert.equal(decoded.bits, 256);
    assert.deepEqual(decoded.units, ['META', 'CONTENT', 'DATA', 'INSTANCE']);
  });

  it('rejects a body shorter or longer than the header announces', () => {
    assert.throws(() => decodeIscc(codeOf({ mainType: 0, subType: 0, version: 0, length: 1 }, 7)), isInvalid);
    assert.throws(
      () => decodeIscc(codeOf({ mainType: 0, subType: 0, version: 0, length: 1 }, 9)),
      (error) => {
        return isInvalid(error) && (error as FingerprintError).details.expectedBits === 64;
      },
    );
  });

  it('rejects versions other than 0, unknown sub types and units over 256 bits', () => {
    assert.throws(() => decodeIscc(codeOf({ mainType: 2, subType: 0, version: 1, length: 1 }, 8)), isInvalid);
    assert.throws(() => decodeIscc(codeOf({ mainType: 0, subType: 1, version: 0, length: 1 }, 8)), isInvalid);
    assert.throws(() => decodeIscc(codeOf({ mainType: 2, subType: 5, version: 0, length: 1 }, 8)), isInvalid);
    assert.throws(
      () => decodeIscc(codeOf({ mainType: 3, subType: 0, version: 0, length: 8 }, 36)),
      isInvalid,
    );
  });

  it('rejects a composite whose sub type contradicts its units', () => {
    // SUM with a Meta-Code; NONE without one; TEXT without a Content-Code; WIDE with a Meta-Code.
    for (const [subType, length] of [
      [5, 4],
      [6, 0],
      [0, 4],
      [7, 4],
    ] as const) {
      const bits = (length === 4 ? 3 : 2) * 64;
      assert.throws(
        () => decodeIscc(codeOf({ mainType: 5, subType, version: 0, length }, bits / 8)),
        (error) => isInvalid(error) && /sub type does not match/.test((error as Error).message),
      );
    }
  });

  it('rejects non-strings, empty and oversize text, and stray characters', () => {
    for (const input of [
      undefined,
      42,
      '',
      'ISCC:',
      'ISCC:AAAZXZ6OU74YAZI',
      'AAAZXZ6OU74YAZIM ',
      'ISCC:AAAZXZ6O-U74YAZIM',
    ]) {
      assert.throws(() => decodeIscc(input as string), isInvalid, String(input));
    }
    assert.throws(() => decodeIscc('A'.repeat(2000)), isInvalid);
  });
});

describe('encodeIscc', () => {
  it('encodes a unit that decodes back to the same fields', () => {
    const digest = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    for (const bits of [32, 64, 128, 256]) {
      const code = encodeIscc({ mainType: 'CONTENT', subType: 'AUDIO', bits, digest });
      const decoded = decodeIscc(code);
      assert.equal(decoded.subType, 'AUDIO');
      assert.equal(decoded.bits, bits);
      assert.deepEqual(decoded.digest, digest.subarray(0, bits / 8));
    }
  });

  it('reproduces a reference Meta-Code from its digest', () => {
    const digest = decodeIscc('ISCC:AAAZXZ6OU74YAZIM').digest;
    assert.equal(encodeIscc({ mainType: 'META', bits: 64, digest }), 'ISCC:AAAZXZ6OU74YAZIM');
  });

  it('rejects composites, unknown sub types, bad bit lengths and short digests', () => {
    const digest = new Uint8Array(32);
    for (const fields of [
      { mainType: 'ISCC', bits: 64, digest },
      { mainType: 'META', subType: 'IMAGE', bits: 64, digest },
      { mainType: 'DATA', bits: 48, digest },
      { mainType: 'DATA', bits: 288, digest },
      { mainType: 'DATA', bits: 128, digest: new Uint8Array(8) },
      { mainType: 'NOPE', bits: 64, digest },
    ]) {
      assert.throws(
        () => encodeIscc(fields as Parameters<typeof encodeIscc>[0]),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
        JSON.stringify({ ...fields, digest: fields.digest.length }),
      );
    }
  });
});
