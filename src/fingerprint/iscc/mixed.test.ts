import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { decodeIscc } from './codec.ts';
import { generateMixedCode } from './mixed.ts';

const TEXT_256 = 'ISCC:EADSKDNZNYGUUF5AMFEJLZ5P66CP5YKCOA3X7F36RWE4CIRCBTUWXYY';
const IMAGE_256 = 'ISCC:EED4GQZQTY6J5DTHQ2DWCPDZHQOM6QZQTY6J5DTFZ2DWCPDZHQOMXDI';

describe('generateMixedCode', () => {
  it('makes a Content-Code of sub type MIXED and echoes the parts as given', () => {
    const result = generateMixedCode([TEXT_256, IMAGE_256.slice(5)], 128);
    assert.deepEqual(result.parts, [TEXT_256, IMAGE_256.slice(5)]);
    const decoded = decodeIscc(result.iscc);
    assert.equal(decoded.subType, 'MIXED');
    assert.equal(decoded.bits, 128);
  });

  it('rejects fewer than two codes, non-Content-Codes, codes shorter than the bits and malformed codes', () => {
    for (const [codes, bits] of [
      [[TEXT_256], 64],
      [[TEXT_256, 'ISCC:AAAZXZ6OU74YAZIM'], 64],
      [[TEXT_256, 'ISCC:EAASKDNZNYGUUF5A'], 128],
      [[TEXT_256, 42], 64],
      ['codes', 64],
    ] as const) {
      assert.throws(
        () => generateMixedCode(codes as unknown as string[], bits),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID',
      );
    }
    assert.throws(
      () => generateMixedCode([TEXT_256, 'ISCC:EA!'], 64),
      (error) => error instanceof FingerprintError && error.code === 'ISCC_INVALID',
    );
  });
});
