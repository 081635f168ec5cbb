import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { JobQueue, JobWorker, type Job } from '../src/jobs/index.ts';
import type { SqlClient } from '../src/store/index.ts';
import { SqlJobStorage } from '../src/store/sql-job-storage.ts';
import {
  findServerSkipReason,
  openTestDatabase,
  type TestDatabase,
} from '../src/store/test-support/databases.ts';
import { pollUntil } from './e2e-consortium-support.ts';

// Faults of the job queue on the PostgreSQL server: claimers that meet a job another claimer has
// locked but not yet committed (the interleaving is forced, not left to timing), and a worker
// process killed with SIGKILL while it holds a lease.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./support/jobs-worker-child.ts', import.meta.url));
const skip = findServerSkipReason('server');

/** A SqlClient whose statements all run inside `tx`, an open transaction of another client. */
function clientInTransaction(
  client: SqlClient,
  tx: Parameters<Parameters<SqlClient['transaction']>[0]>[0],
): SqlClient {
  return {
    kind: client.kind,
    query: (text, params) => tx.query(text, params),
    execute: (script) => tx.execute(script),
    transaction: (fn) => fn(tx),
    close: async () => undefined,
  };
}

function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

interface ChildWorker {
  process: ChildProcessWithoutNullStreams;
  /** Resolves when the child printed a line matching `pattern`. */
  waitFor(pattern: RegExp, what: string): Promise<string>;
  readStderr(): string;
}

