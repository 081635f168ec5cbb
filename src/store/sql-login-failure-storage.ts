import type { LoginFailureStorage } from '../accounts/index.ts';
import type { SqlClient } from './sql-client.ts';

/** LoginFailureStorage in PostgreSQL (PGlite or a server), on the tables of migration 17. */
export class SqlLoginFailureStorage implements LoginFailureStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  recordFailure(key: string, atMs: number, sinceMs: number): Promise<number> {
    // Insert and count in one transaction: a failure another node records meanwhile is counted by
    // one of the two, so together they never miss the limit.
    return this.#client.transaction(async (tx) => {
      await tx.query('INSERT INTO login_failures (key, at_ms) VALUES ($1, $2)', [key, atMs]);
      const [row] = await tx.query<{ n: bigint | number | string }>(
        'SELECT count(*) AS n FROM login_failures WHERE key = $1 AND at_ms >= $2',
        [key, sinceMs],
      );
      return Number(row?.n ?? 0);
    });
  }

  lock(key: string, untilMs: number): Promise<void> {
    return this.#client.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO login_locks (key, locked_until_ms) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET locked_until_ms = GREATEST(login_locks.locked_until_ms, $2)`,
        [key, untilMs],
      );
      await tx.query('DELETE FROM login_failures WHERE key = $1', [key]);
    });
  }

  async readLocks(keys: readonly string[], nowMs: number): Promise<Map<string, number>> {
    const rows = await this.#client.query<{ key: string; locked_until_ms: bigint | number | string }>(
      'SELECT key, locked_until_ms FROM login_locks WHERE key = ANY($1::text[]) AND locked_until_ms > $2',
      [[...keys], nowMs],
    );
    return new Map(rows.map((row) => [row.key, Number(row.locked_until_ms)]));
  }

  forget(key: string): Promise<void> {
    return this.#client.transaction(async (tx) => {
      await tx.query('DELETE FROM login_failures WHERE key = $1', [key]);
      await tx.query('DELETE FROM login_locks WHERE key = $1', [key]);
    });
  }

  async deleteStale(failedBeforeMs: number, lockedBeforeMs: number): Promise<void> {
    await this.#client.query('DELETE FROM login_failures WHERE at_ms < $1', [failedBeforeMs]);
    await this.#client.query('DELETE FROM login_locks WHERE locked_until_ms < $1', [lockedBeforeMs]);
  }
}
