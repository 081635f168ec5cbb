import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSignerKey, formatVerifierKey, toVerifierKey } from '../src/crypto/index.ts';
import { openDatabase } from '../src/store/index.ts';
import { startTestNode, type TestNode } from './api-node-support.ts';
import { runCaptured as run } from './cli-support.ts';

// The commands run in this process against a node in this process, their output captured.

describe('sealchain commands', () => {
  let node: TestNode;
  let work: string;
  let apiKey: string;

  before(async () => {
    node = await startTestNode({ ledger: { integrationIntervalMs: 600_000 } });
    work = mkdtempSync(join(tmpdir(), 'sealchain-cli-'));
  });

  after(async () => {
    await node.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers help, and usage mistakes with exit status 2', async () => {
    const help = await run('help');
    assert.equal(help.status, 0);
    assert.match(help.out.join('\n'), /deposit/);
    assert.match((await run('help', 'verify')).out.join('\n'), /^Usage: sealchain verify BUNDLE/);
    assert.equal((await run('no-such-command')).status, 2);
    assert.equal((await run('deposit')).status, 2);
    assert.equal((await run('verify')).status, 2);
    const unknown = await run('verify', 'x.json', '--bogus');
    assert.equal(unknown.status, 2);
    assert.match(unknown.err.join('\n'), /bogus/);
    assert.equal((await run('unit', 'add', 'x', '--server', node.url)).status, 2, 'no admin token');
    assert.equal((await run('start', '--port', '70000')).status, 2);
    assert.match(help.out.join('\n'), /worker .*--queues capture/);
    assert.match((await run('help', 'worker')).out.join('\n'), /^Usage: sealchain worker --config FILE/);
    assert.equal((await run('worker')).status, 2);
    const queue = await run('worker', '--config', 'x.json', '--queues', 'mail');
    assert.equal(queue.status, 2);
    assert.match(queue.err.join('\n'), /--queues names job kinds among capture, not "mail"/);
    assert.equal((await run('worker', '--config', 'x.json', '--concurrency', '0')).status, 2);
  });

  it('adds, lists and revokes units with the admin token', async () => {
    const server = ['--server', node.url, '--admin-token', node.adminToken];
    const added = await run('unit', 'add', 'cli-platform', ...server, '--json');
    assert.equal(added.status, 0, added.err.join('\n'));
    const unit = JSON.parse(added.out[0]!);
    apiKey = unit.apiKey;
    assert.match(apiKey, /^sc_[0-9a-f]{16}_/);
    const listed = await run('unit', 'list', ...server);
    assert.match(listed.out.join('\n'), new RegExp(`${unit.id}  cli-platform  created .*  active`));
    const other = JSON.parse((await run('unit', 'add', 'short-lived', ...server, '--json')).out[0]!);
    const revoked = await run('unit', 'revoke', other.id, ...server);
    assert.equal(revoked.status, 0);
    assert.match(revoked.out[0]!, /^revoked unit short-lived/);
    const refused = await run('unit', 'add', 'cli-platform', ...server);
    assert.equal(refused.status, 1);
    assert.match(refused.err.join('\n'), /UNIT_NAME_TAKEN/);
    const wrongToken = await run('unit', 'list', '--server', node.url, '--admin-token', 'sca_nope');
    assert.equal(wrongToken.status, 1);
    assert.match(wrongToken.err.join('\n'), /UNAUTHENTICATED/);
  });

  it('adds principals of every role, rotates a key and refuses look-alike names', async () => {
    const server = ['--server', node.url, '--admin-token', node.adminToken];
    assert.equal((await run('principal', 'org-add', 'city-court', ...server)).status, 0);
    const listedOrgs = await run('principal', 'org-list', ...server);
    assert.match(listedOrgs.out.join('\n'), /^city-court {2}added$/m);
    const added = await run(
      'principal',
      'add',
      'clerk-wang',
      '--org',
      'city-court',
      '--role',
      'judge',
      '--role',
      'clerk',
      ...server,
      '--json',
    );
    assert.equal(added.status, 0, added.err.join('\n'));
    const clerk = JSON.parse(added.out[0]!);
    assert.deepEqual([clerk.organisation, clerk.roles], ['city-court', ['clerk', 'judge']]);
    for (const role of ['unit', 'platform', 'creator', 'registrar', 'mediator', 'operator']) {
      const one = await run(
        'principal',
        'add',
        `cli-role-${role}`,
        '--org',
        'city-court',
        '--role',
        role,
        ...server,
      );
      assert.equal(one.status, 0, one.err.join('\n'));
      assert.match(one.out[0]!, new RegExp(`with roles ${role} `));
    }
    const listed = await run('principal', 'list', ...server);
    assert.match(
      listed.out.join('\n'),
      new RegExp(`${clerk.id}  clerk-wang  city-court  clerk,judge  active`),
    );
    const rotated = await run('principal', 'rotate-key', 'clerk-wang', ...server);
    assert.equal(rotated.status, 0, rotated.err.join('\n'));
    const newKey = /: (sc_\S+)$/.exec(rotated.out[0]!)![1]!;
    assert.notEqual(newKey, clerk.apiKey);
    const caseQuery = { json: { chain: 'evidence', index: 0 } };
    assert.equal(
      (await node.request('/v1/verifications', { ...caseQuery, token: clerk.apiKey })).status,
      401,
    );
    assert.notEqual((await node.request('/v1/verifications', { ...caseQuery, token: newKey })).status, 401);
    const lookAlike = await run(
      'principal',
      'add',
      'C1erk-Wang',
      '--org',
      'city-court',
      '--role',
      'unit',
      ...server,
    );
    assert.equal(lookAlike.status, 1);
    assert.match(lookAlike.err.join('\n'), /UNIT_NAME_TAKEN/);
    const role = await run('unit', 'add', 'Judge', ...server);
    assert.equal(role.status, 1);
    assert.match(role.err.join('\n'), /NAME_RESERVED/);
    assert.equal((await run('principal', 'add', 'x', '--role', 'unit', ...server)).status, 2, 'no --org');
  });

  it('deposits files without --wait, writing only bundles that exist, and reports unreadable files', async () => {
    const file = join(work, 'early.txt');
    writeFileSync(file, 'deposited before any checkpoint\n');
    const missing = join(work, 'missing.txt');
    const answer = await run('deposit', file, missing, '--server', node.url, '--key', apiKey);
    assert.equal(answer.status, 1);
    assert.match(answer.out.join('\n'), /early\.txt {2}evidence:0 {2}sha256:[0-9a-f]{64} {2}\(not final yet/);
    assert.match(answer.err.join('\n'), /missing\.txt: cannot read/);
    assert.equal(existsSync(`${file}.sealchain.json`), false);
  });

  it('refuses an empty file with a clear message and deposits nothing for it', async () => {
    const empty = join(work, 'empty.bin');
    writeFileSync(empty, '');
    const sizeBefore = await node.readSize();
    const answer = await run('deposit', empty, '--server', node.url, '--key', apiKey);
    assert.equal(answer.status, 1);
    assert.match(answer.err.join('\n'), /empty\.bin is empty \(0 bytes\).*FILE_EMPTY/);
    assert.equal(existsSync(`${empty}.sealchain.json`), false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await node.readSize(), sizeBefore);
  });

  it('deposits with --wait, writes bundles, and verifies them with and without the file', async () => {
    const files = ['a.txt', 'b.txt', 'c.txt'].map((name, i) => {
      const path = join(work, name);
      writeFileSync(path, `file ${i}\n`.repeat(i + 1));
      return path;
    });
    const integrating = setInterval(() => void node.running.node.chain.ledger.integrate(), 100);
    const answer = await run(
      'deposit',
      ...files,
      '--server',
      node.url,
      '--key',
      apiKey,
      '--wait',
      '--batch-size',
      '2',
      '--json',
    );
    clearInterval(integrating);
    assert.equal(answer.status, 0, answer.err.join('\n'));
    const outcomes = JSON.parse(answer.out[0]!);
    assert.deepEqual(
      outcomes.map((outcome: { index: number; bundle: string }) => [outcome.index, outcome.bundle]),
      files.map((file, i) => [i + 1, `${file}.sealchain.json`]),
    );
    const verified = await run('verify', `${files[1]}.sealchain.json`, files[1]!, '--trust', node.trustPath);
    assert.equal(verified.status, 0, verified.out.join('\n'));
    assert.match(verified.out[0]!, /: VERIFIED$/);
    assert.match(verified.out.join('\n'), /ok {4}file-digest/);
    assert.equal((await run('verify', `${files[0]}.sealchain.json`, '--trust', node.trustPath)).status, 0);
    const wrongFile = await run(
      'verify',
      `${files[0]}.sealchain.json`,
      files[2]!,
      '--trust',
      node.trustPath,
      '--json',
    );
    assert.equal(wrongFile.status, 1);
    const report = JSON.parse(wrongFile.out.join('\n'));
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.checks.filter((check: { ok: boolean }) => !check.ok).map((check: { id: string }) => check.id),
      ['file-digest'],
    );
  });

  it('fails verification of a tampered or unreadable bundle and of a bundle under another trust file', async () => {
    const bundlePath = join(work, 'a.txt.sealchain.json');
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
    const tamperedPath = join(work, 'tampered.json');
    writeFileSync(
      tamperedPath,
      JSON.stringify({ ...bundle, entry: bundle.entry.replace('"evidence"', '"work"') }),
    );
    const tampered = await run('verify', tamperedPath, '--trust', node.trustPath);
    assert.equal(tampered.status, 1);
    assert.match(tampered.out.join('\n'), /NOT VERIFIED/);
    assert.match(tampered.out.join('\n'), /FAIL {2}leaf-hash/);
    writeFileSync(tamperedPath, '{"format":');
    const unreadable = await run('verify', tamperedPath, '--trust', node.trustPath);
    assert.equal(unreadable.status, 1);
    assert.match(unreadable.err.join('\n'), /BUNDLE_INVALID/);
    const otherTrust = JSON.parse(readFileSync(node.trustPath, 'utf8'));
    otherTrust.chains[0].sequencer.key = formatVerifierKey(
      toVerifierKey(createSignerKey('court.sealchain.local/evidence')),
    );
    const otherPath = join(work, 'other-trust.json');
    writeFileSync(otherPath, JSON.stringify(otherTrust));
    const wrongTrust = await run('verify', bundlePath, '--trust', otherPath);
    assert.equal(wrongTrust.status, 1);
    assert.match(wrongTrust.out.join('\n'), /FAIL {2}checkpoint-signature/);
  });

  it('audits a stopped node: consistent, then the first divergence after tampering', async () => {
    await node.running.close();
    const clean = await run('audit', '--data', node.dataDir);
    assert.equal(clean.status, 0, clean.err.join('\n'));
    assert.match(clean.out[0]!, /court\.sealchain\.local\/evidence: consistent/);
    const client = await openDatabase({ pgliteDir: join(node.dataDir, 'pglite') });
    await client.query(`UPDATE ledger_entries SET leaf_hash = $1 WHERE leaf_index = 2`, [new Uint8Array(32)]);
    await client.close();
    const broken = await run('audit', '--data', node.dataDir);
    assert.equal(broken.status, 1);
    assert.match(broken.out.join('\n'), /DIVERGENCE FOUND/);
    assert.match(broken.out.join('\n'), /leafIndex: 2/);
  });
});
