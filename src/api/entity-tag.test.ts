import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesIfNoneMatch } from './entity-tag.ts';

describe('matchesIfNoneMatch', () => {
  const etag = '"abc+/="';

  it('matches the same tag, alone or in a list, weakly or strongly', () => {
    assert.equal(matchesIfNoneMatch('"abc+/="', etag), true);
    assert.equal(matchesIfNoneMatch('"x", "abc+/=" ,"y"', etag), true);
    assert.equal(matchesIfNoneMatch('W/"abc+/="', etag), true);
    assert.equal(matchesIfNoneMatch('*', etag), true);
  });

  it('does not match another tag, a prefix of the tag, an unquoted tag or no header', () => {
    assert.equal(matchesIfNoneMatch(undefined, etag), false);
    assert.equal(matchesIfNoneMatch('"abc"', etag), false);
    assert.equal(matchesIfNoneMatch('abc+/=', etag), false);
    assert.equal(matchesIfNoneMatch('', etag), false);
    assert.equal(matchesIfNoneMatch('"abc+/=", ', '"other"'), false);
  });
});
