import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomDigest } from './api-node-support.ts';
import { runCaptured as run } from './cli-support.ts';
import { pollUntil } from './e2e-consortium-support.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// The local consortium of `sealchain start` (four members witnessing both chains) with one
// witness member stopped: each chain still has two independent witnesses up, so every deposit
// becomes final at 2 of 3 and verifies offline, naming the organisations that counted. With a
// second member down, the evidence chain has one independent witness left and the court's own
// cosignature does not make up for it.

describe('the local consortium with a witness member stopped', () => {
  let consortium: TestConsortium;
  let work: string;

  before(async () => {
    consortium = await startTestConsortium();
    work = mkdtempSync(join(tmpdir(), 'sealchain-independent-'));
    await consortium.running.witnesses.get('notary')!.close();
  });

  after(async () => {
    await consortium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('makes deposits on both chains final at 2 of 3 independent witnesses, and they verify offline', async () => {
    for (const [chain, own, independent] of [
      ['evidence', 'court', ['copyright-center', 'forensics']],
      ['works', 'copyright-center', ['court', 'forensics']],
    ] as const) {
      const { index, bundle } = await consortium.depositFinal(chain);
      const path = join(work, `${chain}-${index}.sealchain.json`);
      writeFileSync(path, bundle.text);
      const verified = await run('verify', path, '--trust', consortium.trustPath, '--json');
      assert.equal(verified.status, 0, verified.out.join('\n'));
      const report = JSON.parse(verified.out.join('\n'));
      const counted = report.cosigners
        .filter((c: { counted: boolean }) => c.counted)
        .map((c: { organisation: string }) => c.organisation)
        .sort();
      assert.deepEqual(counted, [...independent].sort(), `${chain}: the independent cosigners`);
      assert.equal(
        report.checks.find((c: { id: string }) => c.id === 'cosignatures').summary,
        `cosigned by 2 of 3 independent witnesses (${independent.join(', ')}), quorum 2; the sequencer's own witness (${own}) does not count`,
      );
      const view = await consortium.request(`/v1/chains/${chain}`);
      assert.equal(view.status, 200, view.text);
      assert.ok(view.json.finalTreeSize > index, view.text);
      assert.equal(view.json.sequencer, own);
      const notary = view.json.witnessStatus.find((w: { name: string }) => w.name === 'notary');
      assert.notEqual(notary?.state, 'ok', 'the notary never cosigned');
    }
  });

  it("keeps the evidence chain not final with a second member down, whatever the court's own witness signs", async () => {
    await consortium.running.witnesses.get('forensics')!.close();
    const deposit = await consortium.request('/v1/chains/evidence/entries', {
      token: consortium.apiKey,
      json: { digest: randomDigest() },
    });
    assert.equal(deposit.status, 201, deposit.text);
    const index: number = deposit.json.index;
    const pending = await consortium.request(
      `/v1/chains/evidence/entries/${index}/bundle?wait=final&timeoutMs=1500`,
    );
    assert.equal(pending.status, 202, pending.text);
    // The latest checkpoint, once both members still up have cosigned it.
    const view = await pollUntil(
      () => consortium.request('/v1/chains/evidence'),
      (answer) => answer.json.cosigners.length === 2,
    );
    assert.ok(view.json.finalTreeSize <= index, view.text);
    assert.ok(view.json.treeSize > index, 'integrated, only not final');
    assert.deepEqual([...view.json.cosigners].sort(), ['copyright-center', 'court']);
    assert.deepEqual(view.json.independentCosigners, ['copyright-center']);
    assert.equal(
      view.json.finality,
      "cosigned by 1 of 3 independent witnesses (copyright-center), but the quorum is 2; the sequencer's own witness (court) does not count",
    );
  });
});
