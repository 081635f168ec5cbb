import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEvidenceNode, type NodeOptions } from '../src/node/index.ts';
import { checkCapturePackage, readZip } from '../src/capture/index.ts';
import { findChromiumSkipReason, TEST_CHROMIUM } from '../src/capture/test-support/chromium.ts';
import { runCli } from '../src/cli/run.ts';
import { openDatabase, SqlJobStorage } from '../src/store/index.ts';
import { parseTrustFile } from '../src/verify/index.ts';
import { sendRequest, startTestNode, type TestNode } from './api-node-support.ts';
import { startFixtureSite, type FixtureSite } from './fixtures/capture/fixture-site.ts';
import { createUser, loginAs } from './user-support.ts';

// The capture service of an evidence node end to end: POST /v1/captures, the job followed to its
// end, the WACZ downloaded and verified offline with its proof bundle, `sealchain capture` and
// `sealchain verify PACKAGE.wacz`, and the queue kept across a restart.

const skip = findChromiumSkipReason();
const CAPTURE_NODE_OPTIONS: Partial<NodeOptions> = {
  capture: {
    pool: { executablePath: TEST_CHROMIUM, size: 1 },
    service: { permittedNetworks: ['127.0.0.1/32'], bundleWaitMs: 10_000 },
  },
};
const OPTIONS = { allowedNetworks: ['127.0.0.1/32'], pdf: false, networkIdleMs: 150, scrollStepDelayMs: 20 };

let site: FixtureSite;
let node: TestNode;
let apiKey: string;
const work = mkdtempSync(join(tmpdir(), 'sealchain-capture-api-'));

before(async () => {
  if (skip !== undefined) return;
  site = await startFixtureSite();
  node = await startTestNode(CAPTURE_NODE_OPTIONS);
  apiKey = (await node.createUnit('capturing-platform')).apiKey;
});
after(async () => {
  await node?.close();
  await site?.close();
  rmSync(work, { recursive: true, force: true });
});

