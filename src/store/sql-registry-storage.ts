import {
  normalizeHolderName,
  type Decision,
  type EntryRef,
  type NewLicense,
  type NewWork,
  type RegistryStorage,
  type Revocation,
  type ReviewStatus,
  type StoredLicense,
  type StoredWork,
  type WorkCodes,
  type WorkQuery,
} from '../registry/index.ts';
import type { SqlClient } from './sql-client.ts';

interface WorkRow {
  work_id: bigint;
  number: string;
  unit: string;
  record: Omit<StoredWork, 'id' | 'number' | 'unit' | 'entry' | 'review' | 'decision'>;
  text_signature: StoredWork['fingerprint']['textSignature'] | null;
  entry_index: bigint | null;
  entry_leaf_hash: string | null;
  entry_time: string | null;
  review_status: ReviewStatus | null;
  decision: Omit<Decision, 'entry'> | null;
  decision_index: bigint | null;
  decision_leaf_hash: string | null;
  decision_time: string | null;
}

interface LicenseRow {
  license_id: bigint;
  number: string;
  work_number: string;
  unit: string;
  record: Pick<StoredLicense, 'terms' | 'disclosures' | 'entryRequest'> & { licensor?: string };
  entry_index: bigint | null;
  entry_leaf_hash: string | null;
  entry_time: string | null;
  revocation: Omit<Revocation, 'entry'> | null;
  revocation_index: bigint | null;
  revocation_leaf_hash: string | null;
  revocation_time: string | null;
}

interface CodesRow {
  work_id: bigint;
  content_kind: string | null;
  content_code: string | null;
  pdq_hash: string | null;
  pdq_quality: number | null;
  text_signature: WorkCodes['textSignature'] | null;
}

const WORK_COLUMNS = `work_id, number, unit, record, text_signature, entry_index, entry_leaf_hash, entry_time,
  review_status, decision, decision_index, decision_leaf_hash, decision_time`;
const LICENSE_COLUMNS = `license_id, number, work_number, unit, record, entry_index, entry_leaf_hash, entry_time,
  revocation, revocation_index, revocation_leaf_hash, revocation_time`;

// The filter of listWorks and countWorks: $1 holder, $2 title words, $3 registrant.
const WORK_FILTER = `entry_index IS NOT NULL
  AND ($1::text IS NULL OR holder_name = $1::text)
  AND ($2::text IS NULL OR title ILIKE '%' || $2::text || '%' ESCAPE '\\')
  AND ($3::text IS NULL OR unit = $3::text)`;

function workFilterParameters(query: Omit<WorkQuery, 'limit'>): (string | null)[] {
  return [
    query.holder === undefined ? null : normalizeHolderName(query.holder),
    query.text === undefined ? null : escapeLike(query.text),
    query.registrant ?? null,
  ];
}

function toEntry(index: bigint | null, leafHash: string | null, time: string | null): EntryRef | null {
  return index === null || leafHash === null || time === null
    ? null
    : { index: Number(index), leafHash, time };
}

function rowToWork(row: WorkRow): StoredWork {
  const fingerprint = { ...row.record.fingerprint };
  if (row.text_signature !== null) fingerprint.textSignature = row.text_signature;
  return {
    id: Number(row.work_id),
    number: row.number,
    unit: row.unit,
    metadata: row.record.metadata,
    fileName: row.record.fileName,
    fingerprint,
    similar: row.record.similar,
    disclosures: row.record.disclosures,
    entryRequest: row.record.entryRequest,
    entry: toEntry(row.entry_index, row.entry_leaf_hash, row.entry_time),
    review: row.review_status,
    decision:
      row.decision === null
        ? null
        : {
            ...row.decision,
            entry: toEntry(row.decision_index, row.decision_leaf_hash, row.decision_time),
          },
  };
}

