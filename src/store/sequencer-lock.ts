import { hostname } from 'node:os';
import pg from 'pg';
import { sha256, utf8ToBytes } from '../crypto/index.ts';
import { StoreError } from './errors.ts';
import { isValidSchemaName, readSqlState } from './sql-client.ts';

// One chain has exactly one sequencer. On a PostgreSQL server its node holds a session-level
// advisory lock, keyed by schema and origin, on a connection of its own for as long as it runs
// (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS): a second
// sequencer of the chain is refused, and the server releases the lock when the session ends,
// so a killed sequencer never blocks the next one. A session cannot outlive its connection,
// which is why a lost connection means a lost lock.

/** PostgreSQL's SQLSTATE for a lock not granted within lock_timeout. */
const SQLSTATE_LOCK_NOT_AVAILABLE = '55P03';

export interface SequencerLockOptions {
  /**
   * How long a lock held by another session is waited for before refusing (ms): a sequencer
   * killed a moment ago holds it until the server has seen its connection close.
   */
  acquireWaitMs: number;
  /** Interval between checks that the lock's connection is alive (ms). */
  heartbeatMs: number;
  /** A check not answered within this time counts as a lost connection (ms). */
  heartbeatTimeoutMs: number;
}

export const DEFAULT_SEQUENCER_LOCK_OPTIONS: Readonly<SequencerLockOptions> = Object.freeze({
  acquireWaitMs: 2_000,
  heartbeatMs: 5_000,
  heartbeatTimeoutMs: 10_000,
});

export interface SequencerLockTarget {
  /** `postgres://…` of the server that holds the chain. */
  databaseUrl: string;
  /** Schema of the chain's tables. */
  schema: string;
  /** The chain's origin. */
  origin: string;
  /** The chain's name in the consortium file, for messages. */
  chainName: string;
}

export interface SequencerLock {
  /** The advisory lock's key (signed 64-bit, as pg_locks shows it split in classid and objid). */
  readonly key: bigint;
  /** The PostgreSQL backend pid of the lock's session. */
  readonly backendPid: number;
  /**
   * Resolves with SEQUENCER_LOCK_LOST when the session ended without `release` (server restart,
   * pg_terminate_backend, a connection that stopped answering): another sequencer may now hold it.
   */
  readonly lost: Promise<StoreError>;
  /** Ends the session, which releases the lock. */
  release(): Promise<void>;
}

/** Merges `options` over the defaults; rejects keys the defaults do not have. */
export function resolveSequencerLockOptions(
  options: Partial<SequencerLockOptions> = {},
): SequencerLockOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_SEQUENCER_LOCK_OPTIONS, key)) {
      throw new StoreError('STORE_OPTIONS_INVALID', `unknown sequencer lock option "${key}"`);
    }
  }
  const resolved = { ...DEFAULT_SEQUENCER_LOCK_OPTIONS, ...options };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new StoreError('STORE_OPTIONS_INVALID', `${name} must be a positive integer (ms)`);
    }
  }
  return resolved;
}

/** The first 8 bytes of SHA-256("sealchain-sequencer\0" ‖ schema ‖ "\0" ‖ origin), as a signed int64. */
export function computeSequencerLockKey(schema: string, origin: string): bigint {
  const digest = sha256(utf8ToBytes(`sealchain-sequencer\0${schema}\0${origin}`));
  return new DataView(digest.buffer, digest.byteOffset, 8).getBigInt64(0);
}

interface LockHolder {
  pid: number;
  backend_start: Date | null;
  application_name: string | null;
}

// PostgreSQL shows a bigint advisory key as its high half in classid, its low half in objid,
// with objsubid 1. backend_start is NULL for a session of another role without pg_read_all_stats.
const FIND_HOLDER_SQL = `SELECT l.pid, a.backend_start, a.application_name
  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  LIMIT 1`;

async function findHolder(client: pg.Client, key: bigint): Promise<LockHolder | undefined> {
  const unsigned = BigInt.asUintN(64, key);
  const result = await client.query<LockHolder>(FIND_HOLDER_SQL, [
    String(unsigned >> 32n),
    String(unsigned & 0xffff_ffffn),
  ]);
  return result.rows[0];
}

