import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';
import { runCaptured as run } from './cli-support.ts';

// `sealchain verification record` against the local consortium in this process: the court's node
// verifies a works bundle read from a file, or a works entry it fetches from the works chain's
// node, and records each verification on the evidence chain with its case.

const CASE = '(2026)京0491民初7号';

describe('sealchain verification record', () => {
  let consortium: TestConsortium;
  let work: string;
  let worksIndex: number;
  let bundlePath: string;
  let server: string[];

  before(async () => {
    consortium = await startTestConsortium();
    work = mkdtempSync(join(tmpdir(), 'sealchain-cli-verification-'));
    const works = await consortium.depositFinal('works');
    worksIndex = works.index;
    bundlePath = join(work, 'poem.txt.sealchain.json');
    writeFileSync(bundlePath, works.bundle.text);
    server = ['--server', consortium.url, '--key', consortium.apiKey];
  });

  after(async () => {
    await consortium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function listCase(caseNumber: string) {
    const listed = await consortium.request(`/v1/verifications?caseNumber=${encodeURIComponent(caseNumber)}`);
    assert.equal(listed.status, 200, listed.text);
    return listed.json.verifications as {
      leafIndex: number;
      verifiedChain: string;
      verifiedIndex: number;
      verified: boolean;
    }[];
  }

  it('verifies a works bundle file on the court node and records it on the evidence chain with its case', async () => {
    const answer = await run('verification', 'record', bundlePath, '--case', CASE, ...server);
    assert.equal(answer.status, 0, answer.out.join('\n') + answer.err.join('\n'));
    const text = answer.out.join('\n');
    assert.equal(answer.out[0], `${bundlePath}: VERIFIED (cross-chain)`);
    assert.match(text, /chain {7}works \(copyright\.sealchain\.local\/works\)/);
    assert.match(text, new RegExp(`entry {7}#${worksIndex}, evidence from court-clerk`));
    assert.match(text, /ok {4}cosignatures/);
    const recorded =
      /recorded {4}verification entry #(\d+) on chain evidence \(evidence:(\d+)\), case (.+)$/m.exec(text);
    assert.ok(recorded, text);
    assert.equal(recorded[1], recorded[2]);
    assert.equal(recorded[3], CASE);
    assert.deepEqual(
      (await listCase(CASE)).map((v) => [v.leafIndex, v.verifiedChain, v.verifiedIndex, v.verified]),
      [[Number(recorded[1]), 'works', worksIndex, true]],
    );
  });

  it('verifies a works entry by --chain and --index, fetched from the works node, and prints JSON with --json', async () => {
    const answer = await run(
      'verification',
      'record',
      '--chain',
      'works',
      '--index',
      String(worksIndex),
      '--case',
      CASE,
      ...server,
    );
    assert.equal(answer.status, 0, answer.out.join('\n') + answer.err.join('\n'));
    assert.equal(answer.out[0], `works:${worksIndex}: VERIFIED (cross-chain)`);
    assert.match(
      answer.out.join('\n'),
      new RegExp(`recorded .* on chain evidence .*, case \\(2026\\)京0491民初7号$`, 'm'),
    );

    const json = await run(
      'verification',
      'record',
      '--chain',
      'works',
      '--index',
      String(worksIndex),
      ...server,
      '--json',
    );
    assert.equal(json.status, 0, json.err.join('\n'));
    const parsed = JSON.parse(json.out.join('\n'));
    assert.equal(parsed.verified, true);
    assert.equal(parsed.crossChain, true);
    assert.equal(parsed.report.chain, 'works');
    assert.equal(parsed.report.index, worksIndex);
    assert.match(parsed.record.id, /^evidence:\d+$/);
    assert.equal(JSON.parse(parsed.record.entry).meta.caseNumber, undefined, 'no --case, no case recorded');
    assert.match(
      (
        await run('verification', 'record', '--chain', 'works', '--index', String(worksIndex), ...server)
      ).out.join('\n'),
      /, no case$/m,
    );
    assert.equal((await listCase(CASE)).length, 2);
  });

  it('exits 1 for a tampered bundle, saying which checks failed, and records the failure', async () => {
    const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
    const tamperedPath = join(work, 'tampered.json');
    writeFileSync(
      tamperedPath,
      JSON.stringify({ ...bundle, entry: bundle.entry.replace('"evidence"', '"capture"') }),
    );
    const tamperedCase = '(2026)京0491民初8号';
    const answer = await run('verification', 'record', tamperedPath, '--case', tamperedCase, ...server);
    assert.equal(answer.status, 1);
    const text = answer.out.join('\n');
    assert.equal(answer.out[0], `${tamperedPath}: NOT VERIFIED (cross-chain)`);
    assert.match(text, /FAIL {2}leaf-hash/);
    assert.match(text, /recorded {4}verification entry #\d+ on chain evidence/);
    assert.deepEqual(
      (await listCase(tamperedCase)).map((v) => [v.verifiedChain, v.verifiedIndex, v.verified]),
      [['works', worksIndex, false]],
    );
  });

  it('exits 1 without recording for a missing file, a file that is not a bundle, an unknown entry or a wrong key', async () => {
    const missing = await run(
      'verification',
      'record',
      join(work, 'missing.json'),
      '--case',
      CASE,
      ...server,
    );
    assert.equal(missing.status, 1);
    assert.match(missing.err.join('\n'), /cannot read the bundle .*missing\.json \(FILE_UNREADABLE\)/);

    const notBundle = join(work, 'not-a-bundle.json');
    writeFileSync(notBundle, '{"format":');
    const unreadable = await run('verification', 'record', notBundle, '--case', CASE, ...server);
    assert.equal(unreadable.status, 1);
    assert.match(unreadable.err.join('\n'), /not valid JSON \(BUNDLE_INVALID\)/);

    const unknown = await run(
      'verification',
      'record',
      '--chain',
      'works',
      '--index',
      '999999',
      '--case',
      CASE,
      ...server,
    );
    assert.equal(unknown.status, 1);
    assert.match(unknown.err.join('\n'), /chain works has no entry 999999 \(ENTRY_NOT_FOUND\)/);

    const noChain = await run('verification', 'record', '--chain', 'nowhere', '--index', '0', ...server);
    assert.equal(noChain.status, 1);
    assert.match(noChain.err.join('\n'), /CHAIN_NOT_FOUND/);

    const wrongKey = await run(
      'verification',
      'record',
      bundlePath,
      '--case',
      CASE,
      '--server',
      consortium.url,
      '--key',
      'sc_0000000000000000_nope',
    );
    assert.equal(wrongKey.status, 1);
    assert.match(wrongKey.err.join('\n'), /UNAUTHENTICATED/);
    assert.equal((await listCase(CASE)).length, 2, 'none of these was recorded');
  });

  it('answers usage mistakes with exit status 2 and the usage', async () => {
    assert.match(
      (await run('help', 'verification')).out.join('\n'),
      /^Usage: sealchain verification record BUNDLE/,
    );
    const mistakes: [string[], RegExp][] = [
      [[], /Usage: sealchain verification record/],
      [['check', bundlePath], /Usage: sealchain verification record/],
      [['record'], /give a BUNDLE file, or --chain and --index/],
      [['record', '--chain', 'works'], /give a BUNDLE file, or --chain and --index/],
      [['record', '--index', '3'], /give a BUNDLE file, or --chain and --index/],
      [['record', bundlePath, '--chain', 'works', '--index', '3'], /not both/],
      [['record', bundlePath, 'extra.json'], /unexpected argument "extra\.json"/],
      [['record', '--chain', 'Works!', '--index', '3'], /--chain must be a chain's name/],
      [['record', '--chain', 'works', '--index=-1'], /--index must be an entry's index/],
      [['record', '--chain', 'works', '--index', '1e3'], /--index must be an entry's index/],
      [['record', '--chain', 'works', '--index', '99999999999999999'], /--index must be an entry's index/],
      [['record', bundlePath, '--case', ' '], /--case needs a case number/],
      [['record', bundlePath, '--bogus'], /bogus/],
      [['record', bundlePath, '--server', 'ftp://example.org'], /must be an http/],
    ];
    for (const [args, message] of mistakes) {
      const answer = await run(
        'verification',
        ...args,
        ...(args.includes('--server') ? ['--key', 'k'] : server),
      );
      assert.equal(answer.status, 2, `${args.join(' ')}: ${answer.err.join('\n')}`);
      assert.match(answer.err.join('\n'), message, args.join(' '));
    }
    const env = process.env['SEALCHAIN_API_KEY'];
    delete process.env['SEALCHAIN_API_KEY'];
    try {
      const noKey = await run('verification', 'record', bundlePath, '--server', consortium.url);
      assert.equal(noKey.status, 2);
      assert.match(noKey.err.join('\n'), /give the API key with --key or SEALCHAIN_API_KEY/);
    } finally {
      if (env !== undefined) process.env['SEALCHAIN_API_KEY'] = env;
    }
  });
});
