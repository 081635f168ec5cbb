import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { explainIscc } from './explain.ts';

describe('explainIscc', () => {
  it('describes a unit by type id, bits and hex digest', () => {
    assert.deepEqual(explainIscc('AAAZXZ6OU74YAZIM'), {
      iscc: 'ISCC:AAAZXZ6OU74YAZIM',
      typeId: 'META-NONE-V0-64',
      mainType: 'META',
      subType: 'NONE',
      version: 0,
      bits: 64,
      digestHex: '9be7cea7f980650c',
      summary: 'META-NONE-V0-64-9be7cea7f980650c',
    });
  });

  it('names the units of a composite in its type id and explains each of them', () => {
    const explanation = explainIscc('ISCC:KACYPXW445FTYNJ3CYSXHAFJMA2HUWULUNRFE3BLHRSCXYH2M5AEGQY');
    assert.equal(explanation.typeId, 'ISCC-TEXT-V0-MCDI');
    assert.equal(explanation.digestHex, '87dedce74b3c353b16257380a960347a5a8ba362526c2b3c642be0fa67404343');
    assert.deepEqual(
      explanation.units?.map((unit) => unit.summary),
      [
        'META-NONE-V0-64-87dedce74b3c353b',
        'CONTENT-TEXT-V0-64-16257380a960347a',
        'DATA-NONE-V0-64-5a8ba362526c2b3c',
        'INSTANCE-NONE-V0-64-642be0fa67404343',
      ],
    );
  });

  it('calls a Data-Code and Instance-Code pair SUM-…-DI', () => {
    assert.equal(explainIscc('ISCC:KUAFVC5DMJJGYKZ4MQV6B6THIBBUG').typeId, 'ISCC-SUM-V0-DI');
  });

  it('rejects a malformed code with ISCC_INVALID', () => {
    assert.throws(
      () => explainIscc('ISCC:NOT-A-CODE'),
      (error) => error instanceof FingerprintError && error.code === 'ISCC_INVALID',
    );
  });
});
