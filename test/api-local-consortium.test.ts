import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startLocalConsortium } from '../src/node/index.ts';
import { writeTrustFile } from '../src/node/node-files.ts';
import { createSignerKey, toVerifierKey } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { randomDigest, sendRequest } from './api-node-support.ts';
import { FAST_SEQUENCER } from './e2e-consortium-support.ts';
import { startTestConsortium } from './local-consortium-support.ts';

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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

  it('answers /readyz ready after a restart only once a deposit is accepted', async () => {
    const first = await startTestConsortium();
    await first.running.close();
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const starting = startLocalConsortium(
      {
        dataDir: first.dataDir,
        port,
        shutdownGraceMs: 1_000,
        ledger: FAST_SEQUENCER.ledger,
        consortium: FAST_SEQUENCER.consortiumOptions,
      },
      () => undefined,
      () => undefined,
    );
    let startError: unknown;
    let done = false;
    void starting.then(
      () => (done = true),
      (error: unknown) => ((startError = error), (done = true)),
    );
    try {
      let notReadyAnswers = 0;
      for (;;) {
        const ready = await sendRequest(url, '/readyz').catch(() => undefined);
        if (ready?.status === 200) break;
        if (ready !== undefined) notReadyAnswers += 1;
        assert.equal(startError, undefined);
        assert.ok(
          !done || notReadyAnswers < 10_000,
          'the consortium started but /readyz never answered ready',
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // The first ready answer: a deposit on the home chain is accepted at once.
      const deposit = await sendRequest(url, '/v1/chains/evidence/entries', {
        token: first.apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(deposit.status, 201, deposit.text);
      assert.ok(notReadyAnswers > 0, 'the test never saw the consortium starting');
    } finally {
      await (await starting.catch(() => undefined))?.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('rejects unknown options before listening', async () => {
    await assert.rejects(
      startLocalConsortium({ dataDir: 'unused', colour: 'red' } as never),
      (error: unknown) => isSealchainError(error) && error.code === 'NODE_OPTIONS_INVALID',
    );
  });
});
