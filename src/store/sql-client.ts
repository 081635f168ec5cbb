/**
 * The small SQL surface the stores are written against (PostgreSQL dialect, `$1` parameters).
 * Values cross it in one shape whatever the driver: `bigint` columns as `bigint`, `bytea` as a plain
 * `Uint8Array`, `timestamptz` as `Date`, NULL as `null`.
 */
export interface SqlExecutor {
  /** Runs one statement and returns its rows; rejects with the driver's error (it carries `code`). */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execute(script: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  /** `pglite` (embedded, one connection) or `pg` (a PostgreSQL server through a pool). */
  readonly kind: 'pglite' | 'pg';
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection. MUST resolve only after the commit is
   * durable on disk, and MUST roll back (and reject with `fn`'s error) if `fn` rejects.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Waits for running statements and releases the database; later calls reject STORE_CLOSED. */
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique-constraint violation. */
export const SQLSTATE_UNIQUE_VIOLATION = '23505';

/** Reads the SQLSTATE that both pg and PGlite put on their errors as `code`. */
export function readSqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** A schema name safe to splice into SQL: lower-case letters, digits and `_`, at most 63. */
export function isValidSchemaName(name: string): boolean {
  return typeof name === 'string' && SCHEMA_NAME_PATTERN.test(name);
}

// Named prepared statements are bounded, for code that builds its SQL text at run time.
const MAX_NAMED_STATEMENTS = 512;

/** Names for the prepared statements of one database: one per SQL text, at most 512. */
export class StatementNames {
  readonly #names = new Map<string, string>();

  /** The name of `text`'s statement, or undefined once the names are used up. */
  nameOf(text: string): string | undefined {
    let name = this.#names.get(text);
    if (name === undefined && this.#names.size < MAX_NAMED_STATEMENTS) {
      name = `sealchain_${this.#names.size}`;
      this.#names.set(text, name);
    }
    return name;
  }
}
