import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { encodeIscc } from './codec.ts';
import { generateIsccCode } from './composite.ts';
import { explainIscc } from './explain.ts';

const META = 'AAAYPXW445FTYNJ3';
const TEXT = 'EAARMJLTQCUWAND2';
const DATA_128 = 'GABVVC5DMJJGYKZ4ZBYVNYABFFYXG';
const DATA_64 = 'GAAQQICFKJYKY4KU';
const INSTANCE_256 = 'IADWIK7A7JTUAQ2D6QARX7OBEIK3OOUAM42LOBLCZ4ZOGDLRHMDL6TQ';

function isInputInvalid(error: unknown): boolean {
  return error instanceof FingerprintError && error.code === 'ISCC_INPUT_INVALID';
}

describe('generateIsccCode', () => {
  it('marks a Meta, Data and Instance composite with sub type NONE', () => {
    assert.equal(
      explainIscc(generateIsccCode([META, DATA_128, INSTANCE_256]).iscc).typeId,
      'ISCC-NONE-V0-MDI',
    );
  });

  it('makes the WIDE form only when asked and both units have 128 bits or more', () => {
    assert.equal(
      explainIscc(generateIsccCode([DATA_128, INSTANCE_256], { wide: true }).iscc).typeId,
      'ISCC-WIDE-V0-DI',
    );
    assert.equal(
      explainIscc(generateIsccCode([DATA_64, INSTANCE_256], { wide: true }).iscc).typeId,
      'ISCC-SUM-V0-DI',
    );
    assert.equal(explainIscc(generateIsccCode([DATA_128, INSTANCE_256]).iscc).typeId, 'ISCC-SUM-V0-DI');
  });

  it('rejects a missing Data-Code or Instance-Code, repeated units and fewer than two units', () => {
    for (const units of [
      [META, TEXT, INSTANCE_256],
      [META, DATA_64],
      [DATA_64, DATA_128, INSTANCE_256],
      [TEXT, TEXT, DATA_64, INSTANCE_256],
      [INSTANCE_256],
      'units',
    ]) {
      assert.throws(() => generateIsccCode(units as string[]), isInputInvalid, String(units));
    }
  });

  it('rejects a Semantic-Code whose sub type differs from the Content-Code', () => {
    const semanticImage = encodeIscc({
      mainType: 'SEMANTIC',
      subType: 'IMAGE',
      bits: 64,
      digest: new Uint8Array(8),
    });
    assert.throws(() => generateIsccCode([semanticImage, TEXT, DATA_64, INSTANCE_256]), isInputInvalid);
  });

  it('rejects units under 64 bits, composites as units, and unknown options', () => {
    const short = encodeIscc({ mainType: 'DATA', bits: 32, digest: new Uint8Array(4) });
    const composite = generateIsccCode([DATA_64, INSTANCE_256]).iscc;
    assert.throws(() => generateIsccCode([short, INSTANCE_256]), isInputInvalid);
    assert.throws(() => generateIsccCode([composite, DATA_64, INSTANCE_256]), isInputInvalid);
    assert.throws(() => generateIsccCode([DATA_64, INSTANCE_256], { wides: true } as never), isInputInvalid);
  });
});
