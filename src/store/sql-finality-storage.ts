import type { CosignedTreeHead, FinalityStorage, ForkReport, NewForkReport } from '../consortium/index.ts';
import type { SqlClient } from './sql-client.ts';

interface CheckpointRow {
  tree_size: bigint;
  root_hash: Uint8Array;
  note: string;
  cosigners: string[];
  final: boolean;
}

interface ReportRow {
  report_id: bigint;
  origin: string;
  witness: string;
  tree_size: bigint;
  code: string;
  reason: string;
  checkpoint_note: string;
  reported_at: string;
}

const CHECKPOINT_COLUMNS = 'tree_size, root_hash, note, cosigners, final';
const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const REPORT_COLUMNS = `report_id, origin, witness, tree_size, code, reason, checkpoint_note,
  to_char(reported_at AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS reported_at`;

function rowToCheckpoint(row: CheckpointRow): CosignedTreeHead {
  return {
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    note: row.note,
    cosigners: row.cosigners,
    final: row.final,
  };
}

function rowToReport(row: ReportRow): ForkReport {
  return {
    id: Number(row.report_id),
    origin: row.origin,
    witness: row.witness,
    treeSize: Number(row.tree_size),
    code: row.code,
    reason: row.reason,
    checkpointNote: row.checkpoint_note,
    reportedAt: row.reported_at,
  };
}

/** FinalityStorage in PostgreSQL (PGlite or a server), on the tables of the consortium migration. */
export class SqlFinalityStorage implements FinalityStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  // The row is locked (SELECT … FOR UPDATE) from read to write, so concurrent updates of one
  // checkpoint queue behind each other instead of overwriting each other's cosigners.
  updateCosignedCheckpoint(
    origin: string,
    initial: CosignedTreeHead,
    update: (stored: CosignedTreeHead) => CosignedTreeHead,
    witnessSizes: ReadonlyMap<string, number>,
  ): Promise<CosignedTreeHead> {
    return this.#client.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO consortium_checkpoints (origin, tree_size, root_hash, note, cosigners, final, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (origin, tree_size) DO NOTHING`,
        [origin, initial.treeSize, initial.rootHash, initial.note, [...initial.cosigners], initial.final],
      );
      const [row] = await tx.query<CheckpointRow>(
        `SELECT ${CHECKPOINT_COLUMNS} FROM consortium_checkpoints
         WHERE origin = $1 AND tree_size = $2 FOR UPDATE`,
        [origin, initial.treeSize],
      );
      const next = update(rowToCheckpoint(row!));
      const [stored] = await tx.query<CheckpointRow>(
        `UPDATE consortium_checkpoints SET note = $3, cosigners = $4, final = final OR $5, updated_at = now()
         WHERE origin = $1 AND tree_size = $2
         RETURNING ${CHECKPOINT_COLUMNS}`,
        [origin, initial.treeSize, next.note, [...next.cosigners], next.final],
      );
      for (const [witness, treeSize] of witnessSizes) {
        await tx.query(
          `INSERT INTO consortium_witness_sizes (origin, witness, tree_size) VALUES ($1, $2, $3)
           ON CONFLICT (origin, witness) DO UPDATE
             SET tree_size = GREATEST(consortium_witness_sizes.tree_size, EXCLUDED.tree_size)`,
          [origin, witness, treeSize],
        );
      }
      return rowToCheckpoint(stored!);
    });
  }

  async readCosignedCheckpoint(origin: string, treeSize: number): Promise<CosignedTreeHead | null> {
    const [row] = await this.#client.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM consortium_checkpoints WHERE origin = $1 AND tree_size = $2`,
      [origin, treeSize],
    );
    return row === undefined ? null : rowToCheckpoint(row);
  }

  async readLatestCosignedCheckpoint(origin: string): Promise<CosignedTreeHead | null> {
    const [row] = await this.#client.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM consortium_checkpoints WHERE origin = $1
       ORDER BY tree_size DESC LIMIT 1`,
      [origin],
    );
    return row === undefined ? null : rowToCheckpoint(row);
  }

  async readLatestFinalCheckpoint(origin: string): Promise<CosignedTreeHead | null> {
    const [row] = await this.#client.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM consortium_checkpoints WHERE origin = $1 AND final
       ORDER BY tree_size DESC LIMIT 1`,
      [origin],
    );
    return row === undefined ? null : rowToCheckpoint(row);
  }

  async listFinalCheckpoints(origin: string, afterSize: number, limit: number): Promise<CosignedTreeHead[]> {
    const rows = await this.#client.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM consortium_checkpoints
       WHERE origin = $1 AND final AND tree_size > $2 ORDER BY tree_size LIMIT $3`,
      [origin, afterSize, limit],
    );
    return rows.map(rowToCheckpoint);
  }

  async readWitnessSizes(origin: string): Promise<Map<string, number>> {
    const rows = await this.#client.query<{ witness: string; tree_size: bigint }>(
      'SELECT witness, tree_size FROM consortium_witness_sizes WHERE origin = $1',
      [origin],
    );
    return new Map(rows.map((row) => [row.witness, Number(row.tree_size)]));
  }

  async recordForkReport(report: NewForkReport): Promise<ForkReport> {
    const [row] = await this.#client.query<ReportRow>(
      `INSERT INTO consortium_fork_reports (origin, witness, tree_size, code, reason, checkpoint_note, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz)
       RETURNING ${REPORT_COLUMNS}`,
      [
        report.origin,
        report.witness,
        report.treeSize,
        report.code,
        report.reason,
        report.checkpointNote,
        report.reportedAt,
      ],
    );
    return rowToReport(row!);
  }

  async listForkReports(origin?: string): Promise<ForkReport[]> {
    const rows =
      origin === undefined
        ? await this.#client.query<ReportRow>(
            `SELECT ${REPORT_COLUMNS} FROM consortium_fork_reports ORDER BY report_id`,
          )
        : await this.#client.query<ReportRow>(
            `SELECT ${REPORT_COLUMNS} FROM consortium_fork_reports WHERE origin = $1 ORDER BY report_id`,
            [origin],
          );
    return rows.map(rowToReport);
  }
}
