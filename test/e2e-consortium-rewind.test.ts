import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BIN,
  Deployment,
  FAST_SEQUENCER,
  pollUntil,
  WITNESSES,
  type RoleName,
} from './e2e-consortium-support.ts';

// A log is never rewound: a sequencer whose database is restored from a backup older than what
// the witnesses cosigned refuses to start (LOG_BEHIND_WITNESS), naming the witness and both
// sizes, and appends nothing; with the latest backup back in place it starts and goes on.

const WITNESS_ROLES = WITNESSES.map((w) => `witness-${w}` as RoleName);

function runToExit(configPath: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'node', '--config', configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node did not exit: ${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a sequencer restored from an older backup (child processes on loopback)', () => {
  let deployment: Deployment;
  let apiKey: string;

  before(async () => {
    deployment = await Deployment.create(
      {
        evidence: { consortiumOptions: { ...FAST_SEQUENCER.consortiumOptions, anchorIntervalMs: 3_600_000 } },
      },
      ['evidence', ...WITNESS_ROLES],
    );
    const [evidence] = await Promise.all([
      deployment.start('evidence'),
      ...WITNESS_ROLES.map((role) => deployment.start(role)),
    ]);
    apiKey = await deployment.createUnit('evidence', evidence!.adminToken!);
  });

  after(() => deployment.dispose());

  async function depositFinal(count: number): Promise<number> {
    const indexes = await deployment.deposit('evidence', apiKey, count);
    const last = Math.max(...indexes);
    const answer = await deployment.request(
      'evidence',
      `/v1/chains/evidence/entries/${last}/bundle?wait=final&timeoutMs=20000`,
    );
    assert.equal(answer.status, 200, answer.text);
    return answer.json.treeSize as number;
  }

  it('refuses to start, naming the witness and both sizes, and starts again from the latest backup', async () => {
    const pglite = join(deployment.dir, 'nodes', 'evidence', 'pglite');
    const older = join(deployment.dir, 'backup-older');
    const latest = join(deployment.dir, 'backup-latest');
    const olderSize = await depositFinal(5);
    await deployment.stop('evidence');
    cpSync(pglite, older, { recursive: true });

    await deployment.start('evidence');
    const newerSize = await depositFinal(7);
    assert.ok(newerSize > olderSize);
    // Every witness has cosigned the newer tree before the node stops.
    await pollUntil(
      async () => (await deployment.request('evidence', '/v1/chains/evidence')).json.cosigners as string[],
      (cosigners) => cosigners.length === 3,
    );
    await deployment.stop('evidence');
    cpSync(pglite, latest, { recursive: true });

    rmSync(pglite, { recursive: true, force: true });
    cpSync(older, pglite, { recursive: true });
    // The witnesses are up: at this start the node waits for their first answers however slow a
    // loaded machine makes them, so that the refusal is heard before it listens, as meant here.
    const config = JSON.parse(readFileSync(deployment.configPath('evidence'), 'utf8'));
    const patient = join(dirname(deployment.configPath('evidence')), 'evidence-patient.json');
    writeFileSync(
      patient,
      JSON.stringify({
        ...config,
        consortiumOptions: {
          ...config.consortiumOptions,
          witnessTimeoutMs: 20_000,
          firstAnswerWaitMs: 40_000,
        },
      }),
    );
    const refused = await runToExit(patient);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      new RegExp(
        `sealchain node: witness (court|copyright-center|notary) cosigned tree size ${newerSize} of court\\.sealchain\\.local/evidence, ` +
          `but this sequencer's storage holds a tree of ${olderSize}: .*a log is never rewound\\) \\(LOG_BEHIND_WITNESS\\)\\n$`,
      ),
    );
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'a message, not a stack trace');

    rmSync(pglite, { recursive: true, force: true });
    cpSync(latest, pglite, { recursive: true });
    await deployment.start('evidence');
    const after = await depositFinal(1);
    assert.equal(after, newerSize + 1, 'the chain goes on from the latest backup');
    for (const role of WITNESS_ROLES) {
      assert.deepEqual(
        (await deployment.request(role, '/v1/alarms')).json,
        { alarms: [] },
        `${role}: no alarm`,
      );
    }
  });
});
