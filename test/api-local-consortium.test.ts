import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startLocalConsortium } from '../src/api/index.ts';
import { writeTrustFile } from '../src/api/node-files.ts';
import { createSignerKey, toVerifierKey } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';

// Starting the local consortium on a data directory it cannot use changes nothing and says why;
// the whole consortium running is tested in e2e-consortium-local.

describe('startLocalConsortium', () => {
  it('refuses the data directory of an earlier single evidence node, saying what to do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-old-node-'));
    try {
      await writeTrustFile(join(dataDir, 'consortium.json'), 'sealchain-local', [
        {
          name: 'evidence',
          origin: 'court.sealchain.local/evidence',
          hashAlgorithm: 'sha256',
          sequencerKey: toVerifierKey(createSignerKey('court.sealchain.local/evidence')),
          maxMergeDelayMs: 10_000,
          url: undefined,
        },
      ]);
      await assert.rejects(
        startLocalConsortium({ dataDir, port: 0 }, () => undefined),
        (error: unknown) =>
          isSealchainError(error) &&
          error.code === 'NODE_OPTIONS_INVALID' &&
          /single evidence node of an earlier sealchain .* --data/.test(error.message),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('rejects unknown options before listening', async () => {
    await assert.rejects(
      startLocalConsortium({ dataDir: 'unused', colour: 'red' } as never),
      (error: unknown) => isSealchainError(error) && error.code === 'NODE_OPTIONS_INVALID',
    );
  });
});
