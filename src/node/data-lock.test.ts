import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lockDataDir, secureDataDir } from './data-lock.ts';
import { loadSequencerKey } from './node-files.ts';

// The data directory holds the database and the signing keys: owner-only at creation, tightened
// (with a warning) when a node starts on one that others could enter.

const root = mkdtempSync(join(tmpdir(), 'sealchain-modes-'));
after(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (path: string): number => statSync(path).mode & 0o777;

async function collectWarnings(action: () => Promise<unknown>): Promise<Error[]> {
  const warnings: Error[] = [];
  const listener = (warning: Error) => warnings.push(warning);
  process.on('warning', listener);
  try {
    await action();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
  }
  return warnings;
}

describe('secureDataDir and lockDataDir', () => {
  it('creates a missing data directory, and its parents, owner-only', async () => {
    const dataDir = join(root, 'a', 'data');
    const warnings = await collectWarnings(async () => (await lockDataDir(dataDir))());
    assert.equal(modeOf(dataDir), 0o700);
    assert.equal(modeOf(join(root, 'a')), 0o700);
    assert.deepEqual(warnings, []);
  });

  it('tightens a world-readable data directory to 0700 at start and says so', async () => {
    const dataDir = join(root, 'open');
    await secureDataDir(dataDir);
    chmodSync(dataDir, 0o755);
    const warnings = await collectWarnings(async () => (await lockDataDir(dataDir))());
    assert.equal(modeOf(dataDir), 0o700);
    assert.equal(warnings.length, 1);
    assert.equal((warnings[0] as NodeJS.ErrnoException).code, 'SEALCHAIN_DATA_DIR_MODE');
    assert.match(warnings[0]!.message, /was mode 755; it is now 700/);
  });
});

describe('loadSequencerKey', () => {
  it('writes a new key 0600 and tightens one that others could read', async () => {
    const path = join(root, 'keys', 'evidence.sequencer.key');
    const key = await loadSequencerKey(path, 'evidence.example');
    assert.equal(modeOf(path), 0o600);
    assert.equal(modeOf(join(root, 'keys')), 0o700);
    chmodSync(path, 0o644);
    assert.deepEqual(await loadSequencerKey(path, 'evidence.example'), key);
    assert.equal(modeOf(path), 0o600);
  });
});
