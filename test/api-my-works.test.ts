// GET /v1/me/works: a registrant's own registrations (held ones included), by numbered pages with
// their total, narrowed by title; another registrant's works are never listed, and a caller
// without a credential or with a malformed page is refused. On a started local consortium, whose
// gateway sends /v1/me/works to the works chain's node.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { makeMetadata } from './fixtures/works/registry-setup.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

const PHOTOS = new URL('./fixtures/photos/', import.meta.url);

describe('GET /v1/me/works', () => {
  let consortium: TestConsortium;
  let otherKey: string;

  async function register(key: string, file: Uint8Array, title: string) {
    const body = new FormData();
    body.set('metadata', JSON.stringify(makeMetadata({ title, workType: 'image' })));
    body.set('file', new Blob([new Uint8Array(file)]), `${title}.jpg`);
    const response = await fetch(`${consortium.url}/v1/works?wait=none`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body,
    });
    const json = await response.json();
    assert.equal(response.status, 201, JSON.stringify(json));
    return json.registration as { number: string; status: string };
  }

  before(async () => {
    consortium = await startTestConsortium();
    const other = await consortium.request('/v1/principals', {
      token: consortium.running.adminToken!,
      json: { name: 'photo-platform', organisation: 'court', roles: ['unit'] },
    });
    assert.equal(other.status, 201, other.text);
    otherKey = other.json.apiKey;
  });
  after(async () => {
    await consortium?.close();
  });

  it('lists only the caller’s works, newest first, held ones included, by pages with the total', async () => {
    const coffee = new Uint8Array(await readFile(new URL('coffee.jpg', PHOTOS)));
    const rocket = new Uint8Array(await readFile(new URL('rocket.jpg', PHOTOS)));
    const coins = new Uint8Array(await readFile(new URL('coins.jpg', PHOTOS)));
    const first = await register(consortium.apiKey, coffee, '咖啡 coffee');
    const small = new Uint8Array(await sharp(coffee).resize({ width: 320 }).jpeg({ quality: 50 }).toBuffer());
    const held = await register(consortium.apiKey, small, '咖啡 small');
    assert.equal(held.status, 'pending-review');
    const third = await register(consortium.apiKey, rocket, 'rocket');
    const others = await register(otherKey, coins, 'coins of another unit');

    const all = await consortium.request('/v1/me/works', { token: consortium.apiKey });
    assert.equal(all.status, 200, all.text);
    assert.equal(all.json.total, 3);
    assert.deepEqual(
      all.json.works.map((w: { number: string }) => w.number),
      [third.number, held.number, first.number],
    );
    // Node's FormData, like browsers, sends the filename as UTF-8; it is kept as sent.
    assert.equal(all.json.works[2].file.name, '咖啡 coffee.jpg');
    const heldView = all.json.works[1];
    assert.equal(heldView.status, 'pending-review');
    assert.equal(heldView.links.certificate, null);
    assert.equal(heldView.review.similar[0].number, first.number);

    const page2 = await consortium.request('/v1/me/works?page=2&pageSize=2', { token: consortium.apiKey });
    assert.equal(page2.status, 200, page2.text);
    assert.deepEqual(
      [page2.json.total, page2.json.page, page2.json.pageSize, page2.json.works.length],
      [3, 2, 2, 1],
    );
    assert.equal(page2.json.works[0].number, first.number);

    const searched = await consortium.request(`/v1/me/works?q=${encodeURIComponent('咖啡')}`, {
      token: consortium.apiKey,
    });
    assert.equal(searched.json.total, 2);
    const percent = await consortium.request('/v1/me/works?q=%25', { token: consortium.apiKey });
    assert.equal(percent.json.total, 0, 'a % in the query is a character, not a wildcard');

    const theirs = await consortium.request('/v1/me/works', { token: otherKey });
    assert.deepEqual(
      theirs.json.works.map((w: { number: string }) => w.number),
      [others.number],
    );
  });

  it('refuses a caller without a credential and malformed or hostile queries', async () => {
    const anonymous = await consortium.request('/v1/me/works');
    assert.equal(anonymous.status, 401, anonymous.text);
    for (const query of ['page=0', 'page=-1', 'page=abc', 'pageSize=1000', `q=${'x'.repeat(201)}`]) {
      const answer = await consortium.request(`/v1/me/works?${query}`, { token: consortium.apiKey });
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.equal(answer.json.code, 'REQUEST_INVALID', query);
    }
    const nul = await consortium.request('/v1/me/works?q=%00', { token: consortium.apiKey });
    assert.equal(nul.status, 422, nul.text);
    assert.equal(nul.json.code, 'TEXT_NUL_REFUSED');
  });
});
