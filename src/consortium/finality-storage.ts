// What a sequencer keeps of its checkpoints' witnessing (C2SP tlog-witness, sequencer side): the
// ledger signs and stores each checkpoint; the cosigned version of it, with every cosignature
// gathered, is kept here beside it, and the checkpoint is final once its cosigners reach the
// chain's quorum (DESIGN.md "Checkpoint").

/** A checkpoint of the chain with the witness cosignatures gathered for it. */
export interface CosignedTreeHead {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** The sequencer's signed checkpoint note with every cosignature gathered added to it. */
  readonly note: string;
  /** The witnesses whose cosignatures the note carries, by their names in the consortium file. */
  readonly cosigners: readonly string[];
  /** True once the cosigners reach the chain's quorum. */
  readonly final: boolean;
}

/** A witness's answer that it holds evidence against the log (a fork, a bad proof, an audit mismatch). */
export interface NewForkReport {
  readonly origin: string;
  readonly witness: string;
  /** Tree size of the checkpoint the witness refused. */
  readonly treeSize: number;
  /** The witness's problem code (WITNESS_FORK_DETECTED, WITNESS_LOG_FROZEN, …) or the HTTP status. */
  readonly code: string;
  readonly reason: string;
  /** The checkpoint note the witness refused. */
  readonly checkpointNote: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly reportedAt: string;
}

export interface ForkReport extends NewForkReport {
  /** Increasing with the order reports were recorded in. */
  readonly id: number;
}

/**
 * Storage of a sequencer's cosigned checkpoints. Write methods MUST be atomic and durable: when
 * they resolve, the write survives a crash; when they reject, nothing was written. Reads MUST see
 * every write that resolved before they were called.
 */
export interface FinalityStorage {
  /**
   * Updates the stored version of a checkpoint in one transaction: reads it (storing `initial`
   * first when none is stored for `initial.treeSize`) with a lock that holds off every other
   * update of that checkpoint until commit, stores what `update` returns, and stores each
   * witness's size, keeping the larger of the stored and the given one. Two updates of one
   * checkpoint, from one process or two, never lose each other's cosignatures. A final version
   * MUST stay final whatever `update` returns. When `update` throws, nothing is written and the
   * error is rethrown. Resolves with the version stored.
   */
  updateCosignedCheckpoint(
    origin: string,
    initial: CosignedTreeHead,
    update: (stored: CosignedTreeHead) => CosignedTreeHead,
    witnessSizes: ReadonlyMap<string, number>,
  ): Promise<CosignedTreeHead>;

  /** The cosigned checkpoint of `treeSize`, or null when none is stored. */
  readCosignedCheckpoint(origin: string, treeSize: number): Promise<CosignedTreeHead | null>;

  /** The stored checkpoint of the largest tree size, final or not, or null. */
  readLatestCosignedCheckpoint(origin: string): Promise<CosignedTreeHead | null>;

  /** The final checkpoint of the largest tree size, or null before the first. */
  readLatestFinalCheckpoint(origin: string): Promise<CosignedTreeHead | null>;

  /** Up to `limit` final checkpoints with treeSize > afterSize, smallest first. */
  listFinalCheckpoints(origin: string, afterSize: number, limit: number): Promise<CosignedTreeHead[]>;

  /** The size each witness last cosigned, as saved with the latest cosigned checkpoint. */
  readWitnessSizes(origin: string): Promise<Map<string, number>>;

  recordForkReport(report: NewForkReport): Promise<ForkReport>;

  /** Reports recorded, oldest first; of one origin when `origin` is given. */
  listForkReports(origin?: string): Promise<ForkReport[]>;
}
