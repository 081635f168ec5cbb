import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readNodeConfig } from '../src/node/index.ts';
import { isSealchainError } from '../src/errors/index.ts';

// The configuration file of `sealchain node --config FILE`: checked field by field, paths taken
// relative to the file, the database URL from the environment when the file has none.

const dir = mkdtempSync(join(tmpdir(), 'sealchain-node-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const invalid = (field: string) => (error: unknown) =>
  isSealchainError(error) && error.code === 'NODE_OPTIONS_INVALID' && error.details['field'] === field;

describe('readNodeConfig', () => {
  const sequencer = {
    role: 'sequencer',
    consortium: 'consortium.json',
    chain: 'evidence',
    key: 'keys/e.key',
    dataDir: 'node',
  };

  it('resolves paths against the file, fills defaults and takes DATABASE_URL from the environment', async () => {
    const config = await readNodeConfig(write('ok.json', sequencer), {
      DATABASE_URL: 'postgres://db/sealchain',
    });
    assert.equal(config.consortium, join(dir, 'consortium.json'));
    assert.equal(config.key, join(dir, 'keys/e.key'));
    assert.equal(config.dataDir, join(dir, 'node'));
    assert.equal(config.databaseUrl, 'postgres://db/sealchain');
    assert.equal(config.databaseSchema, 'public');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    const absolute = await readNodeConfig(write('abs.json', { ...sequencer, dataDir: '/var/lib/x' }), {});
    assert.equal(absolute.dataDir, '/var/lib/x');
    assert.equal(absolute.databaseUrl, undefined);
  });

  it('refuses unknown keys, a sequencer without its chain, a witness without its member, and bad values', async () => {
    await assert.rejects(readNodeConfig(write('a.json', { ...sequencer, colour: 'red' }), {}), invalid('$'));
    const { chain: _chain, ...noChain } = sequencer;
    await assert.rejects(readNodeConfig(write('b.json', noChain), {}), invalid('chain'));
    await assert.rejects(
      readNodeConfig(write('c.json', { ...sequencer, role: 'witness' }), {}),
      invalid('member'),
    );
    await assert.rejects(
      readNodeConfig(write('d.json', { ...sequencer, port: 70_000 }), {}),
      invalid('port'),
    );
    await assert.rejects(
      readNodeConfig(write('e.json', { ...sequencer, databaseSchema: 'Drop;' }), {}),
      invalid('databaseSchema'),
    );
    await assert.rejects(
      readNodeConfig(write('w.json', { ...sequencer, captureJobs: 'workers' }), {}),
      invalid('captureJobs'),
    );
    const withWorkers = await readNodeConfig(write('w2.json', { ...sequencer, captureJobs: 'workers' }), {
      DATABASE_URL: 'postgres://db/sealchain',
    });
    assert.equal(withWorkers.captureJobs, 'workers');
    await assert.rejects(
      readNodeConfig(write('f.json', '{"role":'), {}),
      (e) => isSealchainError(e) && e.code === 'NODE_OPTIONS_INVALID',
    );
    await assert.rejects(
      readNodeConfig(join(dir, 'missing.json'), {}),
      (e) => isSealchainError(e) && e.code === 'NODE_OPTIONS_INVALID',
    );
  });
});