/** Takes the lock at once if it is free, else waits up to `waitMs` for it (lock_timeout). */
async function takeLock(client: pg.Client, key: bigint, waitMs: number): Promise<boolean> {
  const tried = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
    String(key),
  ]);
  if (tried.rows[0]!.locked) return true;
  await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${waitMs}ms`]);
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [String(key)]);
    return true;
  } catch (error) {
    if (readSqlState(error) === SQLSTATE_LOCK_NOT_AVAILABLE) return false;
    throw error;
  }
}

function describeChain(target: SequencerLockTarget): string {
  return `chain ${target.chainName} (${target.origin}) in schema ${target.schema}`;
}

function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'a PostgreSQL session that has just ended';
  const parts = [`PostgreSQL backend pid ${holder.pid}`];
  if (holder.application_name) parts.push(`"${holder.application_name}"`);
  if (holder.backend_start !== null) parts.push(`connected since ${holder.backend_start.toISOString()}`);
  return parts.join(', ');
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Takes the sequencer lock of `target` on a new connection to its server and holds it until
 * `release`. Rejects SEQUENCER_ALREADY_RUNNING, naming the session that holds it, when another
 * sequencer has it; DATABASE_UNAVAILABLE when the server cannot be reached.
 */
export async function lockSequencer(
  target: SequencerLockTarget,
  options: Partial<SequencerLockOptions> = {},
): Promise<SequencerLock> {
  const resolved = resolveSequencerLockOptions(options);
  if (!isValidSchemaName(target.schema)) {
    throw new StoreError(
      'STORE_OPTIONS_INVALID',
      `schema name ${JSON.stringify(target.schema)} is not allowed`,
    );
  }
  const key = computeSequencerLockKey(target.schema, target.origin);
  // Shown in pg_stat_activity and in a refused sequencer's message (at most 63 bytes kept).
  const applicationName = `sealchain sequencer ${target.chainName} pid ${process.pid} on ${hostname()}`;
  const client = new pg.Client({
    connectionString: target.databaseUrl,
    application_name: applicationName.slice(0, 63),
    keepAlive: true,
  });
  let released = false;
  let stopWatching = () => {};
  let reportLost: (error: StoreError) => void = () => undefined;
  const lost = new Promise<StoreError>((resolve) => {
    reportLost = (error) => {
      if (released) return;
      released = true;
      stopWatching();
      client.end().catch(() => undefined);
      resolve(error);
    };
  });
  const loseLock = (cause: unknown) =>
    reportLost(
      new StoreError(
        'SEQUENCER_LOCK_LOST',
        `the connection that holds the sequencer lock of ${describeChain(target)} was lost ` +
          `(${describeError(cause)}); another sequencer may take the chain over, so this one stops sequencing`,
        { cause, details: { chain: target.chainName, origin: target.origin, schema: target.schema } },
      ),
    );
  client.on('error', loseLock);
  client.on('end', () => loseLock(new Error('the server closed the connection')));

  try {
    await client.connect();
  } catch (cause) {
    released = true;
    await client.end().catch(() => undefined);
    const message = `cannot reach the PostgreSQL server: ${describeError(cause)}`;
    throw new StoreError('DATABASE_UNAVAILABLE', message, { cause });
  }
  try {
    const backendPid = Number(
      (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid,
    );
    let holder: LockHolder | undefined;
    // The holder may end between the refusal and the look-up; then the lock is free to try again.
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await takeLock(client, key, resolved.acquireWaitMs)) {
        stopWatching = watchConnection(client, resolved, loseLock);
        return {
          key,
          backendPid,
          lost,
          release: async () => {
            if (released) return;
            released = true;
            stopWatching();
            await client.end().catch(() => undefined);
          },
        };
      }
      holder = await findHolder(client, key);
      if (holder !== undefined) break;
    }
    throw new StoreError(
      'SEQUENCER_ALREADY_RUNNING',
      `another sequencer already holds ${describeChain(target)} of this database ` +
        `(${describeHolder(holder)}); stop it first — one chain has exactly one sequencer`,
      {
        details: {
          chain: target.chainName,
          origin: target.origin,
          schema: target.schema,
          lockKey: String(key),
          ...(holder === undefined ? {} : { holderPid: holder.pid }),
          ...(holder?.backend_start ? { holderSince: holder.backend_start.toISOString() } : {}),
          ...(holder?.application_name ? { holderApplication: holder.application_name } : {}),
        },
      },
    );
  } catch (error) {
    released = true;
    await client.end().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError('DATABASE_ERROR', `cannot take the sequencer lock: ${describeError(error)}`, {
      cause: error,
    });
  }
}

// A connection can stay open on this side after the server ended its session (a network
// partition outlasting the server's keepalive), so its liveness is asked, not assumed.
function watchConnection(
  client: pg.Client,
  options: SequencerLockOptions,
  loseLock: (cause: unknown) => void,
): () => void {
  let checking = false;
  const check = () => {
    if (checking) return;
    checking = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the server did not answer a check within ${options.heartbeatTimeoutMs} ms`)),
        options.heartbeatTimeoutMs,
      );
    });
    Promise.race([client.query('SELECT 1'), timeout])
      .catch(loseLock)
      .finally(() => {
        clearTimeout(timer);
        checking = false;
      });
  };
  const interval = setInterval(check, options.heartbeatMs);
  interval.unref();
  return () => clearInterval(interval);
}
