import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FingerprintError } from '../errors.ts';
import { isccHammingDistance, isccSimilarity } from './similarity.ts';

const TITLE = 'ISCC:AAAZXZ6OU74YAZIM';
const TITLE_AND_AUTHOR = 'ISCC:AAAZXZ6OU4E45RB5';

describe('isccHammingDistance and isccSimilarity', () => {
  it('count differing digest bits and give the truncated percentage of equal bits', () => {
    assert.equal(isccHammingDistance(TITLE, TITLE), 0);
    assert.equal(isccSimilarity(TITLE, TITLE), 100);
    assert.equal(isccHammingDistance(TITLE, TITLE_AND_AUTHOR), 14);
    assert.equal(isccSimilarity(TITLE, TITLE_AND_AUTHOR), 78);
  });

  it('find every bit different between a digest and its complement', () => {
    assert.equal(isccHammingDistance('ISCC:EIAQAAAAAAAAAAAA', 'ISCC:EIA7777777777777'), 64);
  });

  it('refuse codes of different types or lengths, naming both', () => {
    for (const other of ['ISCC:EAASKDNZNYGUUF5A', 'ISCC:AABJXZ6OU4E45RB57GAGKDA']) {
      assert.throws(
        () => isccHammingDistance(TITLE, other),
        (error) =>
          error instanceof FingerprintError &&
          error.code === 'ISCC_TYPE_MISMATCH' &&
          error.details.expectedType === 'META-NONE-V0-64' &&
          typeof error.details.actualType === 'string',
      );
    }
  });
});