function rowToLicense(row: LicenseRow): StoredLicense {
  const revocationEntry = toEntry(row.revocation_index, row.revocation_leaf_hash, row.revocation_time);
  return {
    id: Number(row.license_id),
    number: row.number,
    workNumber: row.work_number,
    unit: row.unit,
    licensor: row.record.licensor ?? '',
    terms: row.record.terms,
    disclosures: row.record.disclosures,
    entryRequest: row.record.entryRequest,
    entry: toEntry(row.entry_index, row.entry_leaf_hash, row.entry_time),
    revocation: row.revocation === null ? null : { ...row.revocation, entry: revocationEntry },
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** RegistryStorage in PostgreSQL (PGlite or a server), on the tables of the registry migration. */
export class SqlRegistryStorage implements RegistryStorage {
  readonly #client: SqlClient;

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async allocateSequence(kind: string, year: number): Promise<number> {
    const [row] = await this.#client.query<{ last_sequence: number }>(
      `INSERT INTO registry_sequences (kind, year, last_sequence) VALUES ($1, $2, 1)
       ON CONFLICT (kind, year) DO UPDATE SET last_sequence = registry_sequences.last_sequence + 1
       RETURNING last_sequence`,
      [kind, year],
    );
    return Number(row!.last_sequence);
  }

  async insertWork(
    work: NewWork,
  ): Promise<{ inserted: true; work: StoredWork } | { inserted: false; existing: StoredWork }> {
    const { textSignature, ...fingerprint } = work.fingerprint;
    const record = {
      metadata: work.metadata,
      fileName: work.fileName,
      fingerprint,
      similar: work.similar,
      disclosures: work.disclosures,
      entryRequest: work.entryRequest,
    };
    const rows = await this.#client.query<WorkRow>(
      `INSERT INTO registry_works (number, sha256, unit, holder_name, title, record, content_kind, content_code,
         pdq_hash, pdq_quality, text_signature, review_status)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11::jsonb, $12)
       ON CONFLICT (sha256) DO NOTHING
       RETURNING ${WORK_COLUMNS}`,
      [
        work.number,
        work.fingerprint.sha256,
        work.unit,
        normalizeHolderName(work.metadata.rightsHolder.name),
        work.metadata.title,
        JSON.stringify(record),
        work.fingerprint.content?.kind ?? null,
        work.fingerprint.content?.iscc ?? null,
        work.fingerprint.pdq?.hash ?? null,
        work.fingerprint.pdq?.quality ?? null,
        textSignature === undefined ? null : JSON.stringify(textSignature),
        work.review,
      ],
    );
    if (rows[0] !== undefined) return { inserted: true, work: rowToWork(rows[0]) };
    const existing = await this.findWorkBySha256(work.fingerprint.sha256);
    return { inserted: false, existing: existing! };
  }

  async completeWork(number: string, entry: EntryRef): Promise<StoredWork | null> {
    const [row] = await this.#client.query<WorkRow>(
      `UPDATE registry_works SET entry_index = $2, entry_leaf_hash = $3, entry_time = $4
       WHERE number = $1 RETURNING ${WORK_COLUMNS}`,
      [number, entry.index, entry.leafHash, entry.time],
    );
    return row === undefined ? null : rowToWork(row);
  }

  async deleteIncompleteWork(number: string): Promise<void> {
    await this.#client.query('DELETE FROM registry_works WHERE number = $1 AND entry_index IS NULL', [
      number,
    ]);
  }

  async readWork(number: string): Promise<StoredWork | null> {
    const [row] = await this.#client.query<WorkRow>(
      `SELECT ${WORK_COLUMNS} FROM registry_works WHERE number = $1`,
      [number],
    );
    return row === undefined ? null : rowToWork(row);
  }

  async readWorksByIds(ids: readonly number[]): Promise<StoredWork[]> {
    if (ids.length === 0) return [];
    const rows = await this.#client.query<WorkRow>(
      `SELECT ${WORK_COLUMNS} FROM registry_works WHERE work_id = ANY($1::bigint[]) ORDER BY work_id`,
      [ids.map((id) => String(id))],
    );
    return rows.map(rowToWork);
  }

  async findWorkBySha256(sha256: string): Promise<StoredWork | null> {
    const [row] = await this.#client.query<WorkRow>(
      `SELECT ${WORK_COLUMNS} FROM registry_works WHERE sha256 = $1`,
      [sha256],
    );
    return row === undefined ? null : rowToWork(row);
  }

  async listWorks(query: WorkQuery): Promise<StoredWork[]> {
    const rows = await this.#client.query<WorkRow>(
      `SELECT ${WORK_COLUMNS} FROM registry_works
       WHERE ${WORK_FILTER} AND ($4::bigint IS NULL OR work_id < $4::bigint)
       ORDER BY work_id DESC LIMIT $5 OFFSET $6`,
      [
        ...workFilterParameters(query),
        query.beforeId === undefined ? null : String(query.beforeId),
        query.limit,
        query.offset ?? 0,
      ],
    );
    return rows.map(rowToWork);
  }

  async countWorks(query: Omit<WorkQuery, 'limit'>): Promise<number> {
    const rows = await this.#client.query<{ count: string | number }>(
      `SELECT count(*) AS count FROM registry_works WHERE ${WORK_FILTER}`,
      workFilterParameters(query),
    );
    return Number(rows[0]?.count ?? 0);
  }

  async listIncomplete(): Promise<{ works: StoredWork[]; licenses: StoredLicense[] }> {
    const works = await this.#client.query<WorkRow>(
      `SELECT ${WORK_COLUMNS} FROM registry_works
       WHERE entry_index IS NULL OR (decision IS NOT NULL AND decision_index IS NULL) ORDER BY work_id`,
    );
    const licenses = await this.#client.query<LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM registry_licenses
       WHERE entry_index IS NULL OR (revocation IS NOT NULL AND revocation_index IS NULL) ORDER BY license_id`,
    );
    return { works: works.map(rowToWork), licenses: licenses.map(rowToLicense) };
  }

  async scanWorkCodes(afterId: number, limit: number): Promise<WorkCodes[]> {
    const rows = await this.#client.query<CodesRow>(
      `SELECT work_id, content_kind, content_code, pdq_hash, pdq_quality, text_signature FROM registry_works
       WHERE work_id > $1 ORDER BY work_id LIMIT $2`,
      [String(afterId), limit],
    );
    return rows.map((row) => {
      const codes: WorkCodes = { id: Number(row.work_id) };
      if (row.content_kind !== null && row.content_code !== null) {
        codes.contentKind = row.content_kind;
        codes.contentCode = row.content_code;
      }
      if (row.pdq_hash !== null && row.pdq_quality !== null)
        codes.pdq = { hash: row.pdq_hash, quality: row.pdq_quality };
      if (row.text_signature !== null) codes.textSignature = row.text_signature;
      return codes;
    });
  }

  async beginDecision(number: string, decision: Omit<Decision, 'entry'>): Promise<StoredWork | null> {
    await this.#client.query(
      `UPDATE registry_works SET decision = $2::jsonb
       WHERE number = $1 AND review_status = 'pending-review' AND decision IS NULL AND entry_index IS NOT NULL`,
      [number, JSON.stringify(decision)],
    );
    return this.readWork(number);
  }

  async completeDecision(number: string, entry: EntryRef): Promise<StoredWork | null> {
    const [row] = await this.#client.query<WorkRow>(
      `UPDATE registry_works SET decision_index = $2, decision_leaf_hash = $3, decision_time = $4,
         review_status = CASE WHEN decision->>'decision' = 'approve' THEN 'approved' ELSE 'rejected' END
       WHERE number = $1 AND decision IS NOT NULL RETURNING ${WORK_COLUMNS}`,
      [number, entry.index, entry.leafHash, entry.time],
    );
    return row === undefined ? null : rowToWork(row);
  }

  async clearIncompleteDecision(number: string): Promise<void> {
    await this.#client.query(
      'UPDATE registry_works SET decision = NULL WHERE number = $1 AND decision_index IS NULL',
      [number],
    );
  }

  async listPendingReviews(limit: number): Promise<StoredWork[]> {
    const rows = await this.#client.query<WorkRow>(
      `SELECT ${WORK_COLUMNS} FROM registry_works
       WHERE review_status = 'pending-review' AND entry_index IS NOT NULL ORDER BY work_id LIMIT $1`,
      [limit],
    );
    return rows.map(rowToWork);
  }

  async insertLicense(license: NewLicense): Promise<StoredLicense> {
    const record = {
      licensor: license.licensor,
      terms: license.terms,
      disclosures: license.disclosures,
      entryRequest: license.entryRequest,
    };
    const [row] = await this.#client.query<LicenseRow>(
      `INSERT INTO registry_licenses (number, work_number, unit, record) VALUES ($1, $2, $3, $4::jsonb)
       RETURNING ${LICENSE_COLUMNS}`,
      [license.number, license.workNumber, license.unit, JSON.stringify(record)],
    );
    return rowToLicense(row!);
  }

  async completeLicense(number: string, entry: EntryRef): Promise<StoredLicense | null> {
    const [row] = await this.#client.query<LicenseRow>(
      `UPDATE registry_licenses SET entry_index = $2, entry_leaf_hash = $3, entry_time = $4
       WHERE number = $1 RETURNING ${LICENSE_COLUMNS}`,
      [number, entry.index, entry.leafHash, entry.time],
    );
    return row === undefined ? null : rowToLicense(row);
  }

  async deleteIncompleteLicense(number: string): Promise<void> {
    await this.#client.query('DELETE FROM registry_licenses WHERE number = $1 AND entry_index IS NULL', [
      number,
    ]);
  }

  async readLicense(number: string): Promise<StoredLicense | null> {
    const [row] = await this.#client.query<LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM registry_licenses WHERE number = $1`,
      [number],
    );
    return row === undefined ? null : rowToLicense(row);
  }

  async listLicenses(workNumber: string): Promise<StoredLicense[]> {
    const rows = await this.#client.query<LicenseRow>(
      `SELECT ${LICENSE_COLUMNS} FROM registry_licenses WHERE work_number = $1 ORDER BY license_id`,
      [workNumber],
    );
    return rows.map(rowToLicense);
  }

  async beginRevocation(
    number: string,
    revocation: Omit<Revocation, 'entry'>,
  ): Promise<StoredLicense | null> {
    await this.#client.query(
      'UPDATE registry_licenses SET revocation = $2::jsonb WHERE number = $1 AND revocation IS NULL',
      [
        number,
        JSON.stringify({
          reason: revocation.reason,
          ...(revocation.revokedBy === undefined ? {} : { revokedBy: revocation.revokedBy }),
          entryRequest: revocation.entryRequest,
        }),
      ],
    );
    return this.readLicense(number);
  }

  async completeRevocation(number: string, entry: EntryRef): Promise<StoredLicense | null> {
    const [row] = await this.#client.query<LicenseRow>(
      `UPDATE registry_licenses SET revocation_index = $2, revocation_leaf_hash = $3, revocation_time = $4
       WHERE number = $1 AND revocation IS NOT NULL RETURNING ${LICENSE_COLUMNS}`,
      [number, entry.index, entry.leafHash, entry.time],
    );
    return row === undefined ? null : rowToLicense(row);
  }

  async clearIncompleteRevocation(number: string): Promise<void> {
    await this.#client.query(
      'UPDATE registry_licenses SET revocation = NULL WHERE number = $1 AND revocation_index IS NULL',
      [number],
    );
  }
}
