import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyRendering, RenderCache } from './render-cache.ts';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('RenderCache', () => {
  it('renders once per key and serves the same bytes after', async () => {
    const cache = new RenderCache();
    let renders = 0;
    const render = async () => {
      renders += 1;
      return bytes(10);
    };
    const key = keyRendering({ chain: 'works', index: 3, format: 'pdf' });
    const first = await cache.readOrRender(key, render);
    const second = await cache.readOrRender(key, render);
    assert.equal(renders, 1);
    assert.equal(second, first);
  });

  it('renders again when the subject changes, as a revocation changes it', async () => {
    const cache = new RenderCache();
    let renders = 0;
    const render = async () => bytes(10, ++renders);
    const granted = keyRendering({ index: 3, subject: { kind: 'license' } });
    const revoked = keyRendering({ index: 3, subject: { kind: 'license', revocation: { index: 9 } } });
    assert.notEqual(granted, revoked);
    await cache.readOrRender(granted, render);
    const after = await cache.readOrRender(revoked, render);
    assert.equal(renders, 2);
    assert.equal(after[0], 2);
  });

  it('drops the least recently used renderings beyond its byte and entry bounds', () => {
    const cache = new RenderCache({ maxBytes: 25, maxEntries: 10 });
    cache.write('a', bytes(10));
    cache.write('b', bytes(10));
    cache.read('a');
    cache.write('c', bytes(10));
    assert.equal(cache.read('b'), undefined);
    assert.ok(cache.read('a') !== undefined && cache.read('c') !== undefined);
    const few = new RenderCache({ maxBytes: 1000, maxEntries: 2 });
    for (const key of ['x', 'y', 'z']) few.write(key, bytes(1));
    assert.equal(few.size, 2);
    assert.equal(few.read('x'), undefined);
  });

  it('keeps nothing larger than its whole budget', () => {
    const cache = new RenderCache({ maxBytes: 5, maxEntries: 10 });
    cache.write('big', bytes(6));
    assert.equal(cache.size, 0);
  });
});
