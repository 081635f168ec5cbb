import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkBundle, parseTrustFile } from '../src/verify/index.ts';
import { readFileSync } from 'node:fs';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

// The consortium endpoints of a single node (no witnesses: quorum 0, so final = integrated):
// finality in chain info and bundles, reserved entry types, verifications recorded on the chain,
// statistics and alarms. Witnesses, anchors and cross-chain checks run in test/e2e-consortium-*.

describe('consortium endpoints of a single node', () => {
  let node: TestNode;
  let apiKey: string;
  let clerkKey: string;
  let firstIndex: number;

  before(async () => {
    node = await startTestNode({ ledger: { integrationIntervalMs: 50 } });
    apiKey = (await node.createUnit('platform-a')).apiKey;
    clerkKey = (await node.createPrincipal(['clerk'], 'city-court', 'clerk-a')).apiKey;
    const deposit = await node.request('/v1/chains/evidence/entries/batch', {
      token: apiKey,
      json: { entries: [{ digest: randomDigest() }, { digest: randomDigest() }] },
    });
    assert.equal(deposit.status, 201, deposit.text);
    firstIndex = deposit.json.results[0].index;
  });

  after(() => node.close());

  it('serves bundles under final checkpoints, saying so, and chain info with the quorum', async () => {
    const bundle = await node.request(
      `/v1/chains/evidence/entries/${firstIndex}/bundle?wait=final&timeoutMs=5000`,
    );
    assert.equal(bundle.status, 200, bundle.text);
    assert.equal(bundle.headers.get('sealchain-finality'), 'final');
    const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
    assert.equal(checkBundle(bundle.text, trust).ok, true);
    const info = (await node.request('/v1/chains/evidence')).json;
    assert.equal(info.quorum, 0);
    assert.deepEqual(info.witnesses, []);
    assert.ok(info.finalTreeSize >= 2, JSON.stringify(info));
    assert.equal(typeof info.finalCheckpoint, 'string');
  });

  it('refuses deposits of the entry types only the node writes', async () => {
    for (const type of ['anchor', 'verification']) {
      const refused = await node.request('/v1/chains/evidence/entries', {
        token: apiKey,
        json: { digest: randomDigest(), type },
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.json.code, 'ENTRY_TYPE_RESERVED');
      assert.equal(refused.json.details.field, 'type');
    }
  });

  it('verifies a bundle or an entry by reference, records each verification, and lists a case', async () => {
    const bundle = (await node.request(`/v1/chains/evidence/entries/${firstIndex}/bundle?wait=final`)).json;
    const byBundle = await node.request('/v1/verifications', {
      token: clerkKey,
      json: { bundle, caseNumber: '(2026)京0491民初1号' },
    });
    assert.equal(byBundle.status, 201, byBundle.text);
    assert.equal(byBundle.json.verified, true);
    assert.equal(byBundle.json.crossChain, false);
    const record = JSON.parse(byBundle.json.record.entry);
    assert.equal(record.type, 'verification');
    assert.equal(record.unit, 'clerk-a');
    assert.deepEqual(record.meta, {
      result: 'verified',
      chain: 'evidence',
      origin: bundle.origin,
      index: firstIndex,
      leafHash: bundle.leafHash,
      treeSize: bundle.treeSize,
      caseNumber: '(2026)京0491民初1号',
    });

    const byReference = await node.request('/v1/verifications', {
      token: clerkKey,
      json: { chain: 'evidence', index: firstIndex + 1, caseNumber: '(2026)京0491民初1号' },
    });
    assert.equal(byReference.status, 201, byReference.text);
    assert.equal(byReference.json.verified, true);

    const tampered = {
      ...bundle,
      leafHash: bundle.leafHash.replace(/^./, (c: string) => (c === '0' ? '1' : '0')),
    };
    const failed = await node.request('/v1/verifications', { token: clerkKey, json: { bundle: tampered } });
    assert.equal(failed.status, 201);
    assert.equal(failed.json.verified, false);
    assert.deepEqual(JSON.parse(failed.json.record.entry).meta.failedChecks, ['leaf-hash', 'receipt']);

    const listed = await node.request(
      `/v1/verifications?caseNumber=${encodeURIComponent('(2026)京0491民初1号')}`,
    );
    assert.deepEqual(
      listed.json.verifications.map((v: { verifiedIndex: number; verified: boolean }) => [
        v.verifiedIndex,
        v.verified,
      ]),
      [
        [firstIndex, true],
        [firstIndex + 1, true],
      ],
    );
  });

  it('refuses a verification request that names no bundle, both, or an unknown chain', async () => {
    const send = (json: unknown) => node.request('/v1/verifications', { token: clerkKey, json });
    assert.equal((await send({ caseNumber: 'x' })).status, 400);
    assert.equal((await send({ bundle: {}, chain: 'evidence', index: 0 })).status, 400);
    assert.equal((await send({ chain: 'evidence' })).status, 400);
    const unknown = await send({ chain: 'works', index: 0 });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.code, 'CHAIN_NOT_FOUND');
    const malformed = await send({ bundle: { format: 'something else' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.code, 'BUNDLE_INVALID');
    assert.equal(
      (await node.request('/v1/verifications', { json: { chain: 'evidence', index: 0 } })).status,
      401,
    );
  });

  it('counts entries per unit and type, verifications and cases; and has no alarms', async () => {
    const stats = (await node.request('/v1/stats', { token: node.adminToken })).json;
    assert.equal(stats.chains.length, 1);
    const [evidence] = stats.chains;
    assert.equal(evidence.chain, 'evidence');
    assert.equal(evidence.entries, 5);
    assert.deepEqual(evidence.types, { evidence: 2, verification: 3 });
    assert.deepEqual(evidence.units, [
      { unit: 'clerk-a', entries: 3, types: { verification: 3 } },
      { unit: 'platform-a', entries: 2, types: { evidence: 2 } },
    ]);
    const anonymous = (await node.request('/v1/stats')).json;
    assert.equal(anonymous.chains[0].units, undefined);
    assert.deepEqual(anonymous.totals, stats.totals);
    assert.doesNotMatch(JSON.stringify(anonymous), /platform-a|clerk-a/);
    assert.deepEqual(evidence.verifications, {
      verifications: 3,
      verified: 2,
      failed: 1,
      crossChainVerifications: 0,
      cases: 1,
      crossChainCases: 0,
      topCases: [{ caseNumber: '(2026)京0491民初1号', verifications: 2, crossChainVerifications: 0 }],
    });
    assert.deepEqual(stats.totals, {
      entries: 5,
      verifications: 3,
      crossChainVerifications: 0,
      cases: 1,
      crossChainCases: 0,
    });
    assert.deepEqual(stats.unavailable, []);
    assert.deepEqual((await node.request('/v1/alarms')).json, { alarms: [] });
    const metrics = (await node.request('/metrics')).text;
    assert.match(
      metrics,
      /^sealchain_verifications_total\{chain="evidence",result="verified",scope="own-chain"\} 2$/m,
    );
  });
});
