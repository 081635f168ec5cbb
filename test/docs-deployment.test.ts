import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bytesToHex, randomBytes } from '../src/crypto/index.ts';
import {
  dropTestSchema,
  findServerSkipReason,
  TEST_DATABASE_URL,
} from '../src/store/test-support/databases.ts';
import { parseTrustFile } from '../src/verify/index.ts';
import { sendRequest } from './api-node-support.ts';
import { parseDeploymentDoc } from './support/deployment-doc.ts';
import { DeploymentRun, ORGANISATIONS, REPO_ROOT } from './support/deployment-runner.ts';

// docs/deployment.md, followed as written by its three organisations and a unit: their
// `sealchain` commands (keys, member files, the assembled consortium file and its digest, node
// configurations, admin tokens, units, deposits, offline verification, an audit) run against the
// PostgreSQL server of SEALCHAIN_TEST_DATABASE_URL, each node as the systemd unit file starts it,
// each organisation's public host as the routes of its nginx site. What the test cannot do as
// root on a fresh machine (install packages, add users and roles) is listed and checked.

const DOC = readFileSync(join(REPO_ROOT, 'docs', 'deployment.md'), 'utf8');
const steps = parseDeploymentDoc(DOC);

describe('docs/deployment.md', () => {
  it('shows the repository’s own unit and nginx files where it quotes them', () => {
    const quoted = steps.filter((s) => s.kind === 'file');
    assert.deepEqual(
      quoted.map((s) => s.path),
      [
        'docs/deploy/sealchain-node@.service',
        'docs/deploy/sealchain-worker@.service',
        'docs/deploy/nginx/court.example.cn.conf',
      ],
    );
    for (const step of quoted)
      assert.equal(step.text, readFileSync(join(REPO_ROOT, step.path), 'utf8'), step.path);
  });

  it('brings up the three organisations’ consortium and makes a deposit on each chain final and verified offline', async (t) => {
    const skip = findServerSkipReason('server');
    if (skip !== undefined) return t.skip(skip);
    const dir = mkdtempSync(join(tmpdir(), 'sealchain-docs-deployment-'));
    const run = await DeploymentRun.create({
      dir,
      databaseUrl: TEST_DATABASE_URL!,
      schemaPrefix: `dt${bytesToHex(randomBytes(4))}`,
    });
    after(async () => {
      await run.close();
      for (const schema of run.schemas) await dropTestSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    await run.runSteps(steps);

    // What was not run is what a root shell on a fresh Debian machine does, nothing of sealchain's.
    assert.deepEqual([...run.skipped].sort(), [
      'apt-get',
      'cd',
      'createdb',
      'createuser',
      'curl',
      'grep',
      'nginx',
      'node',
      'npm',
      'tar',
      'useradd',
    ]);
    const sealchain = (pattern: RegExp) => run.commands.filter((c) => pattern.test(c.args.join(' ')));
    const assembled = sealchain(/^consortium assemble /);
    assert.equal(assembled.length, 1);
    const digest = /^digest (sha256:[0-9a-f]{64})$/m.exec(assembled[0]!.stdout)?.[1];
    assert.ok(digest, assembled[0]!.stdout);
    const compared = sealchain(/^consortium show .*--digest$/);
    assert.deepEqual(
      compared.map((c) => [c.party, c.stdout.trim()]),
      [...ORGANISATIONS, 'unit'].map((party) => [party, digest]),
    );

    // Each organisation's keys are its own, owner-only, and match the consortium file.
    const court = run.party('court');
    const trust = parseTrustFile(readFileSync(join(court.root, 'etc/sealchain/consortium.json'), 'utf8'));
    assert.deepEqual(
      trust.chains.map((c) => [c.name, c.sequencer.name, c.quorum, c.witnesses.map((w) => w.name).join(',')]),
      [
        ['evidence', 'court', 1, 'copyright-center,court,notary'],
        ['works', 'copyright-center', 1, 'copyright-center,court,notary'],
      ],
    );
    assert.equal(statSync(join(court.root, 'etc/sealchain/keys')).mode & 0o777, 0o700);
    assert.equal(statSync(join(court.root, 'etc/sealchain/keys/evidence.sequencer.key')).mode & 0o777, 0o600);
    assert.equal(statSync(join(court.root, 'etc/sealchain/evidence.env')).mode & 0o777, 0o600);

    // Both deposits were final and verified offline (each command above exited 0); the bundles are there.
    const unit = run.party('unit');
    for (const file of ['contract.txt', 'poem.txt']) {
      const bundle = JSON.parse(readFileSync(join(unit.cwd, `${file}.sealchain.json`), 'utf8'));
      assert.ok(bundle.checkpoint, file);
    }
    assert.equal(sealchain(/^verify /).length, 2);
    assert.equal(sealchain(/^audit --server /).length, 1);

    // No admin token and no private key in what the nodes printed (the journal).
    for (const party of ORGANISATIONS) {
      for (const node of run.party(party).nodes.values()) {
        assert.doesNotMatch(node.output, /sca_|PRIVATE\+KEY/, `${party} ${node.instance}`);
      }
    }

    // The public hosts route as the guide's table says; health and metrics answer on each process's own port.
    const alarms = await sendRequest(run.publicUrl('notary'), '/witness/notary/alarms');
    assert.equal(alarms.status, 200, alarms.text);
    assert.deepEqual(alarms.json, { alarms: [] });
    assert.equal((await sendRequest(run.publicUrl('court'), '/metrics')).status, 404);
    assert.equal((await sendRequest(run.publicUrl('notary'), '/v1/chains')).status, 404);
    const chain = await sendRequest(run.publicUrl('court'), '/v1/chains/evidence');
    assert.equal(chain.status, 200, chain.text);
    assert.ok(chain.json.finalTreeSize >= 1, chain.text);
    assert.deepEqual(chain.json.independentWitnesses, ['copyright-center', 'notary']);
    assert.match(chain.json.finality, /the sequencer's own witness \(court\) does not count$/);
    for (const party of ORGANISATIONS) {
      for (const node of run.party(party).nodes.values()) {
        const local = `http://127.0.0.1:${node.port}`;
        assert.equal((await sendRequest(local, '/readyz')).status, 200, `${party} ${node.instance}`);
        assert.equal((await sendRequest(local, '/healthz')).status, 200);
        assert.match((await sendRequest(local, '/metrics')).text, /^# HELP sealchain_/m);
      }
    }
  });
});
