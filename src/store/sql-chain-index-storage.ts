import type {
  CaseSummary,
  ChainIndexBatch,
  ChainIndexStorage,
  DailyCount,
  DailyTypeCount,
  DailyUnitCount,
  IndexedAnchor,
  IndexedVerification,
  UnitEntry,
  UnitTypeCount,
  VerificationSummary,
} from '../consortium/index.ts';
import type { SqlClient, SqlExecutor } from './sql-client.ts';

interface VerificationRow {
  leaf_index: bigint;
  verified_chain: string;
  verified_origin: string;
  verified_index: bigint;
  verified_leaf_hash: string;
  verified: boolean;
  cross_chain: boolean;
  case_number: string | null;
  recorded_at: string;
}

interface AnchorRow {
  leaf_index: bigint;
  anchored_origin: string;
  anchored_tree_size: bigint;
  checkpoint_note: string;
}

const RFC3339_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const VERIFICATION_COLUMNS = `leaf_index, verified_chain, verified_origin, verified_index, verified_leaf_hash,
  verified, cross_chain, case_number, to_char(recorded_at AT TIME ZONE 'UTC', ${RFC3339_UTC}) AS recorded_at`;
const ANCHOR_COLUMNS = 'leaf_index, anchored_origin, anchored_tree_size, checkpoint_note';

function rowToVerification(row: VerificationRow): IndexedVerification {
  return {
    leafIndex: Number(row.leaf_index),
    verifiedChain: row.verified_chain,
    verifiedOrigin: row.verified_origin,
    verifiedIndex: Number(row.verified_index),
    verifiedLeafHash: row.verified_leaf_hash,
    verified: row.verified,
    crossChain: row.cross_chain,
    caseNumber: row.case_number,
    time: row.recorded_at,
  };
}

function rowToAnchor(row: AnchorRow): IndexedAnchor {
  return {
    leafIndex: Number(row.leaf_index),
    anchoredOrigin: row.anchored_origin,
    anchoredTreeSize: Number(row.anchored_tree_size),
    checkpoint: row.checkpoint_note,
  };
}

/** Sums `counts` by `key`, so that one multi-row upsert never meets the same row twice. */
function sumBy(counts: readonly DailyCount[], key: (count: DailyCount) => string): DailyCount[] {
  const sums = new Map<string, DailyCount>();
  for (const count of counts) {
    const id = key(count);
    const sum = sums.get(id);
    sums.set(id, { ...count, entries: (sum?.entries ?? 0) + count.entries });
  }
  return [...sums.values()];
}

/** Adds a batch's daily counts to both daily tables, one multi-row statement each. */
async function upsertDailyCounts(
  tx: SqlExecutor,
  origin: string,
  counts: readonly DailyCount[],
): Promise<void> {
  if (counts.length === 0) return;
  const byType = sumBy(counts, (c) => `${c.day}\n${c.type}\n${c.subtype}`);
  await tx.query(
    `INSERT INTO consortium_daily_type_counts (origin, day, entry_type, subtype, entries)
     SELECT $1, d, t, s, n FROM unnest($2::date[], $3::text[], $4::text[], $5::bigint[]) AS r(d, t, s, n)
     ON CONFLICT (origin, day, entry_type, subtype)
       DO UPDATE SET entries = consortium_daily_type_counts.entries + EXCLUDED.entries`,
    [
      origin,
      byType.map((c) => c.day),
      byType.map((c) => c.type),
      byType.map((c) => c.subtype),
      byType.map((c) => c.entries),
    ],
  );
  const byUnit = sumBy(counts, (c) => `${c.day}\n${c.unit}\n${c.type}`);
  await tx.query(
    `INSERT INTO consortium_daily_unit_counts (origin, day, unit, entry_type, entries)
     SELECT $1, d, u, t, n FROM unnest($2::date[], $3::text[], $4::text[], $5::bigint[]) AS r(d, u, t, n)
     ON CONFLICT (origin, day, unit, entry_type)
       DO UPDATE SET entries = consortium_daily_unit_counts.entries + EXCLUDED.entries`,
    [
      origin,
      byUnit.map((c) => c.day),
      byUnit.map((c) => c.unit),
      byUnit.map((c) => c.type),
      byUnit.map((c) => c.entries),
    ],
  );
}

