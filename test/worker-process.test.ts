import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { BrowserPool, CaptureService, describeSoftware, type CaptureAnchor } from '../src/capture/index.ts';
import { findChromiumSkipReason, TEST_CHROMIUM } from '../src/capture/test-support/chromium.ts';
import { initConsortium } from '../src/consortium/index.ts';
import { SqlCaptureStorage } from '../src/store/sql-capture-storage.ts';
import {
  findServerSkipReason,
  openTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../src/store/test-support/databases.ts';
import { pollUntil } from './e2e-consortium-support.ts';

// `sealchain worker` as real processes on one PostgreSQL server (a schema of its own), beside a
// chain's node played by a capture service in this process that only deposits (`captureJobs:
// "workers"`): a worker starting does not take the capture another live worker is running; a
// worker killed with SIGKILL mid-capture has its capture finished exactly once by another after
// its lease ran out (the target page holds the first worker's request, so "mid-capture" is a fact,
// not a timing); SIGTERM gives a running capture back at once; an embedded database held by
// another process is refused with WORKER_DATABASE_EMBEDDED.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/sealchain.js', import.meta.url));
const skip = findServerSkipReason('server') ?? findChromiumSkipReason();
// Long enough for a capture's blocking steps (a certificate key made, a page packaged) on a busy machine.
const LEASE_MS = 12_000;
const OPTIONS = { allowedNetworks: ['127.0.0.1/32'], pdf: false, networkIdleMs: 150, scrollStepDelayMs: 20 };

interface WorkerProcess {
  child: ChildProcessWithoutNullStreams;
  readOut(): string;
  readErr(): string;
  /** The worker's lease owner id, from its ready line. */
  ready(): Promise<string>;
}

function spawnWorker(config: string, env: NodeJS.ProcessEnv = process.env): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'worker',
      '--config',
      config,
      '--concurrency',
      '1',
      '--lease-ms',
      String(LEASE_MS),
      '--poll-ms',
      '100',
      '--chromium',
      TEST_CHROMIUM,
    ],
    { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    child,
    readOut: () => out,
    readErr: () => err,
    ready: async () => {
      const line = await pollUntil(
        async () => /sealchain worker (\S+) ready/.exec(out),
        (match) => match !== null || child.exitCode !== null,
        60_000,
      );
      assert.ok(line, `the worker did not start: ${out}\n${err}`);
      return line[1]!;
    },
  };
}

