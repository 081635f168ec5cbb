import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readNodeConfig, startConfiguredNode, type RunningConfiguredNode } from '../src/node/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { computeSequencerLockKey } from '../src/store/index.ts';
import {
  createTestSchemaName,
  dropTestSchema,
  findServerSkipReason,
  TEST_DATABASE_URL,
  withServerAdmin,
} from '../src/store/test-support/databases.ts';
import { randomDigest, sendRequest } from './api-node-support.ts';
import { BIN, Deployment, type RoleName } from './e2e-consortium-support.ts';

// One chain has exactly one sequencer: `sealchain node --config FILE` of a sequencer whose chain
// already has one running on the same PostgreSQL schema refuses to start, a killed one frees the
// chain at once, and a node whose lock's session ends stops sequencing and exits non-zero. On
// PGlite the data directory's lock is the guard.

const ORIGIN = 'court.sealchain.local/evidence';
const STACK_LINE = /^\s+at /m;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `sealchain node --config path` expecting it to exit by itself within 60 s. */
function runNodeToExit(path: string): Promise<Exit> {
  const child = spawn(process.execPath, [BIN, 'node', '--config', path], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node did not exit: ${stdout}${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Backend pids of the sessions holding the sequencer lock of `origin` in `schema`. */
function findLockHolders(schema: string, origin: string): Promise<number[]> {
  const key = BigInt.asUintN(64, computeSequencerLockKey(schema, origin));
  return withServerAdmin(async (admin) => {
    const result = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [String(key >> 32n), String(key & 0xffff_ffffn)],
    );
    return result.rows.map((row) => row.pid);
  });
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('one sequencer per chain on a PostgreSQL server', () => {
  const skip = findServerSkipReason('server');
  const schema = createTestSchemaName();
  let deployment: Deployment;
  let apiKey: string;

  /** A copy of `role`'s configuration with its own data directory, port and `changes`. */
  function writeVariant(role: RoleName, name: string, changes: Record<string, unknown> = {}): string {
    const config = JSON.parse(readFileSync(deployment.configPath(role), 'utf8')) as Record<string, unknown>;
    const path = join(deployment.dir, 'config', `${name}.json`);
    writeFileSync(path, JSON.stringify({ ...config, dataDir: `../nodes/${name}`, port: 0, ...changes }));
    return path;
  }

  async function startVariant(path: string, logged: string[] = []): Promise<RunningConfiguredNode> {
    return startConfiguredNode(await readNodeConfig(path, {}), (message, error) =>
      logged.push(`${message}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  before(async () => {
    if (skip !== undefined) return;
    const database = { databaseUrl: TEST_DATABASE_URL, databaseSchema: schema };
    deployment = await Deployment.create({ evidence: database, works: database }, ['evidence', 'works']);
  });

  after(async () => {
    if (skip !== undefined) return;
    await deployment.dispose();
    await dropTestSchema(schema);
  });

  it('refuses a second sequencer of the same chain and schema with a clear message, leaving no trace', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const first = await deployment.start('evidence');
    const [holder] = await findLockHolders(schema, ORIGIN);
    assert.ok(holder !== undefined, 'the running sequencer holds the lock');

    const second = await runNodeToExit(writeVariant('evidence', 'evidence-second'));
    assert.equal(second.code, 1, second.stderr);
    assert.doesNotMatch(second.stderr, STACK_LINE, 'a message, not a stack trace');
    assert.doesNotMatch(second.stdout, /listening on|admin token/);
    assert.match(
      second.stderr,
      new RegExp(
        `^sealchain node: another sequencer already holds chain evidence \\(court\\.sealchain\\.local/evidence\\) ` +
          `in schema ${schema} of this database \\(PostgreSQL backend pid ${holder}, ` +
          `"sealchain sequencer evidence pid ${first.child.pid} on [^"]*", connected since [0-9T:.-]+Z\\); ` +
          `stop it first — one chain has exactly one sequencer \\(SEQUENCER_ALREADY_RUNNING\\)\\n$`,
      ),
    );

    assert.deepEqual(await findLockHolders(schema, ORIGIN), [holder], 'the first still holds the chain');
    const ready = await deployment.request('evidence', '/readyz');
    assert.equal(ready.status, 200);
    apiKey = await deployment.createUnit('evidence', first.adminToken!);
    assert.equal((await deployment.deposit('evidence', apiKey)).length, 1, 'the first sequences as before');
  });

  it('lets the same chain run in another schema, and another chain in the same schema', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const otherSchema = createTestSchemaName();
    const inOtherSchema = await startVariant(
      writeVariant('evidence', 'evidence-other', { databaseSchema: otherSchema }),
    );
    try {
      assert.equal((await sendRequest(inOtherSchema.url, '/readyz')).status, 200);
      const works = await deployment.start('works');
      assert.match(works.stdout, /sequencer works listening on/);
      assert.equal((await findLockHolders(schema, 'copyright.sealchain.local/works')).length, 1);
      assert.equal((await findLockHolders(otherSchema, ORIGIN)).length, 1);
      assert.equal((await findLockHolders(schema, ORIGIN)).length, 1);
    } finally {
      await inOtherSchema.close();
      await deployment.stop('works');
      await dropTestSchema(otherSchema);
    }
  });

  it('frees the chain when its sequencer stops, or is killed with SIGKILL', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    assert.equal(await deployment.stop('evidence', 'SIGTERM'), 0);
    assert.deepEqual(await findLockHolders(schema, ORIGIN), [], 'a stopped sequencer releases the lock');

    const replacement = await startVariant(writeVariant('evidence', 'evidence-replacement'));
    await replacement.close();

    const restarted = await deployment.start('evidence');
    restarted.child.kill('SIGKILL');
    await new Promise((resolve) => restarted.child.once('exit', resolve));
    await waitFor(
      async () => (await findLockHolders(schema, ORIGIN)).length === 0,
      'the server to end the killed sequencer’s session',
    );
    const afterKill = await deployment.start('evidence');
    assert.match(afterKill.stdout, /sequencer evidence listening on/);
    assert.equal((await deployment.request('evidence', '/readyz')).status, 200);
  });

  it('stops sequencing and exits non-zero when the session holding its lock is terminated', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const running = deployment.running.get('evidence') ?? (await deployment.start('evidence'));
    const [holder] = await findLockHolders(schema, ORIGIN);
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', resolve));
    await withServerAdmin((admin) => admin.query('SELECT pg_terminate_backend($1)', [holder]));
    assert.equal(await exited, 1);
    assert.match(
      running.stderr,
      /sealchain: the connection that holds the sequencer lock of chain evidence \(court\.sealchain\.local\/evidence\) in schema \w+ was lost \([^)]*\); another sequencer may take the chain over, so this one stops sequencing\n/,
    );
    assert.match(
      running.stderr,
      /sealchain node: sequencer evidence stopped by itself \(SEQUENCER_LOCK_LOST\); exiting\n$/,
    );
    deployment.running.delete('evidence');
  });

  it('answers deposits and /readyz with 503 once its lock is lost, in process', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const logged: string[] = [];
    const node = await startVariant(writeVariant('evidence', 'evidence-in-process'), logged);
    try {
      const before = await sendRequest(node.url, '/v1/chains/evidence/entries', {
        token: apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(before.status, 201, before.text);
      const [holder] = await findLockHolders(schema, ORIGIN);
      await withServerAdmin((admin) => admin.query('SELECT pg_terminate_backend($1)', [holder]));
      const halted = await node.halted;
      assert.ok(isSealchainError(halted) && halted.code === 'SEQUENCER_LOCK_LOST');
      assert.equal((await sendRequest(node.url, '/readyz')).status, 503);
      const deposit = await sendRequest(node.url, '/v1/chains/evidence/entries', {
        token: apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(deposit.status, 503, deposit.text);
    } finally {
      await node.close();
    }
  });
});

describe('one sequencer per data directory on PGlite', () => {
  it('refuses a second process on the data directory with a message naming the process that holds it', async () => {
    const deployment = await Deployment.create({}, ['evidence']);
    try {
      const first = await deployment.start('evidence');
      const second = await runNodeToExit(deployment.configPath('evidence'));
      assert.equal(second.code, 1, second.stderr);
      assert.doesNotMatch(second.stderr, STACK_LINE);
      assert.equal(
        second.stderr,
        `sealchain node: the data directory ${join(deployment.dir, 'nodes', 'evidence')} is in use by process ` +
          `${first.child.pid} on this machine (another sealchain node or audit; a data directory and its ` +
          `embedded database belong to one process at a time); stop that process first (DATA_DIR_LOCKED)\n`,
      );
      assert.equal((await deployment.request('evidence', '/readyz')).status, 200);
    } finally {
      await deployment.dispose();
    }
  });
});
