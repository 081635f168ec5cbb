import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkBundle, parseTrustFile } from '../src/verify/index.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

// Deposits through the API on a node whose integrator runs only when the test says so, so that
// "not integrated yet" and "integrated" are both observed deliberately.

describe('deposits and bundles', () => {
  let node: TestNode;
  let apiKey: string;
  const entries = '/v1/chains/evidence/entries';

  before(async () => {
    node = await startTestNode({
      ledger: { integrationIntervalMs: 600_000, maxUnintegratedEntries: 40 },
      api: { maxBatchEntries: 50, unitEntryBurst: 50, unitEntriesPerSecond: 1 },
    });
    apiKey = (await node.createUnit('court-platform')).apiKey;
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  const integrate = () => node.running.node.chain.ledger.integrate();

  it('deposits one digest, answers the receipt, and replays an Idempotency-Key', async () => {
    const digest = randomDigest();
    const headers = { 'idempotency-key': 'order-17' };
    const first = await node.request(entries, {
      token: apiKey,
      json: { digest, meta: { case: 'A-1' } },
      headers,
    });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.id, `evidence:${first.json.index}`);
    assert.match(first.json.leafHash, /^[0-9a-f]{64}$/);
    assert.match(first.json.receipt, /^sealchain-receipt\/v1\norigin court.sealchain.local\/evidence\n/);
    assert.equal(JSON.parse(first.json.entry).unit, 'court-platform');
    assert.equal(first.json.replayed, false);
    const again = await node.request(entries, {
      token: apiKey,
      json: { digest, meta: { case: 'A-1' } },
      headers,
    });
    assert.equal(again.status, 200);
    assert.deepEqual({ ...again.json, replayed: false }, first.json);
    assert.equal(again.json.replayed, true);
    const reused = await node.request(entries, { token: apiKey, json: { digest: randomDigest() }, headers });
    assert.equal(reused.status, 422);
    assert.equal(reused.json.code, 'IDEMPOTENCY_KEY_REUSED');
    const stored = await node.request(`${entries}/${first.json.index}`);
    assert.equal(stored.status, 200);
    assert.equal(stored.json.entry, first.json.entry);
    assert.equal(stored.json.receipt, first.json.receipt);
    assert.equal(stored.json.integrated, false);
  });

  it('deposits a batch all at once with consecutive indexes, in order', async () => {
    const digests = [randomDigest(), randomDigest(), randomDigest()];
    const sizeBefore = await node.readSize();
    const answer = await node.request(`${entries}/batch`, {
      token: apiKey,
      json: { entries: digests.map((digest, i) => ({ digest, type: 'evidence', meta: { i } })) },
      headers: { 'idempotency-key': 'batch-1' },
    });
    assert.equal(answer.status, 201, answer.text);
    assert.deepEqual(
      answer.json.results.map((result: { index: number }) => result.index),
      [sizeBefore, sizeBefore + 1, sizeBefore + 2],
    );
    answer.json.results.forEach((result: { entry: string }, i: number) => {
      assert.equal(JSON.parse(result.entry).digest, digests[i]);
      assert.equal(JSON.parse(result.entry).type, 'evidence');
    });
    const replay = await node.request(`${entries}/batch`, {
      token: apiKey,
      json: { entries: digests.map((digest, i) => ({ digest, type: 'evidence', meta: { i } })) },
      headers: { 'idempotency-key': 'batch-1' },
    });
    assert.equal(replay.status, 201);
    assert.deepEqual(
      replay.json.results.map((result: { index: number; replayed: boolean }) => [
        result.index,
        result.replayed,
      ]),
      answer.json.results.map((result: { index: number }) => [result.index, true]),
    );
    assert.equal(await node.readSize(), sizeBefore + 3);
  });

  it('stores an uploaded file under its SHA-256 and deposits that digest', async () => {
    const file = new TextEncoder().encode('the signed contract, version 3\n');
    const sha256 = createHash('sha256').update(file).digest('hex');
    const answer = await node.request(
      `/v1/chains/evidence/uploads?meta=${encodeURIComponent('{"title":"contract"}')}`,
      {
        token: apiKey,
        body: file,
        headers: { 'content-type': 'application/pdf' },
      },
    );
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.json.digest, `sha256:${sha256}`);
    assert.equal(answer.json.sizeBytes, file.length);
    assert.deepEqual(JSON.parse(answer.json.entry).meta, { title: 'contract' });
    const blob = join(node.dataDir, 'blobs', 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    assert.deepEqual(new Uint8Array(readFileSync(blob)), file);
    const found = await node.request(`${entries}?digest=sha256:${sha256}`);
    assert.deepEqual(
      found.json.entries.map((entry: { index: number }) => entry.index),
      [answer.json.index],
    );
  });

  it('answers 202 until a checkpoint covers the entry, then a bundle that verifies offline', async () => {
    const digest = randomDigest();
    const deposit = await node.request(entries, { token: apiKey, json: { digest } });
    const bundlePath = `${entries}/${deposit.json.index}/bundle`;
    const pending = await node.request(bundlePath);
    assert.equal(pending.status, 202);
    assert.equal(pending.json.status, 'pending');
    assert.match(pending.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
    const started = performance.now();
    const timedOut = await node.request(`${bundlePath}?wait=integrated&timeoutMs=150`);
    assert.equal(timedOut.status, 202);
    assert.ok(performance.now() - started >= 140);
    const waiting = node.request(`${bundlePath}?wait=integrated&timeoutMs=20000`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await integrate();
    const answer = await waiting;
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get('content-type'), 'application/vnd.sealchain.bundle+json');
    const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
    const report = checkBundle(answer.text, trust);
    assert.equal(report.ok, true, JSON.stringify(report.checks));
    assert.equal(report.entry?.digest, digest);
    assert.equal(report.entry?.unit, 'court-platform');
    const tampered = JSON.parse(answer.text);
    assert.ok(tampered.inclusionProof.length > 0);
    tampered.inclusionProof[0] = '00'.repeat(32);
    assert.deepEqual(
      checkBundle(tampered, trust)
        .checks.filter((check) => !check.ok)
        .map((check) => check.id),
      ['inclusion'],
    );
    for (let index = 0; index <= deposit.json.index; index++) {
      const bundle = await node.request(`${entries}/${index}/bundle`);
      const report = checkBundle(bundle.text, trust);
      // The raw `work` entries a unit deposited above are no registrations: only the authority check fails.
      const failed = report.checks.filter((check) => !check.ok).map((check) => check.id);
      assert.deepEqual(failed, report.entry?.type === 'work' ? ['authority'] : [], `index ${index}`);
    }
    assert.equal((await node.request(`${entries}/${deposit.json.index}`)).json.integrated, true);
  });

  it('limits each unit to its token bucket and answers 429 with Retry-After', async () => {
    const unit = await node.createUnit('fast-platform');
    const batch = (count: number) =>
      node.request(`${entries}/batch`, {
        token: unit.apiKey,
        json: { entries: Array.from({ length: count }, () => ({ digest: randomDigest() })) },
      });
    assert.equal((await batch(30)).status, 201);
    const sizeBefore = await node.readSize();
    const limited = await batch(30);
    assert.equal(limited.status, 429);
    assert.equal(limited.json.code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) >= 5, limited.headers.get('retry-after') ?? 'none');
    assert.equal(await node.readSize(), sizeBefore);
    const other = await node.request(entries, { token: apiKey, json: { digest: randomDigest() } });
    assert.equal(other.status, 201, 'another unit is not limited');
  });

  it('answers 503 with Retry-After while too many entries wait for integration, then accepts them', async () => {
    const unit = await node.createUnit('patient-platform');
    const json = { entries: Array.from({ length: 20 }, () => ({ digest: randomDigest() })) };
    const sizeBefore = await node.readSize();
    const refused = await node.request(`${entries}/batch`, { token: unit.apiKey, json });
    assert.equal(refused.status, 503, refused.text);
    assert.equal(refused.json.code, 'OVERLOADED');
    assert.match(refused.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);
    assert.equal(await node.readSize(), sizeBefore);
    assert.equal((await node.request('/readyz')).status, 200);
    await integrate();
    const accepted = await node.request(`${entries}/batch`, { token: unit.apiKey, json });
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal(await node.readSize(), sizeBefore + 20);
  });

  it('counts entries and checkpoints in the metrics', async () => {
    await integrate();
    const metrics = await node.request('/metrics');
    assert.equal(metrics.status, 200);
    const size = await node.readSize();
    assert.match(metrics.text, new RegExp(`^sealchain_entries_total\\{chain="evidence"\\} ${size}$`, 'm'));
    assert.match(metrics.text, new RegExp(`^sealchain_chain_size\\{chain="evidence"\\} ${size}$`, 'm'));
    assert.match(metrics.text, /^sealchain_integration_lag_seconds\{chain="evidence"\} 0$/m);
    assert.match(
      metrics.text,
      /^sealchain_http_request_duration_seconds_count\{method="POST",route="\/v1\/chains\/:chain\/entries",status="201"\} [1-9]/m,
    );
    assert.equal(existsSync(node.trustPath), true);
  });
});
