import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  randomDigest,
  sendChunked,
  sendRawGet,
  startTestNode,
  type Answer,
  type TestNode,
} from './api-node-support.ts';

// Bad input on every endpoint gets a clear 4xx problem (RFC 9457, stable code) and changes
// nothing: the chain size, the unit list and the blob store are compared before and after.

function assertProblem(answer: Answer, status: number, code: string): void {
  assert.equal(
    answer.status,
    status,
    `expected ${status} ${code}, got ${answer.status}: ${answer.text.slice(0, 300)}`,
  );
  assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(answer.json?.code, code, answer.text.slice(0, 300));
  assert.equal(answer.json?.status, status);
  assert.equal(typeof answer.json?.detail, 'string');
}

function flipLast(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
}

describe('hostile input', () => {
  let node: TestNode;
  let apiKey: string;
  let revokedKey: string;
  let sizeBefore: number;
  let unitsBefore: number;

  before(async () => {
    node = await startTestNode({
      api: { maxBatchBodyBytes: 2 * 1024 * 1024, maxUploadBytes: 1024, maxEntryBodyBytes: 64 * 1024 },
    });
    apiKey = (await node.createUnit('platform-a')).apiKey;
    const revoked = await node.createUnit('platform-revoked');
    revokedKey = revoked.apiKey;
    assert.equal(
      (await node.request(`/v1/units/${revoked.id}`, { method: 'DELETE', token: node.adminToken })).status,
      200,
    );
    const first = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { digest: randomDigest() },
    });
    assert.equal(first.status, 201);
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  function countBlobs(): number {
    try {
      return readdirSync(join(node.dataDir, 'blobs'), { recursive: true }).filter((name) =>
        /[0-9a-f]{64}$/.test(String(name)),
      ).length;
    } catch {
      return 0;
    }
  }

  async function expectUnchanged(action: () => Promise<void>): Promise<void> {
    const blobsBefore = countBlobs();
    sizeBefore = await node.readSize();
    unitsBefore = (await node.request('/v1/units', { token: node.adminToken })).json.units.length;
    await action();
    assert.equal(await node.readSize(), sizeBefore, 'the chain grew');
    assert.equal(countBlobs(), blobsBefore, 'a blob was stored');
    assert.equal(
      (await node.request('/v1/units', { token: node.adminToken })).json.units.length,
      unitsBefore,
    );
  }

  const entries = '/v1/chains/evidence/entries';

  it('refuses deposits without, with wrong, with revoked or with admin credentials', () =>
    expectUnchanged(async () => {
      const json = { digest: randomDigest() };
      assertProblem(await node.request(entries, { json }), 401, 'UNAUTHENTICATED');
      assertProblem(
        await node.request(entries, { json, headers: { authorization: `Basic ${apiKey}` } }),
        401,
        'UNAUTHENTICATED',
      );
      assertProblem(await node.request(entries, { json, token: flipLast(apiKey) }), 401, 'UNAUTHENTICATED');
      assertProblem(
        await node.request(entries, { json, token: 'sc_0000000000000000_' + 'A'.repeat(43) }),
        401,
        'UNAUTHENTICATED',
      );
      assertProblem(await node.request(entries, { json, token: node.adminToken }), 401, 'UNAUTHENTICATED');
      assertProblem(await node.request(entries, { json, token: revokedKey }), 401, 'API_KEY_REVOKED');
      assertProblem(
        await node.request(`${entries}/batch`, { json: { entries: [json] }, token: revokedKey }),
        401,
        'API_KEY_REVOKED',
      );
      assertProblem(
        await node.request('/v1/chains/evidence/uploads', { body: 'x', token: revokedKey }),
        401,
        'API_KEY_REVOKED',
      );
    }));

  it('refuses malformed JSON, wrong media types and wrong field types', () =>
    expectUnchanged(async () => {
      const post = (body: string, contentType = 'application/json') =>
        node.request(entries, { token: apiKey, body, headers: { 'content-type': contentType } });
      assertProblem(await post('{"digest": '), 400, 'JSON_INVALID');
      assertProblem(await post('\u0000\u0001'), 422, 'TEXT_NUL_REFUSED');
      assertProblem(
        await post(JSON.stringify({ digest: randomDigest() }), 'text/plain'),
        415,
        'MEDIA_TYPE_UNSUPPORTED',
      );
      assertProblem(await post(''), 400, 'JSON_INVALID');
      assertProblem(await post('[]'), 400, 'REQUEST_INVALID');
      assertProblem(await post('"sha256"'), 400, 'REQUEST_INVALID');
      for (const key of ['with space', 'x'.repeat(201), 'é']) {
        const answer = await node.request(entries, {
          token: apiKey,
          json: { digest: randomDigest() },
          headers: { 'idempotency-key': key },
        });
        assertProblem(answer, 400, 'REQUEST_INVALID');
      }
      for (const body of [
        { digest: 42 },
        { digest: randomDigest(), meta: [] },
        { digest: randomDigest(), meta: 'x' },
        { digest: randomDigest(), type: 7 },
        { digest: randomDigest(), unit: 'someone-else' },
        { digest: randomDigest(), sig: 'abc' },
        { digest: randomDigest(), extra: true },
      ]) {
        assertProblem(await post(JSON.stringify(body)), 400, 'REQUEST_INVALID');
      }
      assertProblem(
        await post(JSON.stringify({ digest: randomDigest(), type: 'Evidence' })),
        403,
        'ENTRY_TYPE_RESERVED',
      );
    }));

  it('refuses invalid digests and digests of another algorithm', () =>
    expectUnchanged(async () => {
      const hex = randomDigest().slice(7);
      for (const digest of [
        `sha256:${hex.toUpperCase()}`,
        `sha256:${hex.slice(1)}`,
        `sha256:${hex}0`,
        `md5:${hex.slice(0, 32)}`,
        hex,
        '',
        `sha256:${hex}\n`,
      ]) {
        const answer = await node.request(entries, { token: apiKey, json: { digest } });
        assertProblem(answer, 400, 'REQUEST_INVALID');
      }
      const answer = await node.request(entries, { token: apiKey, json: { digest: `sm3:${hex}` } });
      assertProblem(answer, 400, 'REQUEST_INVALID');
      assert.match(answer.json.detail, /sha256/);
    }));

  it('refuses entries the ledger finds invalid: oversized or deep meta, forged signatures', () =>
    expectUnchanged(async () => {
      const big = { digest: randomDigest(), meta: { text: 'x'.repeat(20_000) } };
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 20; i++) deep = { deep };
      for (const json of [
        big,
        { digest: randomDigest(), meta: deep },
        { digest: randomDigest(), sig: { key: 'someone+01234567+AAAA', signature: 'AAAA' } },
      ]) {
        const answer = await node.request(entries, { token: apiKey, json });
        assertProblem(answer, 400, 'ENTRY_INVALID');
      }
      const infinite = `{"digest":"${randomDigest()}","meta":{"n":1e400}}`;
      assertProblem(
        await node.request(entries, {
          token: apiKey,
          body: infinite,
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'ENTRY_INVALID',
      );
    }));

  it('refuses bodies over the limit', () =>
    expectUnchanged(async () => {
      const huge = JSON.stringify({ digest: randomDigest(), meta: { text: 'x'.repeat(70 * 1024) } });
      assertProblem(
        await node.request(entries, {
          token: apiKey,
          body: huge,
          headers: { 'content-type': 'application/json' },
        }),
        413,
        'BODY_TOO_LARGE',
      );
      const batch = JSON.stringify({
        entries: [{ digest: randomDigest(), meta: { text: 'x'.repeat(3 * 1024 * 1024) } }],
      });
      assertProblem(
        await node.request(`${entries}/batch`, {
          token: apiKey,
          body: batch,
          headers: { 'content-type': 'application/json' },
        }),
        413,
        'BODY_TOO_LARGE',
      );
      assertProblem(
        await node.request('/v1/units', { token: node.adminToken, json: { name: 'x'.repeat(20_000) } }),
        413,
        'BODY_TOO_LARGE',
      );
    }));

  it('holds chunked bodies (no Content-Length) to the same limit while reading them', () =>
    expectUnchanged(async () => {
      const huge = JSON.stringify({ digest: randomDigest(), meta: { text: 'x'.repeat(70 * 1024) } });
      const refused = await sendChunked(node.url, entries, apiKey, [huge.slice(0, 1000), huge.slice(1000)]);
      assert.equal(refused.status, 413);
      assert.equal((JSON.parse(refused.body) as { code: string }).code, 'BODY_TOO_LARGE');
    }));

  it('takes a chunked deposit under the limit like any other', async () => {
    const size = await node.readSize();
    const body = JSON.stringify({ digest: randomDigest() });
    const answer = await sendChunked(node.url, entries, apiKey, [body.slice(0, 10), body.slice(10)]);
    assert.equal(answer.status, 201);
    assert.equal(await node.readSize(), size + 1);
  });

  it('refuses batches that are empty, over 10,000 entries, or hold one bad entry, storing none of them', () =>
    expectUnchanged(async () => {
      const batch = (json: unknown) => node.request(`${entries}/batch`, { token: apiKey, json });
      assertProblem(await batch({ entries: [] }), 400, 'REQUEST_INVALID');
      assertProblem(await batch({ entries: {} }), 400, 'REQUEST_INVALID');
      assertProblem(await batch([{ digest: randomDigest() }]), 400, 'REQUEST_INVALID');
      const tooMany = Array.from({ length: 10_001 }, () => ({ digest: randomDigest() }));
      assertProblem(await batch({ entries: tooMany }), 400, 'REQUEST_INVALID');
      const oneBad = [
        { digest: randomDigest() },
        { digest: randomDigest(), meta: { text: 'x'.repeat(20_000) } },
      ];
      const answer = await batch({ entries: oneBad });
      assertProblem(answer, 400, 'ENTRY_INVALID');
      assert.equal(answer.json.details.entry, 1);
      const badDigest = [{ digest: randomDigest() }, { digest: 'sha256:xyz' }];
      const refused = await batch({ entries: badDigest });
      assertProblem(refused, 400, 'REQUEST_INVALID');
      assert.equal(refused.json.details.issues[0].field, 'entries[1].digest');
    }));

  it('refuses uploads over the limit or with bad parameters, storing no file', () =>
    expectUnchanged(async () => {
      const uploads = '/v1/chains/evidence/uploads';
      assertProblem(
        await node.request(uploads, { token: apiKey, body: 'x'.repeat(2_000) }),
        413,
        'BODY_TOO_LARGE',
      );
      assertProblem(
        await node.request(`${uploads}?meta=%7Bbad`, { token: apiKey, body: 'x' }),
        400,
        'REQUEST_INVALID',
      );
      assertProblem(
        await node.request(`${uploads}?meta=%5B1%5D`, { token: apiKey, body: 'x' }),
        400,
        'REQUEST_INVALID',
      );
      assertProblem(
        await node.request(`${uploads}?type=BAD%20TYPE`, { token: apiKey, body: 'x' }),
        403,
        'ENTRY_TYPE_RESERVED',
      );
      const chunked = await fetch(`${node.url}${uploads}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: new ReadableStream({
          pull(controller) {
            controller.enqueue(new Uint8Array(600));
            controller.enqueue(new Uint8Array(600));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 413);
      assert.equal(((await chunked.json()) as { code: string }).code, 'BLOB_TOO_LARGE');
      assertProblem(await node.request(uploads, { body: 'x' }), 401, 'UNAUTHENTICATED');
      assertProblem(
        await node.request('/v1/chains/nope/uploads', { token: apiKey, body: 'x' }),
        404,
        'CHAIN_NOT_FOUND',
      );
    }));

  it('refuses an empty upload with 422 FILE_EMPTY, storing no file and no entry', () =>
    expectUnchanged(async () => {
      const uploads = '/v1/chains/evidence/uploads';
      const empty = await node.request(uploads, { token: apiKey, body: '' });
      assertProblem(empty, 422, 'FILE_EMPTY');
      assert.equal(empty.json.detail, 'the upload is empty (0 bytes): there is nothing to deposit');
      // Sent chunked, with no Content-Length to give it away, and an empty chunk before the end.
      const chunked = await fetch(`${node.url}${uploads}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: new ReadableStream({
          pull(controller) {
            controller.enqueue(new Uint8Array(0));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 422);
      assert.equal(((await chunked.json()) as { code: string }).code, 'FILE_EMPTY');
    }));

  it('answers 404 for unknown chains on every chain endpoint', () =>
    expectUnchanged(async () => {
      const json = { digest: randomDigest() };
      assertProblem(
        await node.request('/v1/chains/nope/entries', { token: apiKey, json }),
        404,
        'CHAIN_NOT_FOUND',
      );
      assertProblem(
        await node.request('/v1/chains/nope/entries/batch', { token: apiKey, json: { entries: [json] } }),
        404,
        'CHAIN_NOT_FOUND',
      );
      for (const path of [
        '/v1/chains/nope',
        '/v1/chains/nope/entries/0',
        `/v1/chains/nope/entries?digest=${json.digest}`,
        '/v1/chains/nope/entries/0/bundle',
        '/log/nope/checkpoint',
        '/log/nope/tile/0/000',
        '/log/nope/tile/entries/000',
      ]) {
        assertProblem(await node.request(path), 404, 'CHAIN_NOT_FOUND');
      }
      const dotted = await sendRawGet(node.url, '/v1/chains/%2e%2e/entries/0');
      assert.equal(dotted.status, 404);
      assert.equal(JSON.parse(dotted.text).code, 'ROUTE_NOT_FOUND');
    }));

  it('refuses malformed, negative and huge indexes and unknown entries', () =>
    expectUnchanged(async () => {
      for (const index of [
        'abc',
        '-1',
        '007',
        '1.5',
        '1e3',
        '99999999999999999999',
        '9007199254740993',
        '%20',
      ]) {
        assertProblem(await node.request(`${entries}/${index}`), 400, 'REQUEST_INVALID');
        assertProblem(await node.request(`${entries}/${index}/bundle`), 400, 'REQUEST_INVALID');
      }
      assertProblem(await node.request(`${entries}/1000000`), 404, 'ENTRY_NOT_FOUND');
      assertProblem(await node.request(`${entries}/9007199254740990/bundle`), 404, 'ENTRY_NOT_FOUND');
      for (const query of [
        'wait=soon',
        'timeoutMs=-1',
        'timeoutMs=abc',
        'timeoutMs=0',
        'wait=integrated&timeoutMs=999999999',
      ]) {
        assertProblem(await node.request(`${entries}/0/bundle?${query}`), 400, 'REQUEST_INVALID');
      }
      for (const query of ['', '?digest=', '?digest=sha256:abc', `?digest=${randomDigest().toUpperCase()}`]) {
        assertProblem(await node.request(`${entries}${query}`), 400, 'REQUEST_INVALID');
      }
    }));

  it('refuses traversal and non-canonical tile paths', () =>
    expectUnchanged(async () => {
      const refused: [string, number, string][] = [
        ['/log/evidence/tile/%2e%2e/%2e%2e/etc/passwd', 404, 'ROUTE_NOT_FOUND'],
        ['/log/evidence/tile/0/%2e%2e/%2e%2e/%2e%2e/x', 404, 'ROUTE_NOT_FOUND'],
        ['/log/evidence/tile/0/%2e%2e%2f000', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile//etc/passwd', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/../../../etc/passwd', 404, 'ROUTE_NOT_FOUND'],
        ['/log/evidence/tile/entries/..%2f000', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/0', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/x000/001', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/000.p/0', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/000.p/256', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/64/000', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/x999/x999/x999/x999/x999/x999/999', 400, 'TILE_PATH_INVALID'],
        ['/log/evidence/tile/0/001', 404, 'TILE_NOT_FOUND'],
        ['/log/evidence/tile/entries/x001/000', 404, 'TILE_NOT_FOUND'],
        ['/log/evidence/tile/0/000.p/200', 404, 'TILE_NOT_FOUND'],
        ['/log/evidence/tile/', 400, 'TILE_PATH_INVALID'],
      ];
      for (const [path, status, code] of refused) {
        const answer = await sendRawGet(node.url, path);
        assert.equal(answer.status, status, `${path}: ${answer.text}`);
        assert.match(answer.contentType, /^application\/problem\+json/, path);
        assert.equal(JSON.parse(answer.text).code, code, path);
      }
    }));

  it('guards the unit endpoints with the admin token and refuses bad unit requests', () =>
    expectUnchanged(async () => {
      const units = '/v1/units';
      assertProblem(await node.request(units, { json: { name: 'x1' } }), 401, 'UNAUTHENTICATED');
      assertProblem(await node.request(units), 401, 'UNAUTHENTICATED');
      assertProblem(await node.request(units, { json: { name: 'x1' }, token: apiKey }), 403, 'FORBIDDEN');
      assertProblem(await node.request(units, { token: apiKey }), 403, 'FORBIDDEN');
      assertProblem(
        await node.request(units, { json: { name: 'x1' }, token: flipLast(node.adminToken) }),
        401,
        'UNAUTHENTICATED',
      );
      for (const name of ['', 42, null, 'x'.repeat(256)]) {
        assertProblem(
          await node.request(units, { json: { name }, token: node.adminToken }),
          400,
          'REQUEST_INVALID',
        );
      }
      for (const name of [' spaced', 'a b', '-dash', 'ünï']) {
        assertProblem(
          await node.request(units, { json: { name }, token: node.adminToken }),
          422,
          'NAME_INVALID',
        );
      }
      assertProblem(
        await node.request(units, { json: { name: 'y', role: 'admin' }, token: node.adminToken }),
        400,
        'REQUEST_INVALID',
      );
      assertProblem(
        await node.request(units, {
          body: '{"name":',
          headers: { 'content-type': 'application/json' },
          token: node.adminToken,
        }),
        400,
        'JSON_INVALID',
      );
      assertProblem(
        await node.request(units, { json: { name: 'platform-a' }, token: node.adminToken }),
        409,
        'UNIT_NAME_TAKEN',
      );
      assertProblem(
        await node.request(units, { json: { name: 'platform-revoked' }, token: node.adminToken }),
        409,
        'UNIT_NAME_TAKEN',
      );
      assertProblem(
        await node.request(`${units}/0123456789abcdef`, { method: 'DELETE', token: node.adminToken }),
        404,
        'UNIT_NOT_FOUND',
      );
      assertProblem(
        await node.request(`${units}/..%2F..`, { method: 'DELETE', token: node.adminToken }),
        400,
        'REQUEST_INVALID',
      );
      assertProblem(
        await node.request(`${units}/0123456789abcdef`, { method: 'DELETE', token: apiKey }),
        403,
        'FORBIDDEN',
      );
    }));

  it('answers unknown paths and methods with a problem', () =>
    expectUnchanged(async () => {
      assertProblem(await node.request('/v2/anything'), 404, 'ROUTE_NOT_FOUND');
      assertProblem(
        await node.request('/v1/chains/evidence/entries/0', { method: 'DELETE', token: apiKey }),
        404,
        'ROUTE_NOT_FOUND',
      );
      assertProblem(await node.request('/docs/../../package.json'), 404, 'ROUTE_NOT_FOUND');
      assertProblem(await node.request('/docs/package.json'), 404, 'ROUTE_NOT_FOUND');
    }));
});
