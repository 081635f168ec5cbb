import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../src/cli/index.ts';
import { bytesToUtf8, utf8ToBytes } from '../src/crypto/index.ts';
import { openDatabase } from '../src/store/index.ts';
import { createPgliteDir } from '../src/store/test-support/databases.ts';
import { checkBundle, CheckpointChecker } from '../src/verify/index.ts';
import { Deployment, pollUntil } from './e2e-consortium-support.ts';

// A sequencer that misbehaves, caught by its witnesses (each role in a process of its own):
// an entry row rewritten in the court's database is caught by the notary, which audits the
// chain's entries before cosigning, and by `sealchain audit`; then the court rewrites the whole
// history under the same key, and every witness refuses the forked checkpoint and reports it.

interface AlarmAnswer {
  source: string;
  kind: string;
  origin: string;
  witness?: string;
  code?: string;
  evidence?: string;
  knownNote?: string | null;
  conflictingNote?: string;
}

async function readAlarms(
  deployment: Deployment,
  role: Parameters<Deployment['request']>[0],
): Promise<AlarmAnswer[]> {
  return (await deployment.request(role, '/v1/alarms')).json.alarms;
}

describe('a misbehaving sequencer (child processes on loopback)', () => {
  let deployment: Deployment;
  let apiKey: string;

  before(async () => {
    deployment = await Deployment.create(
      {
        evidence: {
          consortiumOptions: {
            anchorIntervalMs: 600_000,
            checkpointPollMs: 20,
            witnessRetryMs: 50,
            maxWitnessRetryMs: 200,
          },
        },
        'witness-notary': { audit: true },
      },
      ['evidence', 'witness-court', 'witness-copyright-center', 'witness-notary'],
    );
    const [evidence] = await Promise.all([
      deployment.start('evidence'),
      deployment.start('witness-court'),
      deployment.start('witness-copyright-center'),
      deployment.start('witness-notary'),
    ]);
    apiKey = await deployment.createUnit('evidence', evidence.adminToken!);
  });

  after(() => deployment.dispose());

  const chainInfo = async () => (await deployment.request('evidence', '/v1/chains/evidence')).json;

  async function rewriteEntry(leafIndex: number): Promise<void> {
    const client = await openDatabase({ pgliteDir: join(deployment.dir, 'nodes', 'evidence', 'pglite') });
    try {
      const [row] = await client.query<{ entry: Uint8Array }>(
        'SELECT entry FROM ledger_entries WHERE leaf_index = $1',
        [leafIndex],
      );
      const forged = bytesToUtf8(row!.entry).replace(
        /"digest":"sha256:./,
        (m) => `${m.slice(0, -1)}${m.endsWith('0') ? '1' : '0'}`,
      );
      assert.notEqual(forged, bytesToUtf8(row!.entry));
      await client.query('UPDATE ledger_entries SET entry = $1 WHERE leaf_index = $2', [
        utf8ToBytes(forged),
        leafIndex,
      ]);
    } finally {
      await client.close();
    }
  }

  it('is caught by an audit-mode witness when an entry row is rewritten, and by sealchain audit', async () => {
    await deployment.deposit('evidence', apiKey, 5);
    const witnessed = await pollUntil(
      chainInfo,
      (info) => info.finalTreeSize === 5 && info.cosigners.length === 3,
      30_000,
    );
    assert.equal(witnessed.cosigners.length, 3, JSON.stringify(witnessed));

    await deployment.stop('evidence');
    await rewriteEntry(2);
    await deployment.start('evidence');
    const [later] = await deployment.deposit('evidence', apiKey, 2);
    // Final at the first independent cosignature; the second witness's may come a moment later,
    // so the bundle is read again until both are there (or the poll gives up and the test fails).
    const readReport = async () => {
      const bundle = await deployment.request(
        'evidence',
        `/v1/chains/evidence/entries/${later}/bundle?wait=final&timeoutMs=10000`,
      );
      assert.equal(bundle.status, 200, bundle.text);
      return checkBundle(bundle.text, deployment.trust, {}, new CheckpointChecker());
    };
    const report = await pollUntil(readReport, (r) => r.cosigners.length >= 2, 30_000);
    assert.deepEqual(
      report.cosigners.map((c) => c.name).sort(),
      ['copyright.sealchain.local/witness', 'court.sealchain.local/witness'],
      'the two witnesses that do not audit still cosign; the notary refuses',
    );

    const alarms = await pollUntil(
      () => readAlarms(deployment, 'witness-notary'),
      (list) => list.length > 0,
    );
    assert.equal(alarms[0]!.kind, 'audit-mismatch');
    assert.equal(alarms[0]!.origin, 'court.sealchain.local/evidence');
    assert.match(alarms[0]!.evidence ?? '', /entry 2 does not hash to its leaf/);
    assert.match(
      deployment.logs.get('witness-notary') ?? '',
      /ALARM witness notary: audit-mismatch on court\.sealchain\.local\/evidence/,
    );
    const notaryMetrics = (await deployment.request('witness-notary', '/metrics')).text;
    assert.match(
      notaryMetrics,
      /^sealchain_witness_alarms_total\{witness="notary",origin="court\.sealchain\.local\/evidence",kind="audit-mismatch"\} 1$/m,
    );
    const reported = await pollUntil(
      () => readAlarms(deployment, 'evidence'),
      (list) => list.length > 0,
    );
    assert.deepEqual(
      reported.map((a) => [a.source, a.witness, a.code]),
      [['sequencer:evidence', 'notary', 'WITNESS_AUDIT_MISMATCH']],
    );
    assert.match(
      deployment.logs.get('evidence') ?? '',
      /ALARM chain evidence .* witness notary refused checkpoint 7/,
    );

    await deployment.stop('evidence');
    const lines: string[] = [];
    const status = await runCli(['audit', '--config', deployment.configPath('evidence')], {
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
    });
    assert.equal(status, 1, lines.join('\n'));
    assert.match(lines.join('\n'), /court\.sealchain\.local\/evidence: DIVERGENCE FOUND/);
    assert.match(lines.join('\n'), /leafIndex: 2/);
  });

  it('is refused by every witness when it presents a forked history, and the fork is reported', async () => {
    const nodeDir = join(deployment.dir, 'nodes', 'evidence');
    renameSync(join(nodeDir, 'pglite'), join(nodeDir, 'pglite.rewritten-away'));
    renameSync(await createPgliteDir(), join(nodeDir, 'pglite'));
    const restarted = await deployment.start('evidence');
    const forgerKey = await deployment.createUnit('evidence', restarted.adminToken!, 'forger');
    const indexes = await deployment.deposit('evidence', forgerKey, 7);

    const reports = await pollUntil(
      () => readAlarms(deployment, 'evidence'),
      (list) => new Set(list.map((a) => a.witness)).size === 3,
    );
    assert.deepEqual([...new Set(reports.map((a) => a.witness))].sort(), [
      'copyright-center',
      'court',
      'notary',
    ]);
    for (const witness of ['witness-court', 'witness-copyright-center'] as const) {
      const alarms = await readAlarms(deployment, witness);
      assert.deepEqual(
        alarms.map((a) => [a.kind, a.origin]),
        [['fork', 'court.sealchain.local/evidence']],
      );
      assert.notEqual(alarms[0]!.knownNote, alarms[0]!.conflictingNote);
      assert.match(
        deployment.logs.get(witness) ?? '',
        /ALARM witness [a-z-]+: fork on court\.sealchain\.local\/evidence/,
      );
    }
    const pending = await deployment.request(
      'evidence',
      `/v1/chains/evidence/entries/${indexes.at(-1)}/bundle?wait=final&timeoutMs=500`,
    );
    assert.equal(pending.status, 202, 'the forked history never becomes final');
    assert.equal((await chainInfo()).finalTreeSize, 0);
    const metrics = (await deployment.request('evidence', '/metrics')).text;
    assert.match(
      metrics,
      /^sealchain_fork_alarms_total\{chain="evidence",witness="court",code="WITNESS_[A-Z_]+"\} 1$/m,
    );
  });
});
