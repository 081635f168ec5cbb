import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listOwnPrincipalNames, readKeyLabel } from './key-names.ts';

describe('listOwnPrincipalNames', () => {
  it("counts the owner's keys of its own organisation, revoked or not, and nobody else's", () => {
    const principals = [
      { name: 'alice', organisation: 'video' },
      { name: 'alice:nightly', organisation: 'video' },
      { name: 'alice:backup', organisation: 'video' },
      { name: 'alice:stolen', organisation: 'other-platform' },
      { name: 'alice:a:b', organisation: 'video' },
      { name: 'alicex:nightly', organisation: 'video' },
      { name: 'bob', organisation: 'video' },
    ];
    assert.deepEqual(listOwnPrincipalNames({ name: 'alice', organisation: 'video' }, principals), [
      'alice',
      'alice:backup',
      'alice:nightly',
    ]);
    assert.deepEqual(listOwnPrincipalNames({ name: 'bob', organisation: 'video' }, principals), ['bob']);
  });

  it('gives a principal of no organisation only its own name', () => {
    const principals = [{ name: 'alice:x', organisation: null }];
    assert.deepEqual(listOwnPrincipalNames({ name: 'alice', organisation: null }, principals), ['alice']);
  });
});

describe('readKeyLabel', () => {
  it("names the key's label, or null for the owner itself and for others", () => {
    assert.equal(readKeyLabel('alice', 'alice:nightly'), 'nightly');
    assert.equal(readKeyLabel('alice', 'alice'), null);
    assert.equal(readKeyLabel('alice', 'bob:nightly'), null);
  });
});
