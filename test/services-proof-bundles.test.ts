import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  readBundleHead,
  readBundleUnder,
  readFinalBundle,
  readProofBundle,
  ServiceError,
  type ChainHandle,
} from '../src/services/index.ts';
import { CheckpointChecker, checkBundle, parseBundle } from '../src/verify/index.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

// The one proof-bundle reader (src/services/proof-bundles.ts) on a real node: bundles verify
// offline, a final bundle is cached and served again only under the same checkpoint note, and a
// bundle that is not final is never cached.

describe('the proof-bundle reader', () => {
  let node: TestNode;
  let chain: ChainHandle;
  let apiKey: string;

  async function deposit(count: number): Promise<void> {
    const answer = await node.request('/v1/chains/evidence/entries/batch', {
      token: apiKey,
      json: { entries: Array.from({ length: count }, () => ({ digest: randomDigest() })) },
    });
    assert.equal(answer.status, 201);
  }

  before(async () => {
    node = await startTestNode({ ledger: { integrationIntervalMs: 600_000 } });
    chain = node.running.node.chain;
    apiKey = (await node.createUnit('bundle-reader')).apiKey;
    await deposit(5);
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  it('answers null while no checkpoint covers the entry, and ENTRY_NOT_FOUND past the chain', async () => {
    assert.equal(await readProofBundle(chain, 4, undefined, 0), null);
    assert.equal(await readFinalBundle(chain, 4, 0), null);
    await assert.rejects(readProofBundle(chain, 5, undefined, 0), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.equal(error.code, 'ENTRY_NOT_FOUND');
      return true;
    });
  });

  it('reads a bundle that verifies offline, and the same cached bundle on the next read', async () => {
    await chain.ledger.integrate();
    const first = await readProofBundle(chain, 2, undefined, 0);
    assert.ok(first !== null);
    assert.equal(first.head.final, true, 'a chain of quorum 0 is final once integrated');
    const report = checkBundle(
      parseBundle(first.toJson()),
      node.running.node.context.consortium.trust,
      {},
      new CheckpointChecker(),
    );
    assert.equal(report.ok, true);
    const again = await readProofBundle(chain, 2, 'final', 0);
    assert.equal(again!.bundle, first.bundle, 'the second read is served from the cache');
    assert.equal(await readFinalBundle(chain, 2, 0), first.bundle);
    assert.equal(again!.toJson(), JSON.stringify(first.bundle));
  });

  it('rebuilds a cached bundle once a newer checkpoint covers the entry', async () => {
    const before = (await readProofBundle(chain, 2, undefined, 0))!;
    await deposit(3);
    await chain.ledger.integrate();
    const after = (await readProofBundle(chain, 2, undefined, 0))!;
    assert.notEqual(after.bundle, before.bundle);
    assert.equal(after.bundle.treeSize, 8);
    assert.equal(before.bundle.treeSize, 5);
    const answer = await node.request('/v1/chains/evidence/entries/2/bundle');
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('sealchain-finality'), 'final');
    assert.deepEqual(answer.json, after.bundle);
  });

  it('answers a bundle with a strong ETag, and 304 without a body to a request that names it', async () => {
    const read = (await readProofBundle(chain, 1, undefined, 0))!;
    assert.equal(Buffer.from(read.toBody()).toString('utf8'), JSON.stringify(read.bundle));
    const first = await node.request('/v1/chains/evidence/entries/1/bundle');
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.equal(etag, read.toEtag());
    assert.match(etag!, /^"[A-Za-z0-9+/=]{44}"$/);
    const again = await node.request('/v1/chains/evidence/entries/1/bundle', {
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('sealchain-finality'), 'final');
    const other = await node.request('/v1/chains/evidence/entries/1/bundle', {
      headers: { 'if-none-match': '"not-this-one"' },
    });
    assert.equal(other.status, 200);
    assert.deepEqual(other.json, read.bundle);
    // Another entry's bundle has another tag, so a tag never stands for the wrong bundle.
    const neighbour = await node.request('/v1/chains/evidence/entries/0/bundle', {
      headers: { 'if-none-match': etag! },
    });
    assert.equal(neighbour.status, 200);
    assert.notEqual(neighbour.headers.get('etag'), etag);
  });

  it('gives a new ETag once a newer checkpoint covers the entry, so an old tag gets the new bundle', async () => {
    const before = await node.request('/v1/chains/evidence/entries/1/bundle');
    await deposit(2);
    await chain.ledger.integrate();
    const after = await node.request('/v1/chains/evidence/entries/1/bundle', {
      headers: { 'if-none-match': before.headers.get('etag')! },
    });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
    assert.equal(after.json.treeSize, before.json.treeSize + 2);
  });

  it('caches a bundle only when the entry is final under its checkpoint', async () => {
    // The same chain seen with a quorum of 2: a checkpoint without cosignatures is not final.
    const witnessed: ChainHandle = { ...chain, trusted: { ...chain.trusted, quorum: 2 } };
    const head = (await readBundleHead(chain, 1, undefined, 0))!;
    const gathering = { ...head, final: false };
    const first = await readBundleUnder(witnessed, 1, gathering);
    const second = await readBundleUnder(witnessed, 1, gathering);
    assert.notEqual(second.bundle, first.bundle, 'a bundle that is not final is built each time');
    assert.deepEqual(second.bundle, first.bundle);
    const finalHead = { ...head, final: true };
    const third = await readBundleUnder(witnessed, 1, finalHead);
    assert.equal((await readBundleUnder(witnessed, 1, finalHead)).bundle, third.bundle);
  });
});
