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
});
