import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeHeader, encodeHeader, VARNIBBLE_MAX } from './header.ts';

describe('ISCC header varnibbles', () => {
  it('round-trips every field value at the edges of the 1-, 2-, 3- and 4-nibble ranges', () => {
    for (const value of [0, 7, 8, 71, 72, 583, 584, VARNIBBLE_MAX]) {
      const header = { mainType: 2, subType: 1, version: 0, length: value };
      const bytes = encodeHeader(header);
      assert.deepEqual(decodeHeader(bytes).header, header, `length ${value}`);
      assert.equal(decodeHeader(bytes).bodyOffset, bytes.length);
    }
  });

  it('encodes a 64-bit Content-Code Text header as the two bytes 0x20 0x01', () => {
    assert.deepEqual(
      encodeHeader({ mainType: 2, subType: 0, version: 0, length: 1 }),
      Uint8Array.of(0x20, 0x01),
    );
  });

  it('pads an odd number of nibbles with a zero nibble and reads the body after it', () => {
    const bytes = encodeHeader({ mainType: 0, subType: 0, version: 0, length: 8 });
    assert.deepEqual(bytes, Uint8Array.of(0x00, 0x08, 0x00));
    assert.equal(decodeHeader(Uint8Array.of(0x00, 0x08, 0x00, 0xff)).bodyOffset, 3);
  });

  it('rejects a non-zero padding nibble, a 1111 prefix and a header cut short', () => {
    for (const bytes of [
      Uint8Array.of(0x00, 0x08, 0x01),
      Uint8Array.of(0xf0, 0x00),
      Uint8Array.of(0x20),
      Uint8Array.of(0x20, 0x0e),
      new Uint8Array(0),
    ]) {
      assert.throws(
        () => decodeHeader(bytes),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INVALID',
      );
    }
  });

  it('refuses to encode a field above 4679', () => {
    assert.throws(
      () => encodeHeader({ mainType: 0, subType: 0, version: 0, length: VARNIBBLE_MAX + 1 }),
      (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
    );
  });
});
