import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/index.ts';
import { checkBundle, parseTrustFile } from '../src/verify/index.ts';
import { createTestDataDir, sendRequest, startTestNode } from './api-node-support.ts';

// The whole path a platform and a court take: a unit is created, a file is deposited, its bundle
// is fetched once integrated and verified offline, with src/verify and with `sealchain verify`.

const BIN = fileURLToPath(new URL('../bin/sealchain.js', import.meta.url));

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

describe('evidence node end to end', () => {
  it('in process: unit, deposit, bundle when integrated, offline verification both ways', async () => {
    const node = await startTestNode();
    try {
      const unit = await node.createUnit('beijing-internet-court');
      const file = join(node.dataDir, 'screenshot.png');
      writeFileSync(file, 'pretend these are the bytes of a screenshot');
      const digest = `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
      const deposit = await node.request('/v1/chains/evidence/entries', {
        token: unit.apiKey,
        json: { digest },
      });
      assert.equal(deposit.status, 201);
      const bundle = await node.request(
        `/v1/chains/evidence/entries/${deposit.json.index}/bundle?wait=integrated&timeoutMs=15000`,
      );
      assert.equal(bundle.status, 200, bundle.text);
      const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
      const report = checkBundle(bundle.text, trust, { fileBytes: readFileSync(file) });
      assert.equal(report.ok, true, JSON.stringify(report.checks));
      assert.deepEqual(
        report.checks.map((check) => check.id),
        ['entry', 'leaf-hash', 'checkpoint-signature', 'cosignatures', 'inclusion', 'file-digest'],
      );
      const bundlePath = `${file}.sealchain.json`;
      writeFileSync(bundlePath, bundle.text);
      const lines: string[] = [];
      const status = await runCli(['verify', bundlePath, file, '--trust', node.trustPath], {
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
      });
      assert.equal(status, 0, lines.join('\n'));
      assert.match(lines[0]!, /VERIFIED$/);
      assert.deepEqual(node.loggedErrors, []);
    } finally {
      await node.close();
    }
  });

  it('as a child process: bin/sealchain.js start, deposit, sealchain verify, graceful SIGTERM', async () => {
    const dataDir = await createTestDataDir();
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const banner = await waitForOutput(child, /admin token[^\n]*: (sca_\S+)/, 30_000);
      assert.doesNotMatch(banner, /PRIVATE\+KEY/);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)![1]!;
      const adminToken = /admin token[^\n]*: (sca_\S+)/.exec(banner)![1]!;
      const unit = await sendRequest(url, '/v1/units', {
        token: adminToken,
        json: { name: 'copyright-center' },
      });
      assert.equal(unit.status, 201);
      const file = join(dataDir, 'work.txt');
      writeFileSync(file, '静夜思 床前明月光\n');
      const deposited = await runChild([
        'deposit',
        file,
        '--server',
        url,
        '--key',
        unit.json.apiKey,
        '--wait',
      ]);
      assert.equal(deposited.status, 0, deposited.stderr);
      assert.match(deposited.stdout, /work\.txt {2}evidence:0 {2}sha256:/);
      const verified = await runChild([
        'verify',
        `${file}.sealchain.json`,
        file,
        '--trust',
        join(dataDir, 'consortium.json'),
      ]);
      assert.equal(verified.status, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /VERIFIED/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      assert.doesNotMatch(stderr, /PRIVATE\+KEY/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
