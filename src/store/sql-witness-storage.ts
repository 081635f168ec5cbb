import type {
  AdvanceOutcome,
  NewWitnessAlarm,
  WitnessAlarm,
  WitnessAlarmKind,
  WitnessedCheckpoint,
  WitnessLogState,
  WitnessStorage,
} from '../consortium/index.ts';
import { equalBytes } from '../crypto/index.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';

interface StateRow {
  frozen: boolean;
  tree_size: bigint | null;
  root_hash: Uint8Array | null;
  note: string | null;
}

interface AlarmRow {
  alarm_id: bigint;
  origin: string;
  kind: WitnessAlarmKind;
  known_note: string | null;
  conflicting_note: string;
  evidence: string;
  detected_at: string;
}

const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const ALARM_COLUMNS = `alarm_id, origin, kind, known_note, conflicting_note, evidence,
  to_char(detected_at AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS detected_at`;

function rowToAlarm(row: AlarmRow): WitnessAlarm {
  return {
    id: Number(row.alarm_id),
    origin: row.origin,
    kind: row.kind,
    knownNote: row.known_note,
    conflictingNote: row.conflicting_note,
    evidence: row.evidence,
    detectedAt: row.detected_at,
  };
}

async function readState(executor: SqlExecutor, origin: string): Promise<WitnessLogState> {
  const [row] = await executor.query<StateRow>(
    `SELECT EXISTS (SELECT 1 FROM witness_alarms WHERE origin = $1) AS frozen, c.tree_size, c.root_hash, c.note
     FROM (SELECT 1) AS one LEFT JOIN witness_checkpoints c ON c.origin = $1`,
    [origin],
  );
  const latest: WitnessedCheckpoint | null =
    row === undefined || row.tree_size === null
      ? null
      : { origin, treeSize: Number(row.tree_size), rootHash: row.root_hash!, note: row.note! };
  return { latest, frozen: row?.frozen === true };
}

/** Serialises writers of one origin across connections and processes until the transaction ends. */
async function lockOrigin(executor: SqlExecutor, origin: string): Promise<void> {
  await executor.query(`SELECT pg_advisory_xact_lock(hashtext('witness:' || $1))`, [origin]);
}

/** WitnessStorage in PostgreSQL (PGlite or a server), on the tables of migration 4. */
export class SqlWitnessStorage implements WitnessStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  readLogState(origin: string): Promise<WitnessLogState> {
    return readState(this.#client, origin);
  }

  advanceCheckpoint(expectedSize: number, next: WitnessedCheckpoint): Promise<AdvanceOutcome> {
    return this.#client.transaction(async (tx) => {
      await lockOrigin(tx, next.origin);
      const state = await readState(tx, next.origin);
      const latestSize = state.latest?.treeSize ?? 0;
      const grows =
        next.treeSize > expectedSize ||
        (next.treeSize === expectedSize &&
          (state.latest === null || equalBytes(state.latest.rootHash, next.rootHash)));
      if (state.frozen || latestSize !== expectedSize || !grows) return { advanced: false, state };
      await tx.query(
        `INSERT INTO witness_checkpoints (origin, tree_size, root_hash, note, updated_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (origin) DO UPDATE
           SET tree_size = EXCLUDED.tree_size, root_hash = EXCLUDED.root_hash, note = EXCLUDED.note,
               updated_at = EXCLUDED.updated_at`,
        [next.origin, next.treeSize, next.rootHash, next.note],
      );
      return { advanced: true } as const;
    });
  }

  recordAlarm(alarm: NewWitnessAlarm): Promise<WitnessAlarm> {
    return this.#client.transaction(async (tx) => {
      await lockOrigin(tx, alarm.origin);
      const [row] = await tx.query<AlarmRow>(
        `INSERT INTO witness_alarms (origin, kind, known_note, conflicting_note, evidence, detected_at)
         VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
         RETURNING ${ALARM_COLUMNS}`,
        [alarm.origin, alarm.kind, alarm.knownNote, alarm.conflictingNote, alarm.evidence, alarm.detectedAt],
      );
      return rowToAlarm(row!);
    });
  }

  async listAlarms(origin?: string): Promise<WitnessAlarm[]> {
    const rows =
      origin === undefined
        ? await this.#client.query<AlarmRow>(`SELECT ${ALARM_COLUMNS} FROM witness_alarms ORDER BY alarm_id`)
        : await this.#client.query<AlarmRow>(
            `SELECT ${ALARM_COLUMNS} FROM witness_alarms WHERE origin = $1 ORDER BY alarm_id`,
            [origin],
          );
    return rows.map(rowToAlarm);
  }
}
