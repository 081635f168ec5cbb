import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSignerKeyFile } from '../src/consortium/index.ts';
import { parseTrustFile } from '../src/verify/index.ts';
import { runCaptured } from './cli-support.ts';

// A consortium of three organisations that each keep their own keys, through the CLI: `consortium
// member init` at each, `consortium assemble` of their member files, `consortium show --digest`
// of the file each received. Hostile member files get one typed line and nothing is written.

const dir = mkdtempSync(join(tmpdir(), 'sealchain-cli-members-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MEMBERS = [
  ['court', 'court', ['--sequencer', 'evidence', '--witness', '--url', 'https://court.example.cn']],
  [
    'copyright-center',
    'copyright-center',
    ['--sequencer', 'works', '--witness', '--url', 'https://copyright.example.cn'],
  ],
  ['notary', 'notary', ['--witness', '--url', 'https://notary.example.cn']],
] as const;

const memberFile = (name: string) => join(dir, `${name}.member.json`);
const keyDir = (name: string) => join(dir, name, 'keys');
const memberFiles = () => MEMBERS.map(([name]) => memberFile(name));

async function run(...argv: string[]) {
  const captured = await runCaptured(...argv);
  return { status: captured.status, out: captured.out.join('\n'), err: captured.err.join('\n') };
}

/** Runs `assemble` expecting a refusal with `code`; asserts one line of error and no file. */
async function assertRefused(code: string, files: readonly string[], ...options: string[]) {
  const out = join(dir, `refused-${code}.json`);
  const answer = await run('consortium', 'assemble', ...files, '--name', 'beijing', '--out', out, ...options);
  assert.equal(answer.status, 1, answer.out);
  assert.match(answer.err, new RegExp(`\\(${code}\\)$`));
  assert.equal(answer.err.split('\n').length, 1, answer.err);
  assert.equal(existsSync(out), false, `${code}: nothing is written`);
  return answer.err;
}

describe('sealchain consortium member init, assemble, show --digest', () => {
  before(async () => {
    for (const [name, role, options] of MEMBERS) {
      const made = await run(
        'consortium',
        'member',
        'init',
        '--name',
        name,
        '--role',
        role,
        ...options,
        '--keys',
        keyDir(name),
        '--out',
        memberFile(name),
      );
      assert.equal(made.status, 0, made.err);
    }
  });

  it('keeps each member’s private keys owner-only (0600 in a 0700 folder) and prints only public keys', async () => {
    for (const [name] of MEMBERS) {
      assert.equal(statSync(keyDir(name)).mode & 0o777, 0o700);
      assert.equal(statSync(join(keyDir(name), `${name}.witness.key`)).mode & 0o777, 0o600);
      const text = readFileSync(memberFile(name), 'utf8');
      assert.doesNotMatch(text, /PRIVATE/);
      assert.equal(JSON.parse(text).format, 'sealchain-member/v1');
    }
    assert.equal(statSync(join(keyDir('court'), 'evidence.sequencer.key')).mode & 0o777, 0o600);
    const again = await run(
      'consortium',
      'member',
      'init',
      '--name',
      'court',
      '--role',
      'court',
      '--witness',
      '--url',
      'https://court.example.cn',
      '--keys',
      keyDir('court'),
      '--out',
      join(dir, 'court-again.member.json'),
    );
    assert.equal(again.status, 1);
    assert.match(again.err, /court\.witness\.key already exists; nothing was written \(CONSORTIUM_EXISTS\)/);
    assert.equal(existsSync(join(dir, 'court-again.member.json')), false);
  });

  it('assembles the consortium file, prints its digest, and show --digest prints the same for the file received', async () => {
    const out = join(dir, 'consortium.json');
    const made = await run(
      'consortium',
      'assemble',
      ...memberFiles(),
      '--name',
      'beijing',
      '--chains',
      'evidence,works',
      '--quorum',
      '2',
      '--out',
      out,
    );
    assert.equal(made.status, 0, made.err);
    const digest = /^digest (sha256:[0-9a-f]{64})$/m.exec(made.out)?.[1];
    assert.ok(digest, made.out);
    assert.match(
      made.out,
      /finality +final at 2 of 2 independent witnesses \(copyright-center, notary\); the sequencer's own witness \(court\) does not count/,
    );

    const trust = parseTrustFile(readFileSync(out, 'utf8'));
    assert.deepEqual(
      trust.chains.map((c) => [c.name, c.sequencer.name, c.witnesses.length]),
      [
        ['evidence', 'court', 3],
        ['works', 'copyright-center', 3],
      ],
    );
    // Each organisation's key files are the private halves of what the file trusts.
    await readSignerKeyFile(join(keyDir('court'), 'evidence.sequencer.key'), trust.chains[0]!.sequencer.key);
    const notary = trust.chains[1]!.witnesses.find((w) => w.name === 'notary')!;
    await readSignerKeyFile(join(keyDir('notary'), 'notary.witness.key'), notary.key);

    // The file as another member received it: reformatted, its digest is unchanged.
    const received = join(dir, 'received.json');
    writeFileSync(received, JSON.stringify(JSON.parse(readFileSync(out, 'utf8'))));
    const shown = await run('consortium', 'show', '--file', received, '--digest');
    assert.equal(shown.status, 0, shown.err);
    assert.equal(shown.out, digest);
    assert.match((await run('consortium', 'show', '--file', out)).out, new RegExp(`\\ndigest ${digest}$`));
    // Another member assembling the same member files in another order gets the same digest.
    const other = join(dir, 'consortium-notary.json');
    const again = await run(
      'consortium',
      'assemble',
      ...memberFiles().reverse(),
      '--name',
      'beijing',
      '--out',
      other,
    );
    assert.equal(/^digest (\S+)$/m.exec(again.out)?.[1], digest);
    // A file whose URL was changed on the way has another digest.
    const tampered = join(dir, 'tampered.json');
    writeFileSync(
      tampered,
      readFileSync(out, 'utf8').replace('https://notary.example.cn', 'https://evil.example'),
    );
    assert.notEqual((await run('consortium', 'show', '--file', tampered, '--digest')).out, digest);

    const exists = await run('consortium', 'assemble', ...memberFiles(), '--name', 'beijing', '--out', out);
    assert.equal(exists.status, 1);
    assert.match(exists.err, /CONSORTIUM_EXISTS/);
    assert.deepEqual(parseTrustFile(readFileSync(out, 'utf8')), trust);
  });

  it('answers hostile member files (malformed, oversized, wrong types, missing) with MEMBER_FILE_INVALID and writes nothing', async () => {
    const valid = JSON.parse(readFileSync(memberFile('notary'), 'utf8'));
    const hostile: [string, string | Buffer][] = [
      ['malformed', '{"format": "sealchain-member/v1", "name": '],
      ['oversized', `{"format": "sealchain-member/v1", "pad": "${'x'.repeat(70_000)}"}`],
      ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
      ['wrong-types', JSON.stringify({ ...valid, name: ['notary'], sequencers: 'all' })],
      ['bad-key', JSON.stringify({ ...valid, witness: { key: 'notary.example.cn/witness+00000000+AAAA' } })],
      ['consortium-file', readFileSync(join(dir, 'consortium.json'))],
    ];
    for (const [label, content] of hostile) {
      const path = join(dir, `${label}.member.json`);
      writeFileSync(path, content);
      const err = await assertRefused('MEMBER_FILE_INVALID', [memberFile('court'), path]);
      assert.ok(err.includes(path), err);
      assert.ok(err.length < 400, `${label}: ${err}`);
    }
    await assertRefused('MEMBER_FILE_INVALID', [join(dir, 'missing.member.json')]);
  });

  it('refuses duplicate members or keys, a chain without a sequencer and a quorum larger than the witnesses', async () => {
    const err = await assertRefused('MEMBER_DUPLICATE', [...memberFiles(), memberFile('court')]);
    assert.match(err, /both hold the member name court/);
    const copy = JSON.parse(readFileSync(memberFile('notary'), 'utf8'));
    const copycat = join(dir, 'copycat.member.json');
    writeFileSync(copycat, JSON.stringify({ ...copy, name: 'copycat' }));
    assert.match(
      await assertRefused('MEMBER_DUPLICATE', [...memberFiles(), copycat]),
      /both hold the key notary/,
    );
    assert.match(
      await assertRefused('CHAIN_SEQUENCER_MISSING', memberFiles(), '--chains', 'evidence,works,archives'),
      /no member file sequences the chain "archives"/,
    );
    assert.match(
      await assertRefused('QUORUM_UNREACHABLE', memberFiles(), '--quorum', '3'),
      /a quorum of 3 needs 3 independent witnesses on chain evidence, but the member files bring 2 besides its sequencer's own \(court\)/,
    );
    assert.equal(
      (await run('consortium', 'assemble', '--name', 'b', '--out', join(dir, 'x.json'))).status,
      2,
    );
  });
});
