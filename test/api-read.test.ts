import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { equalBytes, parseVerifierKey, utf8ToBytes } from '../src/crypto/index.ts';
import { computeRoot, decodeEntryBundle, rfc6962 } from '../src/merkle/index.ts';
import { verifyCheckpoint } from '../src/note/index.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

// The read side: chain info, the C2SP tlog-tiles endpoints checked against a tree recomputed from
// the entries, units, health, metrics, the OpenAPI document and the docs page.

async function readBytes(
  node: TestNode,
  path: string,
): Promise<{ status: number; bytes: Uint8Array; cache: string }> {
  const response = await fetch(`${node.url}${path}`);
  return {
    status: response.status,
    bytes: new Uint8Array(await response.arrayBuffer()),
    cache: response.headers.get('cache-control') ?? '',
  };
}

describe('read endpoints', () => {
  let node: TestNode;
  let apiKey: string;
  const count = 300;

  before(async () => {
    node = await startTestNode({ ledger: { integrationIntervalMs: 600_000 } });
    apiKey = (await node.createUnit('reader-platform')).apiKey;
    const answer = await node.request('/v1/chains/evidence/entries/batch', {
      token: apiKey,
      json: { entries: Array.from({ length: count }, () => ({ digest: randomDigest() })) },
    });
    assert.equal(answer.status, 201);
    await node.running.node.chain.ledger.integrate();
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  it('describes the chain with its key, size and signed checkpoint', async () => {
    const info = await node.request('/v1/chains/evidence');
    assert.equal(info.status, 200);
    assert.equal(info.json.origin, 'court.sealchain.local/evidence');
    assert.equal(info.json.hashAlgorithm, 'sha256');
    assert.equal(info.json.size, count);
    assert.equal(info.json.treeSize, count);
    const key = parseVerifierKey(info.json.publicKey);
    const verified = verifyCheckpoint(info.json.checkpoint, info.json.origin, key);
    assert.equal(verified.checkpoint.treeSize, count);
    const list = await node.request('/v1/chains');
    assert.deepEqual(
      list.json.chains.map((chain: { name: string }) => chain.name),
      ['evidence'],
    );
  });

  it('serves the checkpoint, hash tiles and entry bundles of the tree the entries make', async () => {
    const hasher = rfc6962('sha256');
    const info = (await node.request('/v1/chains/evidence')).json;
    const checkpoint = await fetch(`${node.url}/log/evidence/checkpoint`);
    assert.equal(checkpoint.headers.get('content-type'), 'text/plain; charset=utf-8');
    const { checkpoint: parsed } = verifyCheckpoint(
      await checkpoint.text(),
      info.origin,
      parseVerifierKey(info.publicKey),
    );
    const full = await readBytes(node, '/log/evidence/tile/entries/000');
    const partial = await readBytes(node, `/log/evidence/tile/entries/001.p/${count - 256}`);
    assert.equal(full.cache, 'public, max-age=31536000, immutable');
    assert.equal(partial.cache, 'public, max-age=10');
    const leaves = [...decodeEntryBundle(full.bytes, 256), ...decodeEntryBundle(partial.bytes, count - 256)];
    const first = await node.request('/v1/chains/evidence/entries/0');
    assert.ok(equalBytes(leaves[0]!, utf8ToBytes(first.json.entry)));
    const leafHashes = leaves.map((leaf) => hasher.hashLeaf(leaf));
    assert.ok(equalBytes(computeRoot(hasher, leafHashes), parsed.rootHash));
    const tile0 = await readBytes(node, '/log/evidence/tile/0/000');
    assert.equal(tile0.status, 200);
    assert.equal(tile0.cache, 'public, max-age=31536000, immutable');
    assert.ok(equalBytes(tile0.bytes.slice(0, 32), leafHashes[0]!));
    assert.ok(equalBytes(tile0.bytes.slice(255 * 32), leafHashes[255]!));
    const tile1 = await readBytes(node, '/log/evidence/tile/1/000.p/1');
    assert.ok(equalBytes(tile1.bytes, computeRoot(hasher, leafHashes.slice(0, 256))));
    const narrower = await readBytes(node, '/log/evidence/tile/0/001.p/10');
    assert.ok(
      equalBytes(
        narrower.bytes,
        (await readBytes(node, `/log/evidence/tile/0/001.p/${count - 256}`)).bytes.slice(0, 320),
      ),
    );
  });

  it('lists units without their keys and stops a revoked key at once', async () => {
    const created = await node.createUnit('revocable');
    const deposit = () =>
      node.request('/v1/chains/evidence/entries', {
        token: created.apiKey,
        json: { digest: randomDigest() },
      });
    assert.equal((await deposit()).status, 201);
    const list = await node.request('/v1/units', { token: node.adminToken });
    const listed = list.json.units.find((unit: { id: string }) => unit.id === created.id);
    assert.deepEqual(Object.keys(listed).sort(), [
      'createdAt',
      'id',
      'name',
      'organisation',
      'revokedAt',
      'roles',
    ]);
    assert.deepEqual([listed.organisation, listed.roles], [null, ['unit']]);
    assert.doesNotMatch(list.text, new RegExp(created.apiKey.slice(20)));
    const revoked = await node.request(`/v1/units/${created.id}`, {
      method: 'DELETE',
      token: node.adminToken,
    });
    assert.equal(revoked.status, 200);
    assert.match(revoked.json.revokedAt, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await deposit()).json.code, 'API_KEY_REVOKED');
  });

  it('answers health, readiness and metrics', async () => {
    assert.deepEqual((await node.request('/healthz')).json, { status: 'ok' });
    assert.deepEqual((await node.request('/readyz')).json, { status: 'ok' });
    const metrics = await node.request('/metrics');
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(metrics.text, /^sealchain_checkpoint_tree_size\{chain="evidence"\} 300$/m);
    assert.match(metrics.text, /^sealchain_checkpoints_total\{chain="evidence"\} [1-9]/m);
  });

  it('publishes an OpenAPI 3.1 document of every route and renders it from local files', async () => {
    const document = (await node.request('/openapi.json')).json;
    assert.equal(document.openapi, '3.1.0');
    for (const path of [
      '/v1/chains/{chain}/entries',
      '/v1/chains/{chain}/entries/batch',
      '/v1/chains/{chain}/uploads',
      '/v1/chains/{chain}/entries/{index}',
      '/v1/chains/{chain}/entries/{index}/bundle',
      '/v1/chains/{chain}',
      '/log/{chain}/checkpoint',
      '/log/{chain}/tile/{L}/{N}',
      '/log/{chain}/tile/entries/{N}',
      '/v1/units',
      '/v1/units/{id}',
      '/v1/chains/{chain}/anchors/{anchored}',
      '/v1/chains/{chain}/stats',
      '/v1/verifications',
      '/v1/stats',
      '/v1/alarms',
      '/healthz',
      '/readyz',
      '/metrics',
    ]) {
      assert.ok(document.paths[path], `missing ${path}`);
    }
    const deposit = document.paths['/v1/chains/{chain}/entries'].post;
    assert.ok(deposit.responses['201'] && deposit.responses['429'] && deposit.responses['503']);
    assert.ok(document.components.schemas.EntryRequest && document.components.schemas.Problem);
    assert.equal(document.components.securitySchemes.bearerAuth.scheme, 'bearer');
    // Every pattern is an ECMA-262 regular expression (JSON Schema 2020-12), without a flag such as
    // `/u` glued on, and every $ref points into the document.
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${where}[${i}]`));
      if (typeof value !== 'object' || value === null) return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'pattern' && typeof inner === 'string') {
          assert.doesNotThrow(() => new RegExp(inner, 'u'), `${where}.pattern`);
          assert.doesNotMatch(inner, /\/[a-z]*$/, `${where}.pattern ends with a regex flag`);
        }
        if (key === '$ref' && typeof inner === 'string') {
          const name = inner.replace('#/components/schemas/', '');
          assert.ok(document.components.schemas[name], `${where}: ${inner} is not in the document`);
        }
        walk(inner, `${where}.${key}`);
      }
    };
    walk(document, '$');
    assert.ok(JSON.stringify(document).includes('"pattern":"^[^\\\\p{Cc}\\\\p{Cs}]+$"'));
    const page = await node.request('/docs');
    assert.match(page.text, /<script src="\/docs\/swagger-ui-bundle\.js"><\/script>/);
    assert.doesNotMatch(page.text, /https?:\/\//);
    for (const asset of ['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css', '/docs/init.js']) {
      const answer = await fetch(`${node.url}${asset}`);
      assert.equal(answer.status, 200, asset);
      assert.ok((await answer.arrayBuffer()).byteLength > 0);
    }
  });

  it('describes the witness endpoints (C2SP tlog-witness) with their text bodies and every status', async () => {
    const document = (await node.request('/openapi.json')).json;
    const add = document.paths['/witness/{member}/add-checkpoint']?.post;
    assert.ok(add, 'add-checkpoint is in the document');
    assert.deepEqual(
      add.parameters.map((p: { name: string; in: string }) => [p.name, p.in]),
      [['member', 'path']],
    );
    assert.equal(add.requestBody.required, true);
    assert.deepEqual(Object.keys(add.requestBody.content), ['text/plain']);
    assert.deepEqual(Object.keys(add.responses), [
      '200',
      '400',
      '403',
      '404',
      '409',
      '413',
      '422',
      '500',
      '503',
    ]);
    assert.deepEqual(Object.keys(add.responses['200'].content), ['text/plain']);
    assert.deepEqual(Object.keys(add.responses['409'].content), ['text/x.tlog.size']);
    for (const status of ['400', '403', '404', '413', '422', '500', '503']) {
      assert.deepEqual(
        add.responses[status].content['application/problem+json'].schema,
        { $ref: '#/components/schemas/Problem' },
        status,
      );
    }
    assert.match(add.responses['404'].description, /WITNESS_ORIGIN_UNKNOWN/);
    assert.match(add.responses['422'].description, /WITNESS_PROOF_INVALID/);
    const alarms = document.paths['/witness/{member}/alarms']?.get;
    assert.ok(alarms, 'the witness alarms are in the document');
    assert.deepEqual(alarms.responses['200'].content['application/json'].schema.properties.alarms.items, {
      $ref: '#/components/schemas/WitnessAlarm',
    });
  });
});
