// What a sequencer derives from its own chain by reading it in order: entries per unit and type,
// the verification records (DESIGN.md "Cross-chain") and the anchors of other chains'
// checkpoints. Everything here can be rebuilt from the entries alone.

export interface UnitTypeCount {
  readonly unit: string;
  readonly type: string;
  readonly entries: number;
}

/** Entries of one Beijing calendar day per (unit, type, subtype). */
export interface DailyCount {
  /** `YYYY-MM-DD`, the day in Beijing time (UTC+8) of the entry's sequencer time. */
  readonly day: string;
  readonly unit: string;
  readonly type: string;
  /** A work entry's `meta.workType`, 'cross-chain' for a cross-chain verification; '' otherwise. */
  readonly subtype: string;
  readonly entries: number;
}

/** An entry of a unit: its leaf index. */
export interface UnitEntry {
  readonly unit: string;
  readonly leafIndex: number;
}

export type DailyTypeCount = Omit<DailyCount, 'unit'>;
export type DailyUnitCount = Omit<DailyCount, 'subtype'>;

/** A `verification` entry: a check of a bundle, made from this chain's node and recorded on it. */
export interface IndexedVerification {
  /** Index of the verification entry on this chain. */
  readonly leafIndex: number;
  readonly verifiedChain: string;
  readonly verifiedOrigin: string;
  readonly verifiedIndex: number;
  readonly verifiedLeafHash: string;
  readonly verified: boolean;
  /** True when the verified entry is on another chain than the record. */
  readonly crossChain: boolean;
  readonly caseNumber: string | null;
  /** Sequencer time of the record, RFC 3339 UTC. */
  readonly time: string;
}

/** An `anchor` entry: another chain's final checkpoint deposited on this chain. */
export interface IndexedAnchor {
  /** Index of the anchor entry on this chain. */
  readonly leafIndex: number;
  readonly anchoredOrigin: string;
  readonly anchoredTreeSize: number;
  /** The anchored checkpoint note, cosigned, exactly as deposited (its digest is the entry's). */
  readonly checkpoint: string;
}

/** What one pass of the indexer read from entries fromIndex ≤ i < toIndex. */
export interface ChainIndexBatch {
  readonly origin: string;
  readonly fromIndex: number;
  readonly toIndex: number;
  /** Entries added per (unit, type) by this batch. */
  readonly counts: readonly UnitTypeCount[];
  /** Entries added per (day, unit, type, subtype) by this batch. */
  readonly dailyCounts: readonly DailyCount[];
  /** Each readable entry's unit, for listing a unit's own entries. */
  readonly unitEntries: readonly UnitEntry[];
  readonly verifications: readonly IndexedVerification[];
  readonly anchors: readonly IndexedAnchor[];
}

export interface CaseSummary {
  readonly caseNumber: string;
  readonly verifications: number;
  readonly crossChainVerifications: number;
}

export interface VerificationSummary {
  readonly verifications: number;
  readonly verified: number;
  readonly failed: number;
  readonly crossChainVerifications: number;
  /** Distinct case numbers over every verification. */
  readonly cases: number;
  /** Distinct case numbers over cross-chain verifications. */
  readonly crossChainCases: number;
  /** The cases with the most verifications, at most the limit asked for. */
  readonly topCases: readonly CaseSummary[];
}

/**
 * Storage of a chain's index. Writes MUST be atomic and durable; reads MUST see every write that
 * resolved before they were called.
 */
export interface ChainIndexStorage {
  /** Entries indexed so far (the next leaf index to read), 0 before the first batch. */
  readIndexedSize(origin: string): Promise<number>;

  /**
   * Adds a batch, in one transaction, when the indexed size is batch.fromIndex; MUST write nothing
   * and resolve false otherwise (another indexer got there first).
   */
  commitIndexBatch(batch: ChainIndexBatch): Promise<boolean>;

  /** Indexed entries per (unit, type), largest first. */
  readUnitTypeCounts(origin: string): Promise<UnitTypeCount[]>;

  /**
   * Indexed entries per (day, type, subtype), units summed, for days from `fromDay` (`YYYY-MM-DD`,
   * inclusive) on, ordered by day, type, subtype. MUST NOT read entries or per-unit rows: the cost
   * depends on days × types only.
   */
  readDailyTypeCounts(origin: string, fromDay: string): Promise<DailyTypeCount[]>;

  /**
   * Indexed entries per (day, unit, type), subtypes summed, for days from `fromDay` on, ordered by
   * day, unit, type. MUST NOT read entries.
   */
  readDailyUnitCounts(origin: string, fromDay: string): Promise<DailyUnitCount[]>;

  /**
   * The entries of any of `units` below leaf index `before` (null: all), largest index first, at
   * most `limit`, each with the unit that made it. MUST NOT read entries: the cost depends on
   * `limit` and the number of units, not on the chain's size nor on how many entries the units made.
   */
  listUnitEntries(
    origin: string,
    units: readonly string[],
    before: number | null,
    limit: number,
  ): Promise<UnitEntry[]>;

  summarizeVerifications(origin: string, topCases: number): Promise<VerificationSummary>;

  /** The verification records of one case, oldest first. */
  listCaseVerifications(origin: string, caseNumber: string): Promise<IndexedVerification[]>;

  /**
   * The distinct case numbers of the verification records with their counts, at most `limit`,
   * ordered by case number in the storage's own (deterministic) order, starting after the case
   * number `after` (null: from the first). Listing again after the last case number returned MUST
   * go on from there, so that the pages together list every case exactly once.
   */
  listCases(origin: string, after: string | null, limit: number): Promise<CaseSummary[]>;

  /**
   * The anchor of `anchoredOrigin` with the smallest anchored tree size greater than `leafIndex`
   * (the first one that covers the entry), or null.
   */
  findCoveringAnchor(
    origin: string,
    anchoredOrigin: string,
    leafIndex: number,
  ): Promise<IndexedAnchor | null>;

  /** The anchor of `anchoredOrigin` with the largest anchored tree size, or null. */
  readLatestAnchor(origin: string, anchoredOrigin: string): Promise<IndexedAnchor | null>;
}
