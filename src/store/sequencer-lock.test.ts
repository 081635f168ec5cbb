import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { isSealchainError } from '../errors/index.ts';
import {
  computeSequencerLockKey,
  lockSequencer,
  resolveSequencerLockOptions,
  type SequencerLockTarget,
} from './sequencer-lock.ts';
import {
  createTestOrigin,
  createTestSchemaName,
  skipUnavailable,
  TEST_DATABASE_URL,
  withServerAdmin,
} from './test-support/databases.ts';

// The sequencer lock is PostgreSQL's own (pg_try_advisory_lock): the server half needs
// SEALCHAIN_TEST_DATABASE_URL; PGlite nodes are guarded by their data directory's lock instead.

function createTarget(overrides: Partial<SequencerLockTarget> = {}): SequencerLockTarget {
  return {
    databaseUrl: TEST_DATABASE_URL!,
    schema: createTestSchemaName(),
    origin: createTestOrigin(),
    chainName: 'evidence',
    ...overrides,
  };
}

/** Sessions that hold the advisory lock of `key` in the test database. */
function countHolders(key: bigint): Promise<number> {
  const unsigned = BigInt.asUintN(64, key);
  return withServerAdmin(async (admin) => {
    const result = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [String(unsigned >> 32n), String(unsigned & 0xffff_ffffn)],
    );
    return Number(result.rows[0]!.n);
  });
}

