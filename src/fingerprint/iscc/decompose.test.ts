import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { generateIsccCode } from './composite.ts';
import { decomposeIscc } from './decompose.ts';

const DATA_128 = 'GABVVC5DMJJGYKZ4ZBYVNYABFFYXG';
const INSTANCE_256 = 'IADWIK7A7JTUAQ2D6QARX7OBEIK3OOUAM42LOBLCZ4ZOGDLRHMDL6TQ';
const COMPOSITE = 'ISCC:KACYPXW445FTYNJ3CYSXHAFJMA2HUWULUNRFE3BLHRSCXYH2M5AEGQY';

describe('decomposeIscc', () => {
  it('splits an ISCC-CODE into 64-bit units that compose back to the same code', () => {
    const units = decomposeIscc(COMPOSITE);
    assert.deepEqual(units, [
      'ISCC:AAAYPXW445FTYNJ3',
      'ISCC:EAARMJLTQCUWAND2',
      'ISCC:GAAVVC5DMJJGYKZ4',
      'ISCC:IAAWIK7A7JTUAQ2D',
    ]);
    assert.equal(generateIsccCode(units).iscc, COMPOSITE);
  });

  it('splits a WIDE code into a 128-bit Data-Code and a 128-bit Instance-Code', () => {
    const wide = generateIsccCode([DATA_128, INSTANCE_256], { wide: true }).iscc;
    assert.deepEqual(decomposeIscc(wide), [`ISCC:${DATA_128}`, 'ISCC:IABWIK7A7JTUAQ2D6QARX7OBEIK3O']);
  });

  it('splits a hyphen-joined sequence of units of any length and keeps a single unit as it is', () => {
    assert.deepEqual(decomposeIscc(`${DATA_128}-${INSTANCE_256}`), [
      `ISCC:${DATA_128}`,
      `ISCC:${INSTANCE_256}`,
    ]);
    assert.deepEqual(decomposeIscc('eaaskdnznyguuf5a'), ['ISCC:EAASKDNZNYGUUF5A']);
  });

  it('rejects empty parts and bytes left after the last unit', () => {
    for (const code of [`${DATA_128}--${INSTANCE_256}`, `${DATA_128}-`, 'EAASKDNZNYGUUF5AAA']) {
      assert.throws(
        () => decomposeIscc(code),
        (error) => error instanceof FingerprintError && error.code === 'ISCC_INVALID',
        code,
      );
    }
  });
});
