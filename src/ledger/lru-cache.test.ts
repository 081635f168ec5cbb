import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from './lru-cache.ts';

describe('LruCache', () => {
  it('keeps at most `limit` values, dropping the least recently used', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual([cache.get('a'), cache.get('c'), cache.size, cache.weight], [1, 3, 2, 2]);
  });

  it('with weights, bounds their sum, and keeps no value heavier than the limit', () => {
    const cache = new LruCache<string>(10, (value) => value.length);
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    assert.equal(cache.weight, 8);
    cache.set('c', 'zzzz');
    assert.equal(cache.get('a'), undefined, 'the oldest value went to make room');
    assert.equal(cache.weight, 8);
    cache.set('b', 'y');
    assert.equal(cache.weight, 5, 'a replaced value counts with its new weight');
    cache.set('huge', 'h'.repeat(11));
    assert.equal(cache.get('huge'), undefined);
    assert.equal(cache.weight, 5);
    cache.delete('c');
    cache.delete('missing');
    assert.deepEqual([cache.size, cache.weight], [1, 1]);
  });
});
