import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEntryFinal } from './finality.ts';

describe('isEntryFinal', () => {
  const final = { treeSize: 10, final: true };
  const gathering = { treeSize: 10, final: false };

  it('holds for an entry under a final checkpoint that covers it', () => {
    assert.equal(isEntryFinal(final, 0, 2), true);
    assert.equal(isEntryFinal(final, 9, 2), true);
  });

  it('fails for the first entry the checkpoint does not cover (treeSize is a count, not an index)', () => {
    assert.equal(isEntryFinal(final, 10, 2), false);
    assert.equal(isEntryFinal(final, 11, 2), false);
  });

  it('fails under a checkpoint still short of its quorum of cosignatures', () => {
    assert.equal(isEntryFinal(gathering, 3, 1), false);
    assert.equal(isEntryFinal(gathering, 3, 2), false);
  });

  it('holds under any covering checkpoint of a chain whose quorum is 0 (no witness needed)', () => {
    assert.equal(isEntryFinal(gathering, 3, 0), true);
    assert.equal(isEntryFinal(gathering, 10, 0), false);
  });

  it('fails without a checkpoint, and for an index that is not a leaf index', () => {
    assert.equal(isEntryFinal(null, 0, 0), false);
    assert.equal(isEntryFinal(final, -1, 2), false);
    assert.equal(isEntryFinal(final, 1.5, 2), false);
    assert.equal(isEntryFinal(final, Number.NaN, 0), false);
  });
});
