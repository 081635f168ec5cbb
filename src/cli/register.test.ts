import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from '../../test/api-node-support.ts';
import { runCli } from './index.ts';

async function run(...argv: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out, err };
}

describe('sealchain register and sealchain verify NUMBER', () => {
  let node: TestNode;
  let dir: string;
  let key: string;
  let otherKey: string;
  let number: string;
  const photo = () => join(dir, 'chelsea.jpg');

  before(async () => {
    node = await startTestNode({ chainName: 'works', origin: 'copyright.sealchain.local/works' });
    key = (await node.createUnit('studio')).apiKey;
    otherKey = (await node.createUnit('someone-else')).apiKey;
    dir = mkdtempSync(join(tmpdir(), 'sealchain-register-'));
    copyFileSync(new URL('../../test/fixtures/photos/chelsea.jpg', import.meta.url), photo());
  });
  after(async () => {
    await node.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (file: string, apiKey: string, holder: string) =>
    run(
      'register',
      file,
      '--title',
      '猫',
      '--type',
      'image',
      '--author',
      '摄影师甲',
      '--holder',
      holder,
      '--created',
      '2026-01-02',
      '--server',
      node.url,
      '--key',
      apiKey,
    );

  it('registers a photo, prints the number and writes the bundle beside the file', async () => {
    const result = await register(photo(), key, '摄影师甲');
    assert.equal(result.status, 0, result.err.join('\n'));
    const match = /registered as (SC-\d{4}-W-\d{8}-[0-9A-Z]) at /.exec(result.out[0]!);
    assert.ok(match, result.out.join('\n'));
    number = match[1]!;
    assert.ok(result.out.some((line) => line.includes(`/verify/${number}`)));
    assert.ok(existsSync(`${photo()}.sealchain.json`));
    const offline = await run('verify', `${photo()}.sealchain.json`, photo(), '--trust', node.trustPath);
    assert.equal(offline.status, 0, offline.out.join('\n'));
  });

  it('verifies a registration number against the server, checking the bundle offline', async () => {
    const result = await run('verify', number, '--server', node.url, '--trust', node.trustPath);
    assert.equal(result.status, 0, [...result.out, ...result.err].join('\n'));
    assert.match(result.out[0]!, new RegExp(`^${number}: VERIFIED$`));
    assert.ok(result.out.some((line) => line.includes('《猫》')));
  });

  it('fails for a mistyped number and for the same photo from another holder', async () => {
    const mistyped = number.slice(0, -1) + (number.endsWith('0') ? '1' : '0');
    const bad = await run('verify', mistyped, '--server', node.url, '--trust', node.trustPath);
    assert.equal(bad.status, 1);
    assert.match(bad.err.join('\n'), /REGISTRATION_NUMBER_INVALID/);
    const copy = join(dir, 'copy.jpg');
    copyFileSync(photo(), copy);
    const again = await register(copy, otherKey, '他人');
    assert.equal(again.status, 1);
    assert.match(
      again.err.join('\n'),
      new RegExp(`registered already as ${number}.*WORK_ALREADY_REGISTERED`),
    );
  });

  it('refuses before registering when the proof file exists, and leaves it as it was', async () => {
    const other = join(dir, 'other.jpg');
    copyFileSync(new URL('../../test/fixtures/photos/coffee.jpg', import.meta.url), other);
    writeFileSync(`${other}.sealchain.json`, 'an earlier proof\n');
    const readWorksSize = async () => (await node.request('/v1/chains/works')).json.size as number;
    const sizeBefore = await readWorksSize();
    const result = await register(other, key, '摄影师甲');
    assert.equal(result.status, 1);
    assert.match(result.err.join('\n'), /other\.jpg\.sealchain\.json exists already .*PROOF_FILE_EXISTS/);
    assert.equal(readFileSync(`${other}.sealchain.json`, 'utf8'), 'an earlier proof\n');
    assert.equal(await readWorksSize(), sizeBefore, 'nothing was registered');
  });

  it('refuses an empty file with a clear message, registering nothing', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const result = await register(empty, key, '摄影师甲');
    assert.equal(result.status, 1);
    assert.match(result.err.join('\n'), /empty\.txt is empty \(0 bytes\).*FILE_EMPTY/);
    assert.ok(!existsSync(`${empty}.sealchain.json`));
  });

  it('says what is missing in a register command', async () => {
    const result = await run('register', photo(), '--type', 'image', '--server', node.url, '--key', key);
    assert.equal(result.status, 2);
    assert.match(result.err.join('\n'), /--author is required|--title is required/);
    const help = await run('help', 'register');
    assert.match(help.out.join('\n'), /^Usage: sealchain register FILE/);
  });
});
