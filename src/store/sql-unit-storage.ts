import type { StoredOrganisation, StoredUnit, UnitStorage } from '../ledger/index.ts';
import { readSqlState, SQLSTATE_UNIQUE_VIOLATION, type SqlClient } from './sql-client.ts';

interface UnitRow {
  unit_id: string;
  name: string;
  key_hash: Uint8Array;
  created_at: string;
  revoked_at: string | null;
  organisation: string | null;
  roles: string;
  name_key: string | null;
}

interface OrganisationRow {
  name: string;
  name_key: string;
  created_at: string;
}

// Times cross the SQL boundary as RFC 3339 text so both drivers return the same string.
const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const UNIT_COLUMNS = `unit_id, name, key_hash,
  to_char(created_at AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS created_at,
  to_char(revoked_at AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS revoked_at,
  organisation, roles, name_key`;

function rowToUnit(row: UnitRow): StoredUnit {
  return {
    id: row.unit_id,
    name: row.name,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    organisation: row.organisation,
    roles: row.roles.split(' ').filter((role) => role !== ''),
    nameKey: row.name_key,
  };
}

/** UnitStorage in PostgreSQL (PGlite or a server), on the tables of migrations 2 and 10. */
export class SqlUnitStorage implements UnitStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async insertUnit(unit: StoredUnit): Promise<boolean> {
    try {
      await this.#client.query(
        `INSERT INTO application_units
           (unit_id, name, key_hash, created_at, revoked_at, organisation, roles, name_key)
         VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8)`,
        [
          unit.id,
          unit.name,
          unit.keyHash,
          unit.createdAt,
          unit.revokedAt,
          unit.organisation,
          unit.roles.join(' '),
          unit.nameKey,
        ],
      );
      return true;
    } catch (error) {
      if (readSqlState(error) === SQLSTATE_UNIQUE_VIOLATION) return false;
      throw error;
    }
  }

  async readUnit(id: string): Promise<StoredUnit | null> {
    const [row] = await this.#client.query<UnitRow>(
      `SELECT ${UNIT_COLUMNS} FROM application_units WHERE unit_id = $1`,
      [id],
    );
    return row === undefined ? null : rowToUnit(row);
  }

  async listUnits(): Promise<StoredUnit[]> {
    const rows = await this.#client.query<UnitRow>(
      `SELECT ${UNIT_COLUMNS} FROM application_units ORDER BY created_at, unit_id`,
    );
    return rows.map(rowToUnit);
  }

  async revokeUnit(id: string, revokedAt: string): Promise<StoredUnit | null> {
    await this.#client.query(
      `UPDATE application_units SET revoked_at = $2::timestamptz
       WHERE unit_id = $1 AND revoked_at IS NULL`,
      [id, revokedAt],
    );
    return this.readUnit(id);
  }

  async replaceKeyHash(id: string, keyHash: Uint8Array): Promise<StoredUnit | null> {
    await this.#client.query('UPDATE application_units SET key_hash = $2 WHERE unit_id = $1', [id, keyHash]);
    return this.readUnit(id);
  }

  async insertOrganisation(organisation: StoredOrganisation): Promise<boolean> {
    const inserted = await this.#client.query(
      `INSERT INTO organisations (name, name_key, created_at) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT DO NOTHING RETURNING name`,
      [organisation.name, organisation.nameKey, organisation.createdAt],
    );
    return inserted.length === 1;
  }

  async listOrganisations(): Promise<StoredOrganisation[]> {
    const rows = await this.#client.query<OrganisationRow>(
      `SELECT name, name_key, to_char(created_at AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS created_at
       FROM organisations ORDER BY created_at, name`,
    );
    return rows.map((row) => ({ name: row.name, nameKey: row.name_key, createdAt: row.created_at }));
  }

  async readAdminTokenHash(): Promise<Uint8Array | null> {
    const [row] = await this.#client.query<{ token_hash: Uint8Array }>(
      'SELECT token_hash FROM node_admin_token WHERE singleton',
    );
    return row?.token_hash ?? null;
  }

  async initAdminTokenHash(tokenHash: Uint8Array): Promise<boolean> {
    const inserted = await this.#client.query(
      `INSERT INTO node_admin_token (singleton, token_hash) VALUES (true, $1)
       ON CONFLICT (singleton) DO NOTHING RETURNING singleton`,
      [tokenHash],
    );
    return inserted.length === 1;
  }
}