/** Sessions waiting for the advisory lock of `key`. */
function countWaiters(key: bigint): Promise<number> {
  const unsigned = BigInt.asUintN(64, key);
  return withServerAdmin(async (admin) => {
    const result = await admin.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
         AND classid = $1::bigint::oid AND objid = $2::bigint::oid`,
      [String(unsigned >> 32n), String(unsigned & 0xffff_ffffn)],
    );
    return Number(result.rows[0]!.n);
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

const alreadyRunning = (error: unknown) =>
  isSealchainError(error) && error.code === 'SEQUENCER_ALREADY_RUNNING';

describe('computeSequencerLockKey', () => {
  it('is the first 8 bytes of SHA-256 over the schema and origin, as a signed 64-bit integer', () => {
    const expected = createHash('sha256')
      .update('sealchain-sequencer\0evidence\0court.sealchain.local/evidence')
      .digest()
      .readBigInt64BE(0);
    assert.equal(computeSequencerLockKey('evidence', 'court.sealchain.local/evidence'), expected);
  });

  it('gives another key for another schema, another origin, or the same text split differently', () => {
    const keys = new Set([
      computeSequencerLockKey('evidence', 'court.sealchain.local/evidence'),
      computeSequencerLockKey('works', 'court.sealchain.local/evidence'),
      computeSequencerLockKey('evidence', 'copyright.sealchain.local/works'),
      computeSequencerLockKey('evidence_court', 'sealchain.local/evidence'),
      computeSequencerLockKey('evidence', '_court.sealchain.local/evidence'),
    ]);
    assert.equal(keys.size, 5);
  });
});

describe('resolveSequencerLockOptions', () => {
  it('refuses unknown keys and non-positive intervals', () => {
    assert.throws(
      () => resolveSequencerLockOptions({ heartbeat: 5 } as never),
      (e) => isSealchainError(e) && e.code === 'STORE_OPTIONS_INVALID',
    );
    assert.throws(
      () => resolveSequencerLockOptions({ heartbeatMs: 0 }),
      (e) => isSealchainError(e) && e.code === 'STORE_OPTIONS_INVALID',
    );
  });
});

describe('lockSequencer on a PostgreSQL server', () => {
  it('refuses a second sequencer of the same chain and schema, naming the session that holds it', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const target = createTarget({ origin: 'court.sealchain.local/evidence' });
    const first = await lockSequencer(target);
    try {
      let refusal: unknown;
      await assert.rejects(lockSequencer(target, { acquireWaitMs: 50 }), (error) => {
        refusal = error;
        return alreadyRunning(error);
      });
      const error = refusal as Error & { details: Record<string, unknown> };
      assert.match(
        error.message,
        new RegExp(
          `^another sequencer already holds chain evidence \\(court\\.sealchain\\.local/evidence\\) in schema ` +
            `${target.schema} of this database \\(PostgreSQL backend pid ${first.backendPid}, ` +
            `"sealchain sequencer evidence pid ${process.pid} on [^"]*", connected since \\d{4}-\\d\\d-\\d\\dT[^)]*Z\\); ` +
            `stop it first — one chain has exactly one sequencer$`,
        ),
      );
      assert.equal(error.details['holderPid'], first.backendPid);
      assert.equal(await countHolders(first.key), 1, 'the refused attempt holds nothing');
      const sessions = await withServerAdmin(
        async (admin) =>
          (
            await admin.query(
              `SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'sealchain sequencer %'
                                AND pid <> $1 AND application_name LIKE $2`,
              [first.backendPid, `sealchain sequencer evidence pid ${process.pid} %`],
            )
          ).rows,
      );
      assert.deepEqual(sessions, [], 'the refused attempt left no session behind');
    } finally {
      await first.release();
    }
  });

  it('waits for a lock that its holder is giving up, and takes it once released', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const target = createTarget();
    const first = await lockSequencer(target);
    const waiting = lockSequencer(target, { acquireWaitMs: 60_000 });
    await waitFor(async () => (await countWaiters(first.key)) === 1, 'the second to wait for the lock');
    await first.release();
    const second = await waiting;
    assert.equal(await countHolders(second.key), 1);
    await second.release();
  });

  it('lets another schema or another chain on the same server take its own lock', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const target = createTarget();
    const first = await lockSequencer(target);
    const otherSchema = await lockSequencer({ ...target, schema: createTestSchemaName() });
    const otherChain = await lockSequencer({ ...target, origin: createTestOrigin(), chainName: 'works' });
    try {
      assert.notEqual(otherSchema.key, first.key);
      assert.notEqual(otherChain.key, first.key);
      assert.equal(await countHolders(first.key), 1);
      assert.equal(await countHolders(otherSchema.key), 1);
      assert.equal(await countHolders(otherChain.key), 1);
    } finally {
      await Promise.all([first.release(), otherSchema.release(), otherChain.release()]);
    }
  });

  it('is free again once released, and release is idempotent', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const target = createTarget();
    const first = await lockSequencer(target);
    await first.release();
    await first.release();
    assert.equal(await countHolders(first.key), 0);
    const second = await lockSequencer(target);
    await second.release();
  });

  it('reports the lock lost when its session is terminated, and lets the next sequencer take it at once', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const target = createTarget();
    const first = await lockSequencer(target);
    await withServerAdmin((admin) => admin.query('SELECT pg_terminate_backend($1)', [first.backendPid]));
    const lost = await first.lost;
    assert.equal(lost.code, 'SEQUENCER_LOCK_LOST');
    assert.match(lost.message, new RegExp(`sequencer lock of chain evidence \\(${target.origin}\\)`));
    assert.match(lost.message, /this one stops sequencing$/);
    const next = await lockSequencer(target);
    await next.release();
    await first.release();
  });

  it('reports the lock lost when its connection stops answering', async (t) => {
    if (skipUnavailable(t, 'server')) return;
    const proxy = await startFreezableProxy(new URL(TEST_DATABASE_URL!));
    try {
      const target = createTarget({ databaseUrl: proxy.url });
      const first = await lockSequencer(target, { heartbeatMs: 20, heartbeatTimeoutMs: 200 });
      proxy.freeze();
      const lost = await first.lost;
      assert.equal(lost.code, 'SEQUENCER_LOCK_LOST');
      assert.match(lost.message, /did not answer a check within 200 ms/);
      proxy.closeAll();
      await waitFor(async () => (await countHolders(first.key)) === 0, 'the server to end the session');
      const next = await lockSequencer({ ...target, databaseUrl: TEST_DATABASE_URL! });
      await next.release();
    } finally {
      proxy.closeAll();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('says the server is unreachable when nothing listens at the URL', async () => {
    await assert.rejects(
      lockSequencer({
        databaseUrl: 'postgres://postgres@127.0.0.1:1/test',
        schema: 'evidence',
        origin: 'court.sealchain.local/evidence',
        chainName: 'evidence',
      }),
      (e) => isSealchainError(e) && e.code === 'DATABASE_UNAVAILABLE',
    );
  });
});

/** A TCP proxy to the server whose traffic can be stopped without closing the connections. */
async function startFreezableProxy(upstream: URL) {
  const sockets: Socket[] = [];
  let frozen = false;
  const server: Server = createServer((downstream) => {
    const upstreamSocket = createConnection(Number(upstream.port || 5432), upstream.hostname);
    sockets.push(downstream, upstreamSocket);
    for (const [from, to] of [
      [downstream, upstreamSocket],
      [upstreamSocket, downstream],
    ] as const) {
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
      from.on('close', () => to.destroy());
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(upstream);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    server,
    url: url.toString(),
    freeze: () => {
      frozen = true;
    },
    closeAll: () => {
      for (const socket of sockets) socket.destroy();
    },
  };
}