/** ChainIndexStorage in PostgreSQL (PGlite or a server), on the tables of the consortium migration. */
export class SqlChainIndexStorage implements ChainIndexStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async readIndexedSize(origin: string): Promise<number> {
    const [row] = await this.#client.query<{ indexed_size: bigint }>(
      'SELECT indexed_size FROM consortium_index_heads WHERE origin = $1',
      [origin],
    );
    return row === undefined ? 0 : Number(row.indexed_size);
  }

  commitIndexBatch(batch: ChainIndexBatch): Promise<boolean> {
    const { origin } = batch;
    return this.#client.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO consortium_index_heads (origin, indexed_size) VALUES ($1, 0) ON CONFLICT (origin) DO NOTHING',
        [origin],
      );
      const moved = await tx.query(
        `UPDATE consortium_index_heads SET indexed_size = $3 WHERE origin = $1 AND indexed_size = $2
         RETURNING indexed_size`,
        [origin, batch.fromIndex, batch.toIndex],
      );
      if (moved.length === 0) return false;
      for (const count of batch.counts) {
        await tx.query(
          `INSERT INTO consortium_unit_counts (origin, unit, entry_type, entries) VALUES ($1, $2, $3, $4)
           ON CONFLICT (origin, unit, entry_type)
             DO UPDATE SET entries = consortium_unit_counts.entries + EXCLUDED.entries`,
          [origin, count.unit, count.type, count.entries],
        );
      }
      await upsertDailyCounts(tx, origin, batch.dailyCounts);
      if (batch.unitEntries.length > 0) {
        await tx.query(
          `INSERT INTO consortium_unit_entries (origin, unit, leaf_index)
           SELECT $1, u, i FROM unnest($2::text[], $3::bigint[]) AS r(u, i)`,
          [origin, batch.unitEntries.map((e) => e.unit), batch.unitEntries.map((e) => e.leafIndex)],
        );
      }
      for (const record of batch.verifications) {
        await tx.query(
          `INSERT INTO consortium_verifications (origin, leaf_index, verified_chain, verified_origin,
             verified_index, verified_leaf_hash, verified, cross_chain, case_number, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamptz)`,
          [
            origin,
            record.leafIndex,
            record.verifiedChain,
            record.verifiedOrigin,
            record.verifiedIndex,
            record.verifiedLeafHash,
            record.verified,
            record.crossChain,
            record.caseNumber,
            record.time,
          ],
        );
      }
      for (const anchor of batch.anchors) {
        await tx.query(
          `INSERT INTO consortium_anchors (origin, leaf_index, anchored_origin, anchored_tree_size, checkpoint_note)
           VALUES ($1, $2, $3, $4, $5)`,
          [origin, anchor.leafIndex, anchor.anchoredOrigin, anchor.anchoredTreeSize, anchor.checkpoint],
        );
      }
      return true;
    });
  }

  async readUnitTypeCounts(origin: string): Promise<UnitTypeCount[]> {
    const rows = await this.#client.query<{ unit: string; entry_type: string; entries: bigint }>(
      `SELECT unit, entry_type, entries FROM consortium_unit_counts WHERE origin = $1
       ORDER BY entries DESC, unit, entry_type`,
      [origin],
    );
    return rows.map((row) => ({ unit: row.unit, type: row.entry_type, entries: Number(row.entries) }));
  }

  async readDailyTypeCounts(origin: string, fromDay: string): Promise<DailyTypeCount[]> {
    const rows = await this.#client.query<{
      day: string;
      entry_type: string;
      subtype: string;
      entries: bigint;
    }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, entry_type, subtype, entries
       FROM consortium_daily_type_counts WHERE origin = $1 AND day >= $2::date
       ORDER BY day, entry_type COLLATE "C", subtype COLLATE "C"`,
      [origin, fromDay],
    );
    return rows.map((row) => ({
      day: row.day,
      type: row.entry_type,
      subtype: row.subtype,
      entries: Number(row.entries),
    }));
  }

  async readDailyUnitCounts(origin: string, fromDay: string): Promise<DailyUnitCount[]> {
    const rows = await this.#client.query<{ day: string; unit: string; entry_type: string; entries: bigint }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, unit, entry_type, entries
       FROM consortium_daily_unit_counts WHERE origin = $1 AND day >= $2::date
       ORDER BY day, unit COLLATE "C", entry_type COLLATE "C"`,
      [origin, fromDay],
    );
    return rows.map((row) => ({
      day: row.day,
      unit: row.unit,
      type: row.entry_type,
      entries: Number(row.entries),
    }));
  }

  async listUnitEntries(
    origin: string,
    units: readonly string[],
    before: number | null,
    limit: number,
  ): Promise<UnitEntry[]> {
    // One bounded index range per unit (the primary key), then the newest `limit` of them: the cost
    // is units × limit however many entries the units made.
    const rows = await this.#client.query<{ unit: string; leaf_index: bigint }>(
      `SELECT e.unit, e.leaf_index FROM (SELECT DISTINCT u FROM unnest($2::text[]) AS r(u)) AS names
       CROSS JOIN LATERAL (
         SELECT unit, leaf_index FROM consortium_unit_entries
         WHERE origin = $1 AND unit = names.u AND leaf_index < $3
         ORDER BY leaf_index DESC LIMIT $4
       ) AS e
       ORDER BY e.leaf_index DESC LIMIT $4`,
      [origin, [...units], before ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.map((row) => ({ unit: row.unit, leafIndex: Number(row.leaf_index) }));
  }

  async summarizeVerifications(origin: string, topCases: number): Promise<VerificationSummary> {
    const [totals] = await this.#client.query<{
      verifications: bigint;
      verified: bigint;
      cross_chain: bigint;
      cases: bigint;
      cross_chain_cases: bigint;
    }>(
      `SELECT count(*) AS verifications,
              count(*) FILTER (WHERE verified) AS verified,
              count(*) FILTER (WHERE cross_chain) AS cross_chain,
              count(DISTINCT case_number) AS cases,
              count(DISTINCT case_number) FILTER (WHERE cross_chain) AS cross_chain_cases
       FROM consortium_verifications WHERE origin = $1`,
      [origin],
    );
    const cases = await this.#client.query<{
      case_number: string;
      verifications: bigint;
      cross_chain: bigint;
    }>(
      `SELECT case_number, count(*) AS verifications, count(*) FILTER (WHERE cross_chain) AS cross_chain
       FROM consortium_verifications WHERE origin = $1 AND case_number IS NOT NULL
       GROUP BY case_number ORDER BY count(*) DESC, case_number LIMIT $2`,
      [origin, topCases],
    );
    const verifications = Number(totals?.verifications ?? 0n);
    const verified = Number(totals?.verified ?? 0n);
    return {
      verifications,
      verified,
      failed: verifications - verified,
      crossChainVerifications: Number(totals?.cross_chain ?? 0n),
      cases: Number(totals?.cases ?? 0n),
      crossChainCases: Number(totals?.cross_chain_cases ?? 0n),
      topCases: cases.map((row): CaseSummary => ({
        caseNumber: row.case_number,
        verifications: Number(row.verifications),
        crossChainVerifications: Number(row.cross_chain),
      })),
    };
  }

  async listCaseVerifications(origin: string, caseNumber: string): Promise<IndexedVerification[]> {
    const rows = await this.#client.query<VerificationRow>(
      `SELECT ${VERIFICATION_COLUMNS} FROM consortium_verifications
       WHERE origin = $1 AND case_number = $2 ORDER BY leaf_index`,
      [origin, caseNumber],
    );
    return rows.map(rowToVerification);
  }

  async listCases(origin: string, after: string | null, limit: number): Promise<CaseSummary[]> {
    // Keyset paging in the database's collation, along consortium_verifications_case.
    const rows = await this.#client.query<{
      case_number: string;
      verifications: bigint;
      cross_chain: bigint;
    }>(
      `SELECT case_number, count(*) AS verifications, count(*) FILTER (WHERE cross_chain) AS cross_chain
       FROM consortium_verifications
       WHERE origin = $1 AND case_number IS NOT NULL${after === null ? '' : ' AND case_number > $3'}
       GROUP BY case_number ORDER BY case_number LIMIT $2`,
      after === null ? [origin, limit] : [origin, limit, after],
    );
    return rows.map((row) => ({
      caseNumber: row.case_number,
      verifications: Number(row.verifications),
      crossChainVerifications: Number(row.cross_chain),
    }));
  }

  async findCoveringAnchor(
    origin: string,
    anchoredOrigin: string,
    leafIndex: number,
  ): Promise<IndexedAnchor | null> {
    const [row] = await this.#client.query<AnchorRow>(
      `SELECT ${ANCHOR_COLUMNS} FROM consortium_anchors
       WHERE origin = $1 AND anchored_origin = $2 AND anchored_tree_size > $3
       ORDER BY anchored_tree_size, leaf_index LIMIT 1`,
      [origin, anchoredOrigin, leafIndex],
    );
    return row === undefined ? null : rowToAnchor(row);
  }

  async readLatestAnchor(origin: string, anchoredOrigin: string): Promise<IndexedAnchor | null> {
    const [row] = await this.#client.query<AnchorRow>(
      `SELECT ${ANCHOR_COLUMNS} FROM consortium_anchors WHERE origin = $1 AND anchored_origin = $2
       ORDER BY anchored_tree_size DESC, leaf_index DESC LIMIT 1`,
      [origin, anchoredOrigin],
    );
    return row === undefined ? null : rowToAnchor(row);
  }
}