/** A target page whose first request is held unanswered; later ones are answered. */
async function startHoldingSite() {
  const arrivals: number[] = [];
  const held: ServerResponse[] = [];
  let arrived: () => void = () => undefined;
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((request, response) => {
    if (request.url !== '/page') {
      response.writeHead(404).end();
      return;
    }
    arrivals.push(Date.now());
    if (arrivals.length === 1) {
      held.push(response);
      arrived();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>Held page</title><p>infringing copy</p>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/page`,
    arrivals,
    firstArrived,
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      server.close();
    },
  };
}

async function stopWorker(worker: WorkerProcess, signal: NodeJS.Signals): Promise<number | null> {
  // A child ended by a signal has no exit code but a signal code: either means 'exit' has fired.
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return worker.child.exitCode;
  const exited = once(worker.child, 'exit');
  worker.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

describe('sealchain worker processes on one PostgreSQL server', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'sealchain-worker-'));
  let db: TestDatabase;
  let storage: SqlCaptureStorage;
  let config: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    db = await openTestDatabase('server');
    storage = new SqlCaptureStorage(db.client);
    await initConsortium({ dataDir: work });
    mkdirSync(join(work, 'evidence'), { mode: 0o700 });
    config = join(work, 'evidence.json');
    writeFileSync(
      config,
      JSON.stringify({
        role: 'sequencer',
        consortium: 'consortium.json',
        chain: 'evidence',
        key: 'keys/evidence.sequencer.key',
        dataDir: 'evidence',
        databaseUrl: TEST_DATABASE_URL,
        databaseSchema: db.options.schema,
        captureJobs: 'workers',
      }),
    );
  });

  after(async () => {
    for (const worker of workers) await stopWorker(worker, 'SIGKILL');
    await db?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  function startWorker(): WorkerProcess {
    const worker = spawnWorker(config);
    workers.push(worker);
    return worker;
  }

  /** A capture service that only submits (the API node's role before the anchor part is needed). */
  function openSubmitter(runs: 'none' | 'anchor', anchor: CaptureAnchor | undefined = undefined) {
    const unused = async (): Promise<never> => {
      throw new Error('not used here');
    };
    return new CaptureService({
      storage,
      pool: new BrowserPool({ size: 1, executablePath: TEST_CHROMIUM }),
      anchor: anchor ?? { hashAlgorithm: 'sha256', readChainTime: async () => new Date().toISOString() },
      blobs: { writeBlob: unused },
      software: describeSoftware(),
      runs,
      worker: { leaseMs: 10_000, heartbeatMs: 1_000, pollMs: 100 },
      options: { permittedNetworks: ['127.0.0.1/32'], bundleWaitMs: 1 },
    });
  }

  it('gives a capture back to the queue at once when its worker gets SIGTERM mid-capture', async () => {
    const site = await startHoldingSite();
    const submitter = openSubmitter('none');
    try {
      const worker = startWorker();
      const id = await worker.ready();
      const job = await submitter.submit('platform-a', site.url, OPTIONS);
      await site.firstArrived;
      const running = await storage.jobs.readJob(job.id);
      assert.equal(running?.status, 'running');
      assert.equal(running?.leaseOwner, id);
      assert.equal(await stopWorker(worker, 'SIGTERM'), 0, worker.readErr());
      const released = await storage.jobs.readJob(job.id);
      assert.equal(released?.status, 'queued');
      assert.equal(released?.leaseOwner, null);
      assert.equal(released?.attempts, 0, 'a stopped worker does not spend an attempt');
      assert.match(worker.readOut(), new RegExp(`job ${job.id} capture released`));
      assert.match(worker.readOut(), /sealchain worker: stopped/);
      await storage.jobs.cancelJob(job.id, new Date().toISOString());
    } finally {
      await submitter.close();
      await site.close();
    }
  });

  it('leaves a running capture to its live worker, and finishes it once after that worker is killed', async () => {
    const site = await startHoldingSite();
    const deposits: { unit: string; digest: string; idempotencyKey: string }[] = [];
    const node = openSubmitter('anchor', {
      hashAlgorithm: 'sha256',
      readChainTime: async () => new Date().toISOString(),
      depositCapture: async (request) => {
        deposits.push(request);
        return { chain: 'evidence', index: deposits.length - 1, time: new Date().toISOString() };
      },
      readBundle: async () => null,
    });
    await node.start();
    assert.deepEqual(node.jobKinds, ['capture-anchor'], 'the node only deposits');
    const doomed = startWorker();
    try {
      const doomedId = await doomed.ready();
      const job = await node.submit('platform-a', site.url, OPTIONS);
      await site.firstArrived;
      const held = (await storage.jobs.readJob(job.id))!;
      assert.equal(held.status, 'running');
      assert.equal(held.leaseOwner, doomedId);

      // A second worker starts while the first is mid-capture: the capture stays the first one's.
      const survivor = startWorker();
      const survivorId = await survivor.ready();
      const heartbeat = await pollUntil(
        () => storage.jobs.readJob(job.id),
        (read) => read!.leaseExpiresAt! > held.leaseExpiresAt!,
      );
      assert.ok(heartbeat!.leaseExpiresAt! > held.leaseExpiresAt!, 'the first worker extends its lease');
      assert.equal(
        heartbeat?.status,
        'running',
        `${JSON.stringify(heartbeat)}\n${doomed.readOut()}\n${doomed.readErr()}\n${survivor.readOut()}`,
      );
      assert.equal(heartbeat?.leaseOwner, doomedId);
      assert.equal(heartbeat?.attempts, 1);
      assert.equal(site.arrivals.length, 1, 'the page was asked for once');

      assert.equal(await stopWorker(doomed, 'SIGKILL'), null);
      const orphan = (await storage.jobs.readJob(job.id))!;
      assert.equal(orphan.leaseOwner, doomedId);
      const leaseEnd = Date.parse(orphan.leaseExpiresAt!);

      const done = await pollUntil(
        () => storage.readJob(job.id),
        (read) => read!.status === 'done' || read!.status === 'failed',
        90_000,
      );
      assert.equal(done?.status, 'done', `${JSON.stringify(done?.error)}\n${survivor.readErr()}`);
      assert.equal(site.arrivals.length, 2, 'captured again once');
      assert.ok(site.arrivals[1]! >= leaseEnd, 'taken again only after the lease ran out');
      assert.equal(deposits.length, 1, 'deposited once');
      assert.deepEqual(deposits[0], {
        ...deposits[0]!,
        unit: 'platform-a',
        idempotencyKey: `capture:${job.id}`,
        digest: done!.result!.package!.digest,
      });
      assert.equal(done?.anchor?.index, 0);
      assert.equal(done?.result?.state, 'complete');
      const row = await storage.jobs.readJob(job.id);
      assert.equal(row?.kind, 'capture-anchor');
      assert.equal(row?.leaseOwner, null);
      assert.match(
        survivor.readOut(),
        new RegExp(`job ${job.id} capture handed-off to capture-anchor in \\d+ ms \\(attempt 2\\)`),
      );
      assert.ok(survivorId !== doomedId);
      assert.equal(await stopWorker(survivor, 'SIGTERM'), 0, survivor.readErr());
    } finally {
      await node.close();
      await site.close();
    }
  });

  it('refuses an embedded database another process holds with WORKER_DATABASE_EMBEDDED', async () => {
    const embedded = join(work, 'embedded.json');
    mkdirSync(join(work, 'held'), { mode: 0o700 });
    writeFileSync(join(work, 'held', 'node.lock'), `${process.pid}\n`);
    writeFileSync(
      embedded,
      JSON.stringify({
        role: 'sequencer',
        consortium: 'consortium.json',
        chain: 'evidence',
        key: 'keys/evidence.sequencer.key',
        dataDir: 'held',
      }),
    );
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    const worker = spawnWorker(embedded, env);
    workers.push(worker);
    const [code] = await once(worker.child, 'exit');
    assert.equal(code, 1);
    assert.match(worker.readErr(), /WORKER_DATABASE_EMBEDDED/);
    assert.match(worker.readErr(), new RegExp(`process ${process.pid} holds`));
    assert.doesNotMatch(worker.readOut(), /ready/);
  });
});