async function waitForJobAs(headers: Record<string, string>, id: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await node.request(`/v1/captures/${id}`, { headers });
    assert.equal(answer.status, 200, answer.text);
    if (answer.json.status === 'done' || answer.json.status === 'failed') return answer.json;
    if (Date.now() > deadline) throw new Error(`capture ${id} still ${answer.json.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForJob(url: string, id: string, key: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await sendRequest(url, `/v1/captures/${id}`, { token: key });
    assert.equal(answer.status, 200, answer.text);
    if (answer.json.status === 'done' || answer.json.status === 'failed') return answer.json;
    if (Date.now() > deadline)
      throw new Error(`capture ${id} still ${answer.json.status} (${answer.json.phase})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function collectOutput() {
  const lines: string[] = [];
  return {
    lines,
    output: { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) },
  };
}

describe('capture service of the evidence node', { skip }, () => {
  it('refuses unauthenticated requests, other schemes and networks the node does not permit', async () => {
    assert.equal(
      (await node.request('/v1/captures', { json: { url: `${site.origin}/static` } })).status,
      401,
    );
    const scheme = await node.request('/v1/captures', { token: apiKey, json: { url: 'file:///etc/passwd' } });
    assert.equal(scheme.status, 422);
    assert.equal(scheme.json.code, 'CAPTURE_URL_REFUSED');
    const network = await node.request('/v1/captures', {
      token: apiKey,
      json: { url: `${site.origin}/static`, options: { allowedNetworks: ['10.0.0.0/8'] } },
    });
    assert.equal(network.status, 422);
    assert.match(network.json.detail, /does not permit captures to reach 10\.0\.0\.0\/8/);
    const loopback = await node.request('/v1/captures', {
      token: apiKey,
      json: { url: `${site.origin}/static` },
    });
    assert.equal(loopback.status, 422);
    const unknown = await node.request('/v1/captures', {
      token: apiKey,
      json: { url: site.origin, options: { colour: 1 } },
    });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json.code, 'CAPTURE_OPTIONS_INVALID');
  });

  it('captures, packages and deposits a page; the package verifies offline and a changed byte is named', async () => {
    const submitted = await node.request('/v1/captures', {
      token: apiKey,
      json: { url: `${site.origin}/redirect`, options: OPTIONS },
    });
    assert.equal(submitted.status, 202, submitted.text);
    assert.equal(submitted.headers.get('location'), `/v1/captures/${submitted.json.id}`);
    assert.equal(submitted.json.status, 'queued');
    assert.deepEqual(submitted.json.progress, { percent: 0, message: 'queued' });
    const job = await waitForJob(node.url, submitted.json.id, apiKey);
    assert.equal(job.status, 'done', JSON.stringify(job.error));
    assert.deepEqual(job.progress, { percent: 100, message: 'done' });
    assert.equal(job.state, 'complete');
    assert.equal(job.targetStatus, 301);
    assert.equal(job.finalUrl, `${site.origin}/static`);
    assert.equal(job.title, 'Static fixture');
    assert.equal(job.entry.chain, 'evidence');
    assert.ok(job.bundle, 'the bundle is stored beside the package');
    const attachments = job.attachments.map((a: { path: string }) => a.path);
    for (const path of [
      'attachments/screenshot.png',
      'attachments/provenance.json',
      'attachments/provenance.html',
    ]) {
      assert.ok(attachments.includes(path), path);
    }
    const other = await node.createUnit('another-platform');
    assert.equal((await node.request(`/v1/captures/${job.id}`, { token: other.apiKey })).status, 404);
    const otherPackage = await node.request(`/v1/captures/${job.id}/package`, { token: other.apiKey });
    assert.equal(otherPackage.json.code, 'CAPTURE_NOT_FOUND');
    const judge = await node.createPrincipal(['judge'], 'city-court');
    const byJudge = await node.request(`/v1/captures/${job.id}/package`, { token: judge.apiKey });
    assert.equal(byJudge.status, 403);
    assert.equal(byJudge.json.code, 'ROLE_REQUIRED');

    const download = await fetch(`${node.url}${job.package.url}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/wacz');
    const wacz = new Uint8Array(await download.arrayBuffer());
    assert.equal(wacz.length, job.package.bytes);
    const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
    const report = await checkCapturePackage(wacz, { bundle: job.bundle, trust });
    assert.equal(report.ok, true, JSON.stringify(report.checks.filter((c) => !c.ok)));
    assert.equal(report.packageDigest, job.package.digest);
    assert.equal(report.bundle?.entry?.type, 'capture');
    assert.equal(report.bundle?.entry?.meta['url'], `${site.origin}/redirect`);
    assert.equal(report.bundle?.entry?.meta['finalUrl'], `${site.origin}/static`);
    assert.equal(report.bundle?.entry?.meta['state'], 'complete');
    assert.equal(report.bundle?.entry?.meta['title'], 'Static fixture');

    const warc = readZip(wacz).find((file) => file.path === 'archive/data.warc.gz')!;
    const tampered = Buffer.from(wacz);
    const at = tampered.indexOf(Buffer.from(warc.bytes.subarray(0, 32))) + 20;
    tampered[at] = tampered[at]! ^ 0x20;
    const broken = await checkCapturePackage(tampered, { bundle: job.bundle, trust });
    assert.equal(broken.ok, false);
    assert.deepEqual(
      broken.checks.filter((check) => !check.ok).map((check) => check.file ?? check.id),
      ['archive/data.warc.gz', 'chain-entry'],
    );
    assert.equal(broken.bundle?.checks.find((check) => check.id === 'file-digest')?.ok, false);
  });

  it('runs `sealchain capture` with progress and `sealchain verify` on the package it wrote', async () => {
    const out = join(work, 'cli');
    const capture = collectOutput();
    const status = await runCli(
      [
        'capture',
        `${site.origin}/lazy`,
        '--out',
        out,
        '--server',
        node.url,
        '--key',
        apiKey,
        '--allow',
        '127.0.0.1/32',
        '--no-pdf',
      ],
      capture.output,
    );
    assert.equal(status, 0, capture.lines.join('\n'));
    const phases = capture.lines.filter((line) => /^capture [0-9a-f-]{36}: [a-z-]+$/.test(line));
    assert.ok(phases.length >= 3, capture.lines.join('\n'));
    assert.ok(capture.lines.some((line) => /: complete$/.test(line)));
    const packageLine = capture.lines.find((line) => line.includes('package'))!;
    const packagePath = /package\s+(\S+\.wacz)/.exec(packageLine)![1]!;
    assert.ok(existsSync(packagePath) && existsSync(`${packagePath}.sealchain.json`));

    const verify = collectOutput();
    assert.equal(
      await runCli(['verify', packagePath, '--trust', node.trustPath], verify.output),
      0,
      verify.lines.join('\n'),
    );
    assert.match(verify.lines[0]!, /VERIFIED$/);
    const bytes = readFileSync(packagePath);
    const pages = readZip(bytes).find((file) => file.path === 'pages/pages.jsonl')!;
    const at = bytes.indexOf(Buffer.from(pages.bytes.subarray(0, 24))) + 5;
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(packagePath, bytes);
    const again = collectOutput();
    assert.equal(await runCli(['verify', packagePath, '--trust', node.trustPath], again.output), 1);
    assert.match(again.lines[0]!, /NOT VERIFIED$/);
    assert.ok(
      again.lines.some((line) =>
        /FAIL\s+file pages\/pages\.jsonl\s+pages\/pages\.jsonl has been changed/.test(line),
      ),
      again.lines.join('\n'),
    );
  });

  it('keeps queued captures across a restart and finishes them', async () => {
    const dataDir = join(work, 'restart');
    const first = await startEvidenceNode({ dataDir, port: 0, ...CAPTURE_NODE_OPTIONS }, () => undefined);
    const admin = first.node.adminToken!;
    const key = (await sendRequest(first.url, '/v1/units', { token: admin, json: { name: 'restarting' } }))
      .json.apiKey;
    const ids: string[] = [];
    for (const path of ['/static', '/missing']) {
      const answer = await sendRequest(first.url, '/v1/captures', {
        token: key,
        json: { url: `${site.origin}${path}`, options: OPTIONS },
      });
      assert.equal(answer.status, 202, answer.text);
      ids.push(answer.json.id);
    }
    await first.close();
    const second = await startEvidenceNode({ dataDir, port: 0, ...CAPTURE_NODE_OPTIONS }, () => undefined);
    try {
      for (const id of ids) {
        const job = await waitForJob(second.url, id, key);
        assert.equal(job.status, 'done', JSON.stringify(job.error));
        assert.ok(job.entry !== null);
      }
    } finally {
      await second.close();
    }
  });

  it('takes back at once a capture its previous life left running on the embedded database', async () => {
    const dataDir = join(work, 'orphaned');
    const first = await startEvidenceNode({ dataDir, port: 0, ...CAPTURE_NODE_OPTIONS }, () => undefined);
    const admin = first.node.adminToken!;
    const key = (await sendRequest(first.url, '/v1/units', { token: admin, json: { name: 'orphaning' } }))
      .json.apiKey;
    const answer = await sendRequest(first.url, '/v1/captures', {
      token: key,
      json: { url: `${site.origin}/static`, options: OPTIONS },
    });
    assert.equal(answer.status, 202, answer.text);
    await first.close();
    // The previous life had taken the capture with an hour-long lease and died holding it.
    const client = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    try {
      const jobs = new SqlJobStorage(client);
      const taken = await jobs.claimJobs(
        { kinds: ['capture'], owner: 'previous-life', leaseMs: 3_600_000, limit: 1 },
        new Date().toISOString(),
      );
      assert.deepEqual(
        taken.map((job) => job.id),
        [answer.json.id],
      );
    } finally {
      await client.close();
    }
    const second = await startEvidenceNode({ dataDir, port: 0, ...CAPTURE_NODE_OPTIONS }, () => undefined);
    try {
      // Far inside the hour: only the restart's recovery, not the lease's end, can have freed it.
      const job = await waitForJob(second.url, answer.json.id, key, 60_000);
      assert.equal(job.status, 'done', JSON.stringify(job.error));
      assert.equal(job.error, null);
      assert.equal(job.attempts, 2);
    } finally {
      await second.close();
    }
  });

  it("lists a person's captures and their key's from the server, newest first, and no other unit's", async () => {
    const password = 'a long enough test password';
    await createUser(node.url, node.adminToken, {
      name: 'carla',
      password,
      roles: ['unit'],
      organisation: 'capture-platform',
    });
    const carla = await loginAs(node.url, 'carla', password);
    const made = await node.request('/v1/me/keys', { headers: carla.headers, json: { label: 'robot' } });
    assert.equal(made.status, 201, made.text);
    const robot: string = made.json.apiKey;
    const submit = async (auth: { token?: string; headers?: Record<string, string> }, path: string) => {
      const answer = await node.request('/v1/captures', {
        ...auth,
        json: { url: `${site.origin}${path}`, options: OPTIONS },
      });
      assert.equal(answer.status, 202, answer.text);
      return answer.json.id as string;
    };
    const own = await submit({ headers: carla.headers }, '/static');
    const byKey = await submit({ token: robot }, '/static?robot');
    const others = await submit({ token: apiKey }, '/static?other');

    const listed = await node.request('/v1/me/captures', { headers: carla.headers });
    assert.equal(listed.status, 200, listed.text);
    assert.match(listed.headers.get('cache-control') ?? '', /no-store/);
    assert.deepEqual(
      listed.json.captures.map((c: { id: string; key: string | null }) => [c.id, c.key]),
      [
        [byKey, 'robot'],
        [own, null],
      ],
    );
    assert.equal(listed.json.next, null);
    const theirs = await node.request('/v1/me/captures?limit=100', { token: apiKey });
    assert.equal(
      theirs.json.captures.some((c: { id: string }) => c.id === own || c.id === byKey),
      false,
      "another unit never sees carla's captures",
    );
    assert.ok(theirs.json.captures.some((c: { id: string }) => c.id === others));
    assert.equal((await node.request(`/v1/captures/${own}`, { token: apiKey })).status, 404);
    assert.equal((await node.request(`/v1/captures/${byKey}/package`, { token: apiKey })).status, 404);
    const robotsOwn = await node.request('/v1/me/captures', { token: robot });
    assert.deepEqual(
      robotsOwn.json.captures.map((c: { id: string }) => c.id),
      [byKey],
    );

    for (const id of [own, byKey]) {
      const job = await waitForJobAs(carla.headers, id);
      assert.equal(job.status, 'done', JSON.stringify(job.error));
    }
    assert.equal((await waitForJob(node.url, others, apiKey, 120_000)).status, 'done');
    const done = await node.request('/v1/me/captures?status=done', { headers: carla.headers });
    assert.equal(done.status, 200, done.text);
    const keyed = done.json.captures.find((c: { id: string }) => c.id === byKey);
    assert.equal(keyed.state, 'complete');
    assert.equal(keyed.principal, 'carla:robot');
    assert.deepEqual(keyed.progress, { percent: 100, message: 'done' });
    assert.match(keyed.finishedAt, /^\d{4}-\d\d-\d\dT.*Z$/);
    assert.equal(keyed.screenshot, `/v1/captures/${byKey}/attachments/screenshot.png`);
    assert.equal(keyed.package.url, `/v1/captures/${byKey}/package`);
    assert.equal(keyed.certificate, `/v1/chains/evidence/entries/${keyed.entry.index}/certificate.pdf`);
    // The owner opens what its key captured: the package and the screenshot.
    const pack = await node.request(keyed.package.url, { headers: carla.headers });
    assert.equal(pack.status, 200);
    const shot = await node.request(keyed.screenshot, { headers: carla.headers });
    assert.equal(shot.status, 200);
    assert.equal(shot.headers.get('content-type'), 'image/png');
    assert.deepEqual(
      (await node.request('/v1/me/captures?status=queued', { headers: carla.headers })).json.captures,
      [],
    );

    const first = await node.request('/v1/me/captures?limit=1', { headers: carla.headers });
    assert.equal(first.json.captures[0].id, byKey);
    assert.equal(typeof first.json.next, 'string');
    const second = await node.request(
      `/v1/me/captures?limit=1&cursor=${encodeURIComponent(first.json.next)}`,
      {
        headers: carla.headers,
      },
    );
    assert.deepEqual(
      second.json.captures.map((c: { id: string }) => c.id),
      [own],
    );
    assert.equal(second.json.next, null);
  });

  it('answers hostile list queries with typed errors, and a caller without a credential with 401', async () => {
    for (const query of [
      'limit=0',
      'limit=-1',
      'limit=101',
      'limit=99999999999999999999',
      'limit=abc',
      'status=lost',
      'cursor=garbage',
      'cursor=2026-13-45T00:00:00.000Z_00000000-0000-0000-0000-000000000000',
      `cursor=${'x'.repeat(5_000)}`,
    ]) {
      const answer = await node.request(`/v1/me/captures?${query}`, { token: apiKey });
      assert.equal(answer.status, 400, `${query}: ${answer.text}`);
      assert.equal(answer.json.code, 'REQUEST_INVALID', query);
    }
    for (const query of ['cursor=%00', 'status=done%00']) {
      const answer = await node.request(`/v1/me/captures?${query}`, { token: apiKey });
      assert.equal(answer.status, 422, query);
      assert.equal(answer.json.code, 'TEXT_NUL_REFUSED', query);
    }
    assert.equal((await node.request('/v1/me/captures')).status, 401);
  });
});