function spawnWorker(database: object, workerId: string, leaseMs: number, extra: object = {}): ChildWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      SEALCHAIN_JOBS_CHILD: JSON.stringify({ database, workerId, leaseMs, ...extra }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return {
    process: child,
    readStderr: () => stderr,
    waitFor: (pattern, what) =>
      withinMs(
        (async () => {
          for (;;) {
            const match = pattern.exec(stdout);
            if (match !== null) return match[0];
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        })(),
        60_000,
        `${what} (stderr: ${stderr})`,
      ),
  };
}

describe('job queue faults on the PostgreSQL server', { skip }, () => {
  let db: TestDatabase;
  let storage: SqlJobStorage;
  let queue: JobQueue;

  before(async () => {
    db = await openTestDatabase('server');
    storage = new SqlJobStorage(db.client);
    queue = new JobQueue(storage);
  });
  after(() => db.dispose());

  it('skips a job another claimer has locked but not committed, without waiting for it', async () => {
    const first = (await queue.enqueue({ kind: 'interleave', payload: 1 })).job;
    const second = (await queue.enqueue({ kind: 'interleave', payload: 2 })).job;
    const claim = { kinds: ['interleave'], leaseMs: 30_000, limit: 2 };
    let seenByB: Job[] = [];
    const byA = await db.client.transaction(async (tx) => {
      const inTransaction = new SqlJobStorage(clientInTransaction(db.client, tx));
      const taken = await inTransaction.claimJobs(
        { ...claim, owner: 'A', limit: 1 },
        new Date().toISOString(),
      );
      // A holds the row lock of its job and has not committed: B runs now, on another connection.
      seenByB = await withinMs(
        storage.claimJobs({ ...claim, owner: 'B' }, new Date().toISOString()),
        10_000,
        "B's claim",
      );
      return taken;
    });
    assert.deepEqual(
      byA.map((job) => job.id),
      [first.id],
    );
    assert.deepEqual(
      seenByB.map((job) => job.id),
      [second.id],
    );
    assert.deepEqual(await storage.claimJobs({ ...claim, owner: 'C' }, new Date().toISOString()), []);
    assert.equal((await storage.readJob(first.id))?.leaseOwner, 'A');
    assert.equal((await storage.readJob(second.id))?.leaseOwner, 'B');
  });

  it('lets no claimer take a job whose claim rolled back twice, nor lose it', async () => {
    const job = (await queue.enqueue({ kind: 'rollback', payload: null })).job;
    const claim = { kinds: ['rollback'], leaseMs: 30_000, limit: 1 };
    await assert.rejects(
      db.client.transaction(async (tx) => {
        const inTransaction = new SqlJobStorage(clientInTransaction(db.client, tx));
        assert.equal(
          (await inTransaction.claimJobs({ ...claim, owner: 'A' }, new Date().toISOString())).length,
          1,
        );
        assert.deepEqual(await storage.claimJobs({ ...claim, owner: 'B' }, new Date().toISOString()), []);
        throw new Error('A crashed before committing');
      }),
      /A crashed/,
    );
    const [again] = await storage.claimJobs({ ...claim, owner: 'B' }, new Date().toISOString());
    assert.equal(again?.id, job.id);
    assert.equal(again?.attempts, 1);
  });

  it('finishes exactly once the job of a worker killed with SIGKILL, after its lease runs out', async () => {
    const leaseMs = 3_000;
    const { job } = await queue.enqueue({ kind: 'held', payload: { target: 1 } });
    const worker = spawnWorker(db.options, 'doomed', leaseMs);
    const child = worker.process;
    await worker.waitFor(new RegExp(`claimed ${job.id}`), 'the child worker');
    const held = await storage.readJob(job.id);
    assert.equal(held?.status, 'running');
    assert.equal(held?.leaseOwner, 'doomed');
    assert.deepEqual(held?.progress, { percent: 10, message: 'holding' });
    const heartbeat = await pollUntil(
      () => storage.readJob(job.id),
      (read) => read!.leaseExpiresAt! > held!.leaseExpiresAt!,
    );
    assert.ok(heartbeat!.leaseExpiresAt! > held!.leaseExpiresAt!, 'the child extends its lease');

    child.kill('SIGKILL');
    const [, signal] = await once(child, 'exit');
    assert.equal(signal, 'SIGKILL');
    const orphan = (await storage.readJob(job.id))!;
    assert.equal(orphan.status, 'running');
    const leaseEnd = Date.parse(orphan.leaseExpiresAt!);
    assert.deepEqual(await storage.expireLeases(new Date(leaseEnd - 1).toISOString()), []);

    const runs: string[] = [];
    const survivors = ['B', 'C'].map(
      (workerId) =>
        new JobWorker({
          storage,
          workerId,
          options: { leaseMs: 10_000, heartbeatMs: 1_000, pollMs: 100 },
          handlers: {
            held: {
              run: async () => {
                runs.push(workerId);
                return { by: workerId };
              },
            },
          },
        }),
    );
    survivors.forEach((worker) => worker.start());
    try {
      const done = await pollUntil(
        () => storage.readJob(job.id),
        (read) => read!.status === 'done',
        30_000,
      );
      assert.equal(done?.status, 'done');
      assert.ok(Date.parse(done!.startedAt!) >= leaseEnd, 'taken again only after the lease ran out');
      assert.deepEqual(done?.result, { by: runs[0] });
      assert.equal(done?.attempts, 2);
      assert.equal(runs.length, 1);
      assert.equal(done?.leaseOwner, null);
    } finally {
      await Promise.all(survivors.map((worker) => worker.close()));
    }
    assert.equal(runs.length, 1, 'no second run after the job was done');
  });

  it('has three worker processes do every job once while one of them is killed holding a job', async () => {
    const leaseMs = 3_000;
    await db.client.execute('CREATE TABLE job_effects (job_id text NOT NULL, worker text NOT NULL)');
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      ids.push(
        (await queue.enqueue({ kind: 'count', payload: { page: i }, organisation: `org-${i % 3}` })).job.id,
      );
    }
    const doomed = spawnWorker(db.options, 'doomed-2', leaseMs, { hangOnFirst: true, concurrency: 1 });
    const held = (await doomed.waitFor(/claimed \S+/, 'the doomed worker')).slice('claimed '.length);
    doomed.process.kill('SIGKILL');
    await once(doomed.process, 'exit');
    const survivors = ['w1', 'w2'].map((id) => spawnWorker(db.options, id, leaseMs));
    try {
      await Promise.all(survivors.map((worker) => worker.waitFor(/ready/, 'a surviving worker')));
      const done = await pollUntil(
        () => storage.countJobs({ status: 'done', kind: 'count' }),
        (count) => count === ids.length,
        60_000,
      );
      assert.equal(done, ids.length);
    } finally {
      for (const worker of survivors) worker.process.kill('SIGKILL');
      await Promise.all(survivors.map((worker) => once(worker.process, 'exit')));
    }
    const effects = await db.client.query<{ job_id: string; runs: bigint | number }>(
      'SELECT job_id, count(*) AS runs FROM job_effects GROUP BY job_id',
    );
    const twice = await db.client.query(
      `SELECT e.job_id, e.worker, j.attempts, j.last_error FROM job_effects e JOIN jobs j USING (job_id)
       WHERE e.job_id IN (SELECT job_id FROM job_effects GROUP BY job_id HAVING count(*) > 1)`,
    );
    assert.deepEqual(twice, [], survivors.map((worker) => worker.readStderr()).join('\n'));
    assert.equal(effects.length, ids.length);
    assert.ok(
      effects.every((row) => Number(row.runs) === 1),
      'every job ran to its effect once',
    );
    const heldJob = await storage.readJob(held);
    assert.equal(heldJob?.attempts, 2);
    assert.ok(['w1', 'w2'].includes((heldJob?.result as { by: string }).by));
  });
});
