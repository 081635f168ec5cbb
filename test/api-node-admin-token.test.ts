import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readNodeConfig } from '../src/node/index.ts';
import { runNodeCommand } from '../src/cli/node.ts';
import type { CommandOutput } from '../src/cli/output.ts';
import { initConsortium } from '../src/consortium/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { createPgliteDir } from '../src/store/test-support/databases.ts';
import { sendRequest } from './api-node-support.ts';
import { runCaptured } from './cli-support.ts';

// A sequencer's admin token given as its hash (`sealchain unit admin-token` → the node's
// EnvironmentFile): the node stores the hash at its first start and never prints a token, so
// nothing secret reaches its log; the token made on the operator's terminal works on the node.

const dir = mkdtempSync(join(tmpdir(), 'sealchain-admin-token-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const configPath = join(dir, 'evidence.json');

before(async () => {
  await initConsortium({ dataDir: dir });
  mkdirSync(join(dir, 'evidence'));
  renameSync(await createPgliteDir(), join(dir, 'evidence', 'pglite'));
  writeFileSync(
    configPath,
    JSON.stringify({
      role: 'sequencer',
      consortium: 'consortium.json',
      chain: 'evidence',
      key: 'keys/evidence.sequencer.key',
      dataDir: 'evidence',
      port: 0,
      shutdownGraceMs: 500,
    }),
  );
});

/** Runs `sealchain node --config` in this process; `use` runs once it listens, then it stops. */
async function runNode(env: NodeJS.ProcessEnv, use: (url: string) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  let stop: (signal: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  let listening: (url: string) => void = () => undefined;
  const started = new Promise<string>((resolve) => (listening = resolve));
  const output: CommandOutput = {
    out: (line) => {
      lines.push(line);
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
      if (url !== undefined) listening(url);
    },
    err: (line) => lines.push(line),
  };
  const running = runNodeCommand(['--config', configPath], output, { DATABASE_URL: '', ...env }, { stopped });
  const url = await Promise.race([
    started,
    running.then(() => assert.fail(`the node exited: ${lines.join('\n')}`)),
  ]);
  try {
    await use(url);
  } finally {
    stop('SIGTERM');
    await running;
  }
  return lines;
}

describe('sealchain unit admin-token and a node given only the hash', () => {
  it('writes the hash to a 0600 environment file once; the node prints no token and accepts the one made', async () => {
    const envFile = join(dir, 'evidence.env');
    writeFileSync(envFile, 'DATABASE_URL=postgres://sealchain:secret@127.0.0.1/sealchain', { mode: 0o644 });
    const made = await runCaptured('unit', 'admin-token', '--env-file', envFile, '--json');
    assert.equal(made.status, 0, made.err.join('\n'));
    const { token, tokenHash } = JSON.parse(made.out[0]!);
    assert.match(token, /^sca_[A-Za-z0-9_-]{43}$/);
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    assert.equal(
      readFileSync(envFile, 'utf8'),
      `DATABASE_URL=postgres://sealchain:secret@127.0.0.1/sealchain\nSEALCHAIN_ADMIN_TOKEN_HASH=${tokenHash}\n`,
    );
    const again = await runCaptured('unit', 'admin-token', '--env-file', envFile);
    assert.equal(again.status, 1);
    assert.match(again.err.join('\n'), /already sets SEALCHAIN_ADMIN_TOKEN_HASH/);
    assert.equal(again.out.length, 0, 'a refused token is not shown');

    const env = { SEALCHAIN_ADMIN_TOKEN_HASH: tokenHash };
    const firstRun = await runNode(env, async (url) => {
      const unit = await sendRequest(url, '/v1/units', { token, json: { name: 'video-platform' } });
      assert.equal(unit.status, 201, unit.text);
      const wrong = await sendRequest(url, '/v1/units', { token: `sca_${'A'.repeat(43)}` });
      assert.equal(wrong.status, 401);
    });
    assert.doesNotMatch(firstRun.join('\n'), /sca_|admin token/);
    // A restart with the same hash keeps the token; one with another hash is refused.
    await runNode(env, async (url) => {
      assert.equal((await sendRequest(url, '/v1/units', { token })).status, 200);
    });
    const other = JSON.parse((await runCaptured('unit', 'admin-token', '--json')).out[0]!);
    await assert.rejects(
      runNode({ SEALCHAIN_ADMIN_TOKEN_HASH: other.tokenHash }, async () => undefined),
      (e) => isSealchainError(e) && e.code === 'NODE_OPTIONS_INVALID' && /set once/.test(e.message),
    );
  });

  it('takes the hash from the configuration file or the environment, for a sequencer only, and checks its form', async () => {
    const hash = `sha256:${'ab'.repeat(32)}`;
    assert.equal(
      (await readNodeConfig(configPath, { SEALCHAIN_ADMIN_TOKEN_HASH: hash })).adminTokenHash,
      hash,
    );
    assert.equal((await readNodeConfig(configPath, {})).adminTokenHash, undefined);
    const invalid = (e: unknown) =>
      isSealchainError(e) && e.code === 'NODE_OPTIONS_INVALID' && e.details['field'] === 'adminTokenHash';
    await assert.rejects(readNodeConfig(configPath, { SEALCHAIN_ADMIN_TOKEN_HASH: 'sca_token' }), invalid);
    const inFile = join(dir, 'in-file.json');
    const sequencer = JSON.parse(readFileSync(configPath, 'utf8'));
    writeFileSync(inFile, JSON.stringify({ ...sequencer, adminTokenHash: hash }));
    assert.equal((await readNodeConfig(inFile, {})).adminTokenHash, hash);
    const witness = { ...sequencer, role: 'witness', member: 'notary', chain: undefined };
    writeFileSync(inFile, JSON.stringify({ ...witness, adminTokenHash: hash }));
    await assert.rejects(readNodeConfig(inFile, {}), invalid);
    writeFileSync(inFile, JSON.stringify(witness));
    assert.equal(
      (await readNodeConfig(inFile, { SEALCHAIN_ADMIN_TOKEN_HASH: hash })).adminTokenHash,
      undefined,
    );
  });
});
