import pg from 'pg';
import { StoreError } from './errors.ts';
import {
  isValidSchemaName,
  readSqlState,
  StatementNames,
  SQLSTATE_UNIQUE_VIOLATION,
  type SqlClient,
  type SqlExecutor,
} from './sql-client.ts';

const PG_TYPE_INT8 = 20;
const PG_TYPE_BYTEA = 17;

export interface PgClientOptions {
  /** `postgres://user@host:port/database` */
  connectionString: string;
  schema: string;
  poolSize: number;
}

// Rows in the shape SqlClient promises: int8 as bigint (pg gives strings), bytea as a plain
// Uint8Array (pg gives Buffers, whose equality and JSON forms differ).
const TYPE_PARSERS = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === PG_TYPE_INT8) return (value: string) => BigInt(value);
    const parse = pg.types.getTypeParser(oid, (format ?? 'text') as 'text');
    if (oid === PG_TYPE_BYTEA) {
      return (value: string) => {
        const buffer = parse(value) as Uint8Array;
        return new Uint8Array(buffer);
      };
    }
    return parse as (value: string) => unknown;
  },
};

// Statements with parameters run as named prepared statements, which each connection parses and
// plans once: the hot paths (appends, reads of tiles and entries) repeat a handful of texts.

function wrapExecutor(target: pg.Pool | pg.PoolClient, names: StatementNames): SqlExecutor {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
      const name = params.length > 0 ? names.nameOf(text) : undefined;
      const values = params as unknown[];
      const result = await (name === undefined
        ? target.query(text, values)
        : target.query({ name, text, values }));
      return result.rows as Row[];
    },
    async execute(script: string): Promise<void> {
      await target.query(script);
    },
  };
}

/** A PostgreSQL server through a connection pool; each connection's search_path is the schema. */
export class PgClient implements SqlClient {
  readonly kind = 'pg';
  readonly #pool: pg.Pool;
  readonly #names = new StatementNames();
  #closed = false;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  static async open(options: PgClientOptions): Promise<PgClient> {
    if (!isValidSchemaName(options.schema)) {
      throw new StoreError(
        'STORE_OPTIONS_INVALID',
        `schema name ${JSON.stringify(options.schema)} is not allowed`,
      );
    }
    if (!Number.isInteger(options.poolSize) || options.poolSize < 1) {
      throw new StoreError('STORE_OPTIONS_INVALID', 'poolSize must be a positive integer');
    }
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      options: `-c search_path=${options.schema}`,
      types: TYPE_PARSERS,
    });
    pool.on('error', () => {
      // An idle connection died (server restart); the pool replaces it on the next checkout.
    });
    try {
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`).catch((error: unknown) => {
        // Two processes creating the schema at once: IF NOT EXISTS does not cover the race.
        if (readSqlState(error) !== SQLSTATE_UNIQUE_VIOLATION) throw error;
      });
    } catch (cause) {
      await pool.end().catch(() => undefined);
      throw new StoreError(
        'DATABASE_UNAVAILABLE',
        `cannot reach the PostgreSQL server: ${describeError(cause)}`,
        {
          cause,
        },
      );
    }
    return new PgClient(pool);
  }

  async query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.#checkOpen();
    return wrapExecutor(this.#pool, this.#names).query<Row>(text, params);
  }

  async execute(script: string): Promise<void> {
    this.#checkOpen();
    await this.#pool.query(script);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.#checkOpen();
    const connection = await this.#pool.connect();
    let broken = false;
    try {
      await connection.query('BEGIN');
      try {
        const result = await fn(wrapExecutor(connection, this.#names));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
    } finally {
      connection.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreError('STORE_CLOSED', 'the database pool is closed');
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
