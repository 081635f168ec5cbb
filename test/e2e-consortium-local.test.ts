import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPgliteDir } from '../src/store/test-support/databases.ts';
import { checkBundle, parseTrustFile, type TrustFile } from '../src/verify/index.ts';
import { sendRequest } from './api-node-support.ts';
import { BIN } from './e2e-consortium-support.ts';

// What `npm start` runs, as a child process: the local consortium (both chains, three witnesses,
// each node with its own database, one port). The README's commands against it: units, deposits
// on each chain with --wait, offline verification; then the cross-chain features: a court bundle
// that carries the works chain's anchor of it, a verification of a works entry recorded on the
// court's chain with its case, and the statistics that count them.

const LOCAL_NODES = [
  'witness-court',
  'witness-copyright-center',
  'witness-notary',
  'witness-forensics',
  'evidence',
  'works',
];

function runChild(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in ${timeoutMs} ms; output: ${seen}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${seen}`)));
  });
}

describe('the local consortium of sealchain start (a child process)', () => {
  let dataDir: string;
  let child: ChildProcess;
  let stderr = '';
  let url: string;
  let trust: TrustFile;
  let apiKey: string;
  let clerkKey: string;
  let adminToken: string;
  let operatorPassword: string;
  const deposited = new Map<string, { index: number; file: string }>();

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sealchain-local-'));
    for (const node of LOCAL_NODES) {
      mkdirSync(join(dataDir, 'nodes', node), { recursive: true });
      renameSync(await createPgliteDir(), join(dataDir, 'nodes', node, 'pglite'));
    }
    child = spawn(
      process.execPath,
      [BIN, 'start', '--port', '0', '--data', dataDir, '--anchor-interval-ms', '300'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } },
    );
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The first operator's one-time password is the banner's last line.
    const banner = await waitForOutput(
      child,
      /web login operator-1, one-time password[^\n]*: (\S+)\n/,
      90_000,
    );
    operatorPassword = /web login operator-1, one-time password[^\n]*: (\S+)\n/.exec(banner)![1]!;
    assert.doesNotMatch(banner, /PRIVATE\+KEY/);
    assert.match(
      banner,
      /chain evidence \(court\.sealchain\.local\/evidence\), sequenced by court: final at 2 of 3 independent witnesses \(copyright-center, notary, forensics\); the sequencer's own witness \(court\) does not count/,
    );
    assert.match(
      banner,
      /chain works \(copyright\.sealchain\.local\/works\), sequenced by copyright-center: final at 2 of 3 independent witnesses \(court, notary, forensics\); the sequencer's own witness \(copyright-center\) does not count/,
    );
    assert.match(banner, /witnesses court, copyright-center, notary, forensics\n/);
    url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
    adminToken = /admin token[^\n]*: (sca_\S+)/.exec(banner)![1]!;
    const unit = await runChild([
      'unit',
      'add',
      'copyright-platform',
      '--server',
      url,
      '--admin-token',
      adminToken,
      '--json',
    ]);
    assert.equal(unit.status, 0, unit.stderr);
    apiKey = JSON.parse(unit.stdout).apiKey;
    const clerk = await runChild([
      'principal',
      'add',
      'court-clerk-li',
      '--org',
      'court',
      '--role',
      'clerk',
      '--server',
      url,
      '--admin-token',
      adminToken,
      '--json',
    ]);
    assert.equal(clerk.status, 0, clerk.stderr);
    clerkKey = JSON.parse(clerk.stdout).apiKey;
    trust = parseTrustFile(readFileSync(join(dataDir, 'consortium.json'), 'utf8'));
  });

  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the first operator’s one-time password once, and it logs in', async () => {
    const login = await fetch(`${url}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'operator-1', password: operatorPassword }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const body = (await login.json()) as { user: { roles: string[]; organisation: string } };
    assert.deepEqual(body.user.roles, ['operator']);
    assert.equal(body.user.organisation, 'court');
  });

  it('deposits on each chain with sealchain deposit --wait and verifies the final bundles offline', async () => {
    for (const chain of ['evidence', 'works']) {
      const file = join(dataDir, `${chain}.txt`);
      writeFileSync(file, `静夜思 床前明月光 (${chain})\n`);
      const result = await runChild([
        'deposit',
        file,
        '--server',
        url,
        '--key',
        apiKey,
        '--chain',
        chain,
        '--wait',
      ]);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      const match = new RegExp(`${chain}\\.txt {2}${chain}:(\\d+) {2}sha256:`).exec(result.stdout);
      assert.ok(match, result.stdout);
      deposited.set(chain, { index: Number(match[1]), file });
      const verified = await runChild([
        'verify',
        `${file}.sealchain.json`,
        file,
        '--trust',
        join(dataDir, 'consortium.json'),
      ]);
      assert.equal(verified.status, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /VERIFIED/);
      assert.match(
        verified.stdout,
        /ok {4}cosignatures +cosigned by [23] of 3 independent witnesses \([a-z-]+(?:, [a-z-]+)+\), quorum 2; the sequencer's own witness \((?:court|copyright-center)\) does not count/,
      );
    }
  });

  it('serves a court bundle that carries the works chain’s anchor of it, and both verify offline', async () => {
    const { index, file } = deposited.get('evidence')!;
    const anchored = await sendRequest(
      url,
      `/v1/chains/evidence/entries/${index}/bundle?wait=anchored&timeoutMs=20000`,
    );
    assert.equal(anchored.status, 200, anchored.text);
    assert.equal(anchored.json.anchors.length, 1);
    const anchor = anchored.json.anchors[0];
    assert.equal(anchor.bundle.chain, 'works');
    assert.equal(JSON.parse(anchor.bundle.entry).type, 'anchor');
    const report = checkBundle(anchored.text, trust, { fileBytes: readFileSync(file) });
    assert.equal(report.ok, true, JSON.stringify(report.checks.filter((c) => !c.ok)));
    assert.deepEqual(
      report.checks.map((c) => c.id),
      [
        'entry',
        'leaf-hash',
        'checkpoint-signature',
        'cosignatures',
        'inclusion',
        'receipt',
        'file-digest',
        'anchor',
      ],
    );
    assert.equal(checkBundle(anchor.bundle, trust).ok, true, 'the anchor entry’s own bundle verifies');
    const bundlePath = join(dataDir, 'anchored.sealchain.json');
    writeFileSync(bundlePath, anchored.text);
    const verified = await runChild([
      'verify',
      bundlePath,
      file,
      '--trust',
      join(dataDir, 'consortium.json'),
    ]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /ok {4}anchor +anchored on chain works at index \d+/);
  });

  it('records a cross-chain verification of a works entry on the court chain, and counts it', async () => {
    const { index } = deposited.get('works')!;
    const verification = await sendRequest(url, '/v1/verifications', {
      token: clerkKey,
      json: { chain: 'works', index, caseNumber: '(2026)京0491民初88号' },
    });
    assert.equal(verification.status, 201, verification.text);
    assert.equal(verification.json.verified, true);
    assert.equal(verification.json.crossChain, true);
    assert.match(verification.json.record.id, /^evidence:\d+$/);
    const record = JSON.parse(verification.json.record.entry);
    assert.equal(record.type, 'verification');
    assert.equal(record.meta.chain, 'works');
    assert.equal(record.meta.index, index);
    assert.equal(record.meta.caseNumber, '(2026)京0491民初88号');

    const stats = (await sendRequest(url, '/v1/stats', { token: adminToken })).json;
    assert.deepEqual(stats.unavailable, []);
    assert.deepEqual(stats.chains.map((c: { chain: string }) => c.chain).sort(), ['evidence', 'works']);
    const evidence = stats.chains.find((c: { chain: string }) => c.chain === 'evidence');
    const works = stats.chains.find((c: { chain: string }) => c.chain === 'works');
    assert.equal(evidence.types.evidence, 1);
    assert.equal(evidence.types.verification, 1);
    assert.equal(works.types.evidence, 1);
    assert.ok(evidence.types.anchor >= 1 && works.types.anchor >= 1, 'each chain anchors the other');
    assert.deepEqual(evidence.units.find((u: { unit: string }) => u.unit === 'copyright-platform').types, {
      evidence: 1,
    });
    assert.deepEqual(evidence.units.find((u: { unit: string }) => u.unit === 'court-clerk-li').types, {
      verification: 1,
    });
    assert.equal(stats.totals.verifications, 1);
    assert.equal(stats.totals.crossChainVerifications, 1);
    assert.equal(stats.totals.crossChainCases, 1);
    assert.deepEqual(evidence.verifications.topCases, [
      { caseNumber: '(2026)京0491民初88号', verifications: 1, crossChainVerifications: 1 },
    ]);
  });

  it('lists both chains, has no alarms, and stops gracefully on SIGTERM', async () => {
    const chains = (await sendRequest(url, '/v1/chains')).json.chains;
    assert.deepEqual(
      chains.map((c: { name: string; quorum: number; independentWitnesses: string[] }) => [
        c.name,
        c.quorum,
        c.independentWitnesses,
      ]),
      [
        ['evidence', 2, ['copyright-center', 'notary', 'forensics']],
        ['works', 2, ['court', 'notary', 'forensics']],
      ],
    );
    assert.deepEqual((await sendRequest(url, '/v1/alarms')).json, { alarms: [] });
    const metrics = (await sendRequest(url, '/metrics')).text;
    assert.match(metrics, /^sealchain_witness_cosignatures_total\{[^}]*node="witness-notary"[^}]*\} [1-9]/m);
    assert.equal((await sendRequest(url, '/readyz')).status, 200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.doesNotMatch(stderr, /PRIVATE\+KEY/);
  });
});
