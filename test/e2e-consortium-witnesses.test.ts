import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkBundle, CheckpointChecker } from '../src/verify/index.ts';
import { Deployment } from './e2e-consortium-support.ts';

// Quorum finality with witnesses going down and coming back, every role in a process of its own:
// the court's evidence sequencer and the three witnesses (court, copyright centre, notary). As in
// docs/deployment.md the chain has two independent witnesses (the court's own does not count) and
// is final at 1 of them.

describe('witnesses down and back (child processes on loopback)', () => {
  let deployment: Deployment;
  let apiKey: string;

  before(async () => {
    deployment = await Deployment.create({ evidence: { consortiumOptions: { anchorIntervalMs: 600_000 } } }, [
      'evidence',
      'witness-court',
      'witness-copyright-center',
      'witness-notary',
    ]);
    const [evidence] = await Promise.all([
      deployment.start('evidence'),
      deployment.start('witness-court'),
      deployment.start('witness-copyright-center'),
      deployment.start('witness-notary'),
    ]);
    apiKey = await deployment.createUnit('evidence', evidence.adminToken!);
  });

  after(() => deployment.dispose());

  async function readFinalBundle(index: number, timeoutMs: number) {
    return deployment.request(
      'evidence',
      `/v1/chains/evidence/entries/${index}/bundle?wait=final&timeoutMs=${timeoutMs}`,
    );
  }

  /** The independent organisations whose cosignatures the offline verifier counted. */
  function countedOf(bundleText: string): string[] {
    const report = checkBundle(bundleText, deployment.trust, {}, new CheckpointChecker());
    assert.equal(report.ok, true, JSON.stringify(report.checks.filter((c) => !c.ok)));
    return report.cosigners
      .filter((c) => c.counted)
      .map((c) => c.organisation)
      .sort();
  }

  it('makes entries final with all three witnesses', async () => {
    const [index] = await deployment.deposit('evidence', apiKey);
    const bundle = await readFinalBundle(index!, 10_000);
    assert.equal(bundle.status, 200, bundle.text);
    assert.equal(bundle.headers.get('sealchain-finality'), 'final');
    assert.ok(countedOf(bundle.text).length >= 1);
  });

  it('makes entries final at 1 of 2 independent witnesses while the notary is down', async () => {
    await deployment.stop('witness-notary', 'SIGKILL');
    const [index] = await deployment.deposit('evidence', apiKey, 3);
    const bundle = await readFinalBundle(index!, 10_000);
    assert.equal(bundle.status, 200, bundle.text);
    assert.deepEqual(countedOf(bundle.text), ['copyright-center']);
  });

  it("keeps entries receipted but not final on the court's own cosignature, and makes them final when an independent witness returns", async () => {
    await deployment.stop('witness-copyright-center', 'SIGKILL');
    const [index] = await deployment.deposit('evidence', apiKey, 2);
    const waiting = await readFinalBundle(index!, 1_500);
    assert.equal(waiting.status, 202, waiting.text);
    assert.equal(waiting.json.status, 'pending');
    const integrated = await deployment.request(
      'evidence',
      `/v1/chains/evidence/entries/${index}/bundle?wait=integrated`,
    );
    assert.equal(integrated.status, 200);
    assert.equal(integrated.headers.get('sealchain-finality'), 'integrated');
    const report = checkBundle(integrated.text, deployment.trust, {}, new CheckpointChecker());
    assert.equal(report.ok, false, "the court's own cosignature does not count");
    assert.deepEqual(
      report.checks.filter((c) => !c.ok).map((c) => [c.id, c.summary]),
      [
        [
          'cosignatures',
          "cosigned by 0 of 2 independent witnesses, but the quorum is 1; the sequencer's own witness (court) does not count",
        ],
      ],
    );
    assert.ok(
      report.checks.some((c) => c.id === 'receipt' && c.ok),
      'the receipt still promises the entry',
    );
    const info = (await deployment.request('evidence', '/v1/chains/evidence')).json;
    assert.ok(info.finalTreeSize <= index!, JSON.stringify(info));
    assert.ok(info.size > index!);

    await deployment.start('witness-notary');
    const bundle = await readFinalBundle(index!, 15_000);
    assert.equal(bundle.status, 200, bundle.text);
    assert.deepEqual(countedOf(bundle.text), ['notary']);
    const alarms = (await deployment.request('evidence', '/v1/alarms')).json;
    assert.deepEqual(alarms, { alarms: [] }, 'a witness that was down is no alarm');
  });
});
