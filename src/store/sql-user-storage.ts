import type { NewUser, StoredSession, StoredUser, UserStorage } from '../accounts/index.ts';
import type { SqlClient } from './sql-client.ts';

interface UserRow {
  unit_id: string;
  name: string;
  organisation: string | null;
  roles: string;
  display_name: string;
  password_hash: string;
  password_change_required: boolean;
  totp_secret: Uint8Array | null;
  totp_pending_secret: Uint8Array | null;
  totp_last_step: bigint | number | string | null;
  disabled_at: string | null;
  created_at: string;
}

interface SessionRow {
  id_hash: Uint8Array;
  unit_id: string;
  csrf_token: string;
  session_created_at: string;
  last_seen_at: string;
}

const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const utc = (column: string, as: string) => `to_char(${column} AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS ${as}`;
const USER_COLUMNS = `a.unit_id, u.name, u.organisation, u.roles, a.display_name, a.password_hash,
  a.password_change_required, a.totp_secret, a.totp_pending_secret, a.totp_last_step,
  ${utc('a.disabled_at', 'disabled_at')}, ${utc('a.created_at', 'created_at')}`;
const USER_FROM = 'user_accounts a JOIN application_units u ON u.unit_id = a.unit_id';

function rowToUser(row: UserRow): StoredUser {
  return {
    id: row.unit_id,
    name: row.name,
    organisation: row.organisation,
    roles: row.roles.split(' ').filter((role) => role !== ''),
    displayName: row.display_name,
    passwordHash: row.password_hash,
    passwordChangeRequired: row.password_change_required,
    totpSecret: row.totp_secret,
    totpPendingSecret: row.totp_pending_secret,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
  };
}

/** UserStorage in PostgreSQL (PGlite or a server), on the tables of migration 12. */
export class SqlUserStorage implements UserStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async insertUser(user: NewUser): Promise<boolean> {
    const rows = await this.#client.query(
      `INSERT INTO user_accounts (unit_id, display_name, password_hash, password_change_required, created_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT DO NOTHING RETURNING unit_id`,
      [user.id, user.displayName, user.passwordHash, user.passwordChangeRequired, user.createdAt],
    );
    return rows.length === 1;
  }

  async readUser(id: string): Promise<StoredUser | null> {
    const [row] = await this.#client.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE a.unit_id = $1`,
      [id],
    );
    return row === undefined ? null : rowToUser(row);
  }

  async readUserByName(name: string): Promise<StoredUser | null> {
    const [row] = await this.#client.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM} WHERE u.name = $1`,
      [name],
    );
    return row === undefined ? null : rowToUser(row);
  }

  async listUsers(): Promise<StoredUser[]> {
    const rows = await this.#client.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM ${USER_FROM} ORDER BY a.created_at, a.unit_id`,
    );
    return rows.map(rowToUser);
  }

  async updatePassword(id: string, passwordHash: string, changeRequired: boolean): Promise<boolean> {
    const rows = await this.#client.query(
      `UPDATE user_accounts SET password_hash = $2, password_change_required = $3
       WHERE unit_id = $1 RETURNING unit_id`,
      [id, passwordHash, changeRequired],
    );
    return rows.length === 1;
  }

  async setPendingTotp(id: string, secret: Uint8Array | null): Promise<boolean> {
    const rows = await this.#client.query(
      'UPDATE user_accounts SET totp_pending_secret = $2 WHERE unit_id = $1 RETURNING unit_id',
      [id, secret],
    );
    return rows.length === 1;
  }

  async activateTotp(id: string, secret: Uint8Array, step: number): Promise<boolean> {
    const rows = await this.#client.query(
      `UPDATE user_accounts SET totp_secret = $2, totp_pending_secret = NULL, totp_last_step = $3
       WHERE unit_id = $1 RETURNING unit_id`,
      [id, secret, step],
    );
    return rows.length === 1;
  }

  async clearTotp(id: string): Promise<boolean> {
    const rows = await this.#client.query(
      `UPDATE user_accounts SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL
       WHERE unit_id = $1 RETURNING unit_id`,
      [id],
    );
    return rows.length === 1;
  }

  async useTotpStep(id: string, step: number): Promise<boolean> {
    const rows = await this.#client.query(
      `UPDATE user_accounts SET totp_last_step = $2
       WHERE unit_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING unit_id`,
      [id, step],
    );
    return rows.length === 1;
  }

  disableUser(id: string, disabledAt: string): Promise<boolean> {
    return this.#client.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE user_accounts SET disabled_at = COALESCE(disabled_at, $2::timestamptz)
         WHERE unit_id = $1 RETURNING unit_id`,
        [id, disabledAt],
      );
      await tx.query('DELETE FROM user_sessions WHERE unit_id = $1', [id]);
      return rows.length === 1;
    });
  }

  async insertSession(session: StoredSession): Promise<void> {
    await this.#client.query(
      `INSERT INTO user_sessions (id_hash, unit_id, csrf_token, created_at, last_seen_at)
       VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz)`,
      [session.idHash, session.userId, session.csrfToken, session.createdAt, session.lastSeenAt],
    );
  }

  async readSession(idHash: Uint8Array): Promise<{ session: StoredSession; user: StoredUser } | null> {
    const [row] = await this.#client.query<UserRow & SessionRow>(
      `SELECT ${USER_COLUMNS}, s.id_hash, s.csrf_token,
         ${utc('s.created_at', 'session_created_at')}, ${utc('s.last_seen_at', 'last_seen_at')}
       FROM user_sessions s JOIN ${USER_FROM} ON a.unit_id = s.unit_id WHERE s.id_hash = $1`,
      [idHash],
    );
    if (row === undefined) return null;
    return {
      session: {
        idHash: row.id_hash,
        userId: row.unit_id,
        csrfToken: row.csrf_token,
        createdAt: row.session_created_at,
        lastSeenAt: row.last_seen_at,
      },
      user: rowToUser(row),
    };
  }

  async touchSession(idHash: Uint8Array, lastSeenAt: string): Promise<void> {
    await this.#client.query(
      `UPDATE user_sessions SET last_seen_at = GREATEST(last_seen_at, $2::timestamptz) WHERE id_hash = $1`,
      [idHash, lastSeenAt],
    );
  }

  async deleteSession(idHash: Uint8Array): Promise<void> {
    await this.#client.query('DELETE FROM user_sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteUserSessions(userId: string, keepIdHash?: Uint8Array): Promise<number> {
    const rows = await this.#client.query(
      `DELETE FROM user_sessions WHERE unit_id = $1 AND ($2::bytea IS NULL OR id_hash <> $2::bytea)
       RETURNING unit_id`,
      [userId, keepIdHash ?? null],
    );
    return rows.length;
  }

  async deleteExpiredSessions(idleBefore: string, createdBefore: string): Promise<number> {
    const rows = await this.#client.query(
      `DELETE FROM user_sessions WHERE last_seen_at < $1::timestamptz OR created_at < $2::timestamptz
       RETURNING unit_id`,
      [idleBefore, createdBefore],
    );
    return rows.length;
  }
}
