import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../src/cli/index.ts';
import {
  KEY_TYPE_ED25519,
  parseSignerKey,
  parseVerifierKey,
  sameVerifierKey,
  toVerifierKey,
} from '../src/crypto/index.ts';
import { parseTrustFile } from '../src/verify/index.ts';

// `sealchain consortium init | show | keygen`, run in this process with their output captured.

const dir = mkdtempSync(join(tmpdir(), 'sealchain-cli-consortium-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('sealchain consortium', () => {
  it('init writes the consortium file and private keys, shows them readably, never prints a private key', async () => {
    const data = join(dir, 'local');
    const created = await run(
      'consortium',
      'init',
      '--data',
      data,
      '--url',
      'court=https://court.example.test',
      '--quorum',
      '3',
    );
    assert.equal(created.status, 0, created.err);
    assert.doesNotMatch(created.out, /PRIVATE\+KEY/);
    assert.match(created.out, /8 private keys/);
    const trust = parseTrustFile(readFileSync(join(data, 'consortium.json'), 'utf8'));
    assert.deepEqual(
      trust.chains.map((c) => [c.name, c.quorum, c.witnesses.length]),
      [
        ['evidence', 3, 4],
        ['works', 3, 4],
      ],
    );
    assert.equal(trust.chains[0]!.sequencer.url, 'https://court.example.test/log/evidence');
    assert.equal(statSync(join(data, 'keys', 'notary.witness.key')).mode & 0o777, 0o600);

    const shown = await run('consortium', 'show', '--data', data);
    assert.equal(shown.status, 0);
    assert.match(shown.out, /Chain evidence\n {2}origin +court\.sealchain\.local\/evidence/);
    assert.match(
      shown.out,
      /finality +final at 3 of 3 independent witnesses \(copyright-center, notary, forensics\); the sequencer's own witness \(court\) does not count/,
    );
    const tooMany = await run('consortium', 'init', '--data', join(dir, 'unreachable'), '--quorum', '4');
    assert.equal(tooMany.status, 2);
    assert.match(tooMany.err, /--quorum/);
    const json = JSON.parse(
      (await run('consortium', 'show', '--file', join(data, 'consortium.json'), '--json')).out,
    );
    assert.deepEqual(parseTrustFile(json), trust);

    const again = await run('consortium', 'init', '--data', data);
    assert.equal(again.status, 1);
    assert.match(again.err, /CONSORTIUM_EXISTS/);
    assert.equal(
      (await run('consortium', 'init', '--data', join(dir, 'x'), '--url', 'mayor=http://a')).status,
      2,
    );
    assert.equal((await run('consortium', 'frobnicate')).status, 2);
  });

  it('keygen writes one member’s own key (mode 0600, never over another) and prints only its public key', async () => {
    const out = join(dir, 'keys', 'notary.witness.key');
    const made = await run('consortium', 'keygen', '--witness', 'notary.example.test/witness', '--out', out);
    assert.equal(made.status, 0, made.err);
    assert.doesNotMatch(made.out, /PRIVATE\+KEY/);
    const publicKey = parseVerifierKey(made.out.split('\n').at(-1)!);
    const privateKey = parseSignerKey(readFileSync(out, 'utf8').trim());
    assert.ok(sameVerifierKey(publicKey, toVerifierKey(privateKey)));
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const again = await run(
      'consortium',
      'keygen',
      '--sequencer',
      'court.example.test/evidence',
      '--out',
      out,
    );
    assert.equal(again.status, 1);
    assert.match(again.err, /CONSORTIUM_EXISTS/);
    assert.equal((await run('consortium', 'keygen', '--out', out)).status, 2);
    const both = ['--witness', 'w', '--service', 's', '--out', join(dir, 'keys', 'x.key')];
    assert.equal((await run('consortium', 'keygen', ...both)).status, 2);
  });

  it('keygen --service writes an Ed25519 service key, for a new authority in the consortium file', async () => {
    const out = join(dir, 'keys', 'court.service.key');
    const made = await run('consortium', 'keygen', '--service', 'court.example.test/service', '--out', out);
    assert.equal(made.status, 0, made.err);
    const publicKey = parseVerifierKey(made.out.split('\n').at(-1)!);
    assert.deepEqual([publicKey.name, publicKey.type], ['court.example.test/service', KEY_TYPE_ED25519]);
    assert.ok(sameVerifierKey(publicKey, toVerifierKey(parseSignerKey(readFileSync(out, 'utf8').trim()))));
  });
});
