import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DurableNodeFS } from './durable-node-fs.ts';
import { StoreError } from './errors.ts';
import { checkBytea, PG_TYPE_BYTEA, PreparedStatements, STATEMENT_SERIALIZERS } from './pglite-statements.ts';
import { isValidSchemaName, type SqlClient, type SqlExecutor } from './sql-client.ts';

const PG_TYPE_INT8 = 20;
const MEMORY_PREFIX = 'memory://';

export interface PgliteClientOptions {
  /** A directory for the database files, or `memory://` for a throw-away database (tests). */
  dataDir: string;
  schema: string;
}

// int8 as bigint; bytea through Node's native hex codec, since PGlite's own makes a string per byte.
const TYPE_PARSERS = {
  [PG_TYPE_INT8]: BigInt,
  [PG_TYPE_BYTEA]: (text: string): Uint8Array => new Uint8Array(Buffer.from(text.slice(2), 'hex')),
};
const TYPE_SERIALIZERS = {
  [PG_TYPE_BYTEA]: (value: unknown): string => {
    const bytes = checkBytea(value);
    return `\\x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
  },
};
/**
 * Memory settings of every embedded database. PGlite keeps PostgreSQL's 128 MB of shared buffers
 * in its WebAssembly memory, which is never given back: a local consortium of six nodes held
 * over 1 GB idle. Its tables are small and the host's page cache holds the files anyway, so a few
 * megabytes of buffers suffice (https://www.postgresql.org/docs/current/runtime-config-resource.html).
 */
export const PGLITE_MEMORY_PARAMS: readonly string[] = Object.freeze([
  '-c',
  'shared_buffers=8MB',
  '-c',
  'wal_buffers=512kB',
  '-c',
  'temp_buffers=1MB',
  '-c',
  'maintenance_work_mem=16MB',
]);

/** PGlite's own start parameters with fsync turned back on (see durable-node-fs.ts), smaller buffers. */
function listDurableStartParams(): string[] {
  return [
    ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
    '-c',
    'wal_sync_method=fsync',
    ...PGLITE_MEMORY_PARAMS,
  ];
}

interface PgliteArtifacts {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}
let artifacts: Promise<PgliteArtifacts> | undefined;

/**
 * PGlite's compiled WebAssembly module and its file-system bundle, loaded once per process: each
 * PGlite compiles its own copy otherwise, and V8's optimised code of it takes tens of MB per database.
 */
function loadPgliteArtifacts(): Promise<PgliteArtifacts> {
  artifacts ??= (async () => {
    const [wasm, data] = await Promise.all([
      readFile(new URL(import.meta.resolve('@electric-sql/pglite/pglite.wasm'))),
      readFile(new URL(import.meta.resolve('@electric-sql/pglite/pglite.data'))),
    ]);
    return { pgliteWasmModule: await WebAssembly.compile(wasm), fsBundle: new Blob([data]) };
  })();
  artifacts.catch(() => {
    artifacts = undefined;
  });
  return artifacts;
}

function wrapExecutor(target: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await target.query<Row>(text, params as unknown[], {
        serializers: STATEMENT_SERIALIZERS,
      });
      return result.rows;
    },
    async execute(script: string): Promise<void> {
      await target.exec(script);
    },
  };
}

/** Embedded PostgreSQL in this process; every commit is fsynced before it resolves. */
export class PgliteClient implements SqlClient {
  readonly kind = 'pglite';
  readonly #db: PGlite;
  readonly #fs: DurableNodeFS | undefined;
  readonly #prepared: PreparedStatements;
  #closed = false;

  private constructor(db: PGlite, fs: DurableNodeFS | undefined) {
    this.#db = db;
    this.#fs = fs;
    this.#prepared = new PreparedStatements(db);
  }

  static async open(options: PgliteClientOptions): Promise<PgliteClient> {
    if (!isValidSchemaName(options.schema)) {
      throw new StoreError(
        'STORE_OPTIONS_INVALID',
        `schema name ${JSON.stringify(options.schema)} is not allowed`,
      );
    }
    const inMemory = options.dataDir.startsWith(MEMORY_PREFIX);
    let fs: DurableNodeFS | undefined;
    let db: PGlite;
    try {
      if (inMemory) {
        db = await PGlite.create(options.dataDir, {
          ...(await loadPgliteArtifacts()),
          startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_PARAMS],
          parsers: TYPE_PARSERS,
          serializers: TYPE_SERIALIZERS,
        });
      } else {
        mkdirSync(options.dataDir, { recursive: true });
        fs = new DurableNodeFS(options.dataDir);
        db = await PGlite.create({
          ...(await loadPgliteArtifacts()),
          fs,
          startParams: listDurableStartParams(),
          parsers: TYPE_PARSERS,
          serializers: TYPE_SERIALIZERS,
        });
      }
      await db.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}; SET search_path TO ${options.schema}`);
    } catch (cause) {
      if (cause instanceof StoreError) throw cause;
      throw new StoreError(
        'DATABASE_UNAVAILABLE',
        `cannot open the embedded database in ${options.dataDir}`,
        {
          cause,
        },
      );
    }
    return new PgliteClient(db, fs);
  }

  /** Host fsync calls so far (0 for an in-memory database). */
  get syncCount(): number {
    return this.#fs?.syncCount ?? 0;
  }

  async query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.#checkOpen();
    if (params.length > 0) {
      const rows = await this.#prepared.query<Row>(text, params);
      if (rows !== undefined) return rows;
    }
    return wrapExecutor(this.#db).query<Row>(text, params);
  }

  async execute(script: string): Promise<void> {
    this.#checkOpen();
    await this.#db.exec(script);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.#db.transaction((tx) => fn(wrapExecutor(tx)));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('STORE_CLOSED', 'the embedded database is closed');
  }
}
