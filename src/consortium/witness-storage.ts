// What a witness keeps (https://c2sp.org/tlog-witness: "for each log … the latest checkpoint it
// observed and verified"), and the alarms that freeze a log once it is caught forking.

/** The latest checkpoint a witness cosigned for one origin. */
export interface WitnessedCheckpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** The signed checkpoint note as the log sent it (the log's signature, no cosignature of ours). */
  readonly note: string;
}

/**
 * `fork`: two signed checkpoints of one size with different roots. `proof-rejected`: a signed
 * checkpoint the log could not prove consistent with the one cosigned. `audit-mismatch`: the
 * log's own entries or tiles do not hash to what it signed.
 */
export type WitnessAlarmKind = 'fork' | 'proof-rejected' | 'audit-mismatch';

export interface NewWitnessAlarm {
  readonly origin: string;
  readonly kind: WitnessAlarmKind;
  /** The note the witness already held (cosigned, or served by the log), or null when none. */
  readonly knownNote: string | null;
  /** The signed note that contradicts it. */
  readonly conflictingNote: string;
  /** The rest of the case as text: the rejected request, or the expected and computed roots. */
  readonly evidence: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly detectedAt: string;
}

export interface WitnessAlarm extends NewWitnessAlarm {
  /** Increasing with the order alarms were recorded in. */
  readonly id: number;
}

export interface WitnessLogState {
  readonly latest: WitnessedCheckpoint | null;
  /** True once any alarm is recorded for the origin: nothing more is cosigned for it. */
  readonly frozen: boolean;
}

export type AdvanceOutcome =
  { readonly advanced: true } | { readonly advanced: false; readonly state: WitnessLogState };

/**
 * Storage of a witness. Write methods MUST be atomic and durable: when they resolve, the write
 * survives a crash of the process and of the machine; when they reject, nothing was written.
 * Reads MUST see every write that resolved before they were called. The witness reports any
 * rejection as ConsortiumError('WITNESS_STORAGE_UNAVAILABLE') and cosigns nothing.
 */
export interface WitnessStorage {
  readLogState(origin: string): Promise<WitnessLogState>;

  /**
   * Compare-and-swap, in one transaction: when no alarm stands for next.origin, its latest size
   * is `expectedSize` (0 when none is stored), and `next` does not roll back (next.treeSize >
   * expectedSize, or equal with the same root), MUST store `next` as the latest and resolve
   * {advanced: true}. Otherwise MUST write nothing and resolve the state it found.
   */
  advanceCheckpoint(expectedSize: number, next: WitnessedCheckpoint): Promise<AdvanceOutcome>;

  /**
   * Stores an alarm; every advanceCheckpoint of its origin that starts after this resolves MUST
   * find the origin frozen. Resolves the stored alarm with its id.
   */
  recordAlarm(alarm: NewWitnessAlarm): Promise<WitnessAlarm>;

  /** The alarms recorded, oldest first; of one origin when `origin` is given. */
  listAlarms(origin?: string): Promise<WitnessAlarm[]>;
}
