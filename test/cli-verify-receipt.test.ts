import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import { createSignerKey, hexToBytes, KEY_TYPE_ED25519 } from '../src/crypto/index.ts';
import { signReceipt } from '../src/note/index.ts';
import { addTestEntry, bundleOf, createTestChain, trustFileOf } from '../src/verify/testdata/test-chain.ts';

// Issue 22 point 8: `sealchain verify` says it checks the receipt, so a bundle whose receipt was
// tampered with must not come out VERIFIED, even when its entry is final under a cosigned
// checkpoint. The real command, in a child process, on files.

const run = promisify(execFile);
const SEALCHAIN = new URL('../bin/sealchain.js', import.meta.url).pathname;

describe('sealchain verify › the receipt in a bundle file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sealchain-receipt-'));
  const chain = createTestChain('evidence');
  for (let i = 0; i < 4; i++) addTestEntry(chain, 'evidence', `file ${i}`, { n: i });
  const trustPath = join(dir, 'consortium.json');
  writeFileSync(trustPath, JSON.stringify(trustFileOf([chain])));

  after(() => rmSync(dir, { recursive: true, force: true }));

  async function verify(name: string, bundle: object): Promise<{ code: number; stdout: string }> {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(bundle));
    try {
      const { stdout } = await run(process.execPath, [SEALCHAIN, 'verify', path, '--trust', trustPath]);
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  }

  it('verifies the genuine bundle, its receipt checked', async () => {
    const { code, stdout } = await verify('genuine.json', bundleOf(chain, 2));
    assert.equal(code, 0, stdout);
    assert.match(stdout, /: VERIFIED\n/);
    assert.match(stdout, /ok {4}receipt {14}the sequencer's receipt promises entry 2 at /);
  });

  it('refuses a receipt whose index was changed and re-signed by another key', async () => {
    const bundle = bundleOf(chain, 2);
    const time = (JSON.parse(bundle.entry) as { time: string }).time;
    const impostor = createSignerKey(chain.origin, KEY_TYPE_ED25519);
    const receipt = signReceipt(
      { origin: chain.origin, index: 3, leafHash: hexToBytes(bundle.leafHash), time },
      impostor,
    );
    const { code, stdout } = await verify('tampered.json', { ...bundle, receipt });
    assert.equal(code, 1, stdout);
    assert.match(stdout, /: NOT VERIFIED\n/);
    assert.match(
      stdout,
      /FAIL {2}receipt {14}the receipt is not signed by the sequencer key of chain evidence in the consortium file\n/,
    );
    assert.match(stdout, /code: RECEIPT_NOT_SIGNED_BY_SEQUENCER/);
  });
});
