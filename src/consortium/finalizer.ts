import type { NoteSignature } from '../note/index.ts';
import { ConsortiumError } from './errors.ts';
import { tallyQuorum, type TrustedChain } from '../verify/index.ts';
import { createAddCheckpointPoster, type PostAddCheckpoint } from './add-checkpoint-client.ts';
import { CosignedHeads, type HeadState } from './cosigned-heads.ts';
import type { CollectorContext, WitnessOutcome } from './cosignature-collector.ts';
import { FinalityHealth, type FinalityEvent, type WitnessHealth } from './finality-health.ts';
import { resolveFinalityOptions, type FinalityOptions } from './finality-options.ts';
import { addWitnessCosignatures, toUncosignedHead } from './finality-rule.ts';
import type { CosignedTreeHead, FinalityStorage, ForkReport } from './finality-storage.ts';
import { SizeWaiters } from './size-waiters.ts';
import { WitnessLane, type LaneHost, type SignedCheckpoint } from './witness-lane.ts';

// The sequencer side of C2SP tlog-witness: after each checkpoint the ledger signs, every witness
// of the chain is asked to cosign it (each in a lane of its own, with timeouts, retries and
// back-off). Each cosignature is stored (added to the checkpoint's stored note in one locked
// transaction) before it counts, and whether the checkpoint is final is decided there, from what
// storage holds (finality-rule.ts); what this class shows is only ever what storage answered. A
// write that fails is retried until it lands, so a cosignature once received is never dropped.
// A witness that answers with evidence against the log is reported (stored, logged, counted) as
// a fork alarm.

export interface FinalizerConfig {
  /** The chain as the consortium file describes it; witnesses without a URL are never asked. */
  readonly chain: TrustedChain;
  readonly storage: FinalityStorage;
  /** The ledger's latest signed checkpoint, or null before the first. */
  readonly readCheckpoint: () => Promise<SignedCheckpoint | null>;
  /**
   * Announces the ledger's new checkpoints as they are signed (Ledger.watchCheckpoints); returns
   * the function that stops it. With it, storage is polled only every watchedPollMs, as a fallback.
   */
  readonly watchCheckpoints?: (listener: (checkpoint: SignedCheckpoint) => void) => () => void;
  /** RFC 9162 consistency proof between two sizes of the ledger's tree. */
  readonly proveConsistency: (size1: number, size2: number) => Promise<readonly Uint8Array[]>;
  readonly postAddCheckpoint?: PostAddCheckpoint;
  readonly options?: Partial<FinalityOptions>;
  /** Milliseconds since the epoch (Date.now by default). */
  readonly now?: () => number;
  /** Told of each new final checkpoint; MUST NOT throw. */
  readonly onFinal?: (head: CosignedTreeHead) => void;
  /** Told of each fork report once it is stored; MUST NOT throw. */
  readonly onForkReport?: (report: ForkReport) => void;
  /** Told of every witness answer (for metrics); MUST NOT throw. */
  readonly onWitnessOutcome?: (outcome: WitnessOutcome) => void;
  /**
   * Told when a witness starts failing or recovers, and when finality stalls (the oldest
   * checkpoint not final is older than the merge delay) or resumes, with the reason; MUST NOT throw.
   */
  readonly onEvent?: (event: FinalityEvent) => void;
  /** Where failures of storage and of the ledger are reported; MUST NOT throw. */
  readonly onError?: (message: string, error: unknown) => void;
}

const PROOF_CACHE = 32;
const REPORTED_KINDS = new Set(['alarm', 'ahead']);

export class Finalizer implements LaneHost {
  readonly chain: TrustedChain;
  readonly options: FinalityOptions;
  readonly #config: FinalizerConfig;
  readonly #heads: CosignedHeads;
  readonly #witnessSizes: Map<string, number>;
  readonly #waiters = new SizeWaiters<CosignedTreeHead>();
  readonly #lanes: WitnessLane[] = [];
  readonly #reported = new Set<string>();
  readonly #proofs = new Map<string, Promise<readonly Uint8Array[]>>();
  readonly #pauses = new Set<() => void>();
  #latest: SignedCheckpoint | null = null;
  #latestFinal: CosignedTreeHead | null;
  readonly #health: FinalityHealth;
  readonly #answered = new Set<string>();
  readonly #answerWaiters = new Set<() => void>();
  #behind: ConsortiumError | undefined;
  /** When the oldest checkpoint not yet final was first seen; undefined while all are final. */
  #pendingSince: number | undefined;
  #latestSeenAt = 0;
  #wake: { promise: Promise<void>; resolve: () => void };
  #writes: Promise<void> = Promise.resolve();
  readonly #pending = new Set<Promise<void>>();
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #closed = false;
  #unwatch: (() => void) | undefined;

  private constructor(
    config: FinalizerConfig,
    latestFinal: CosignedTreeHead | null,
    latestCosigned: CosignedTreeHead | null,
    witnessSizes: Map<string, number>,
  ) {
    this.#config = config;
    this.chain = config.chain;
    this.#heads = new CosignedHeads(latestCosigned);
    this.options = resolveFinalityOptions(config.options);
    this.#latestFinal = latestFinal;
    this.#witnessSizes = witnessSizes;
    this.#wake = Finalizer.#createWake();
    this.#health = new FinalityHealth(
      config.chain.witnesses.map((witness) => witness.name),
      (event) => config.onEvent?.(event),
    );
  }

  /** Loads what was stored and the ledger's latest checkpoint; call start() to begin witnessing. */
  static async open(config: FinalizerConfig): Promise<Finalizer> {
    const origin = config.chain.origin;
    const [latestFinal, latestCosigned, sizes] = await Promise.all([
      config.storage.readLatestFinalCheckpoint(origin),
      config.storage.readLatestCosignedCheckpoint(origin),
      config.storage.readWitnessSizes(origin),
    ]);
    const finalizer = new Finalizer(config, latestFinal, latestCosigned, sizes);
    await finalizer.refresh();
    return finalizer;
  }

  static #createWake(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The final checkpoint of the largest tree size, or null. */
  get latestFinal(): CosignedTreeHead | null {
    return this.#latestFinal;
  }

  /** The latest checkpoint the ledger signed, with the cosignatures gathered for it so far. */
  get latestHead(): CosignedTreeHead | null {
    return this.#latest === null ? null : (this.#heads.get(this.#latest.treeSize)?.head ?? null);
  }

  /** The checkpoint of `treeSize` with its cosignatures, when it is one of the latest few. */
  readHead(treeSize: number): CosignedTreeHead | null {
    return this.#heads.get(treeSize)?.head ?? null;
  }

  /**
   * Each witness's last answer, and how long the oldest checkpoint not yet final has waited
   * (0 when every checkpoint is final).
   */
  describeHealth(): { witnesses: WitnessHealth[]; finalityLagMs: number } {
    const since = this.#pendingSince;
    return { witnesses: this.#health.list(), finalityLagMs: since === undefined ? 0 : this.#now() - since };
  }

  /**
   * Resolves once every witness with a URL has answered once (whatever it answered) or after
   * `timeoutMs` (options.firstAnswerWaitMs): a node waits for it before it takes deposits, so that
   * a witness holding a larger tree (LOG_BEHIND_WITNESS) is heard before anything is appended.
   */
  waitForFirstAnswers(timeoutMs = this.options.firstAnswerWaitMs): Promise<void> {
    const asked = this.chain.witnesses.filter((witness) => witness.url !== undefined);
    if (asked.every((witness) => this.#answered.has(witness.name)) || this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#answerWaiters.delete(check);
        resolve();
      };
      const check = () => {
        if (this.#closed || asked.every((witness) => this.#answered.has(witness.name))) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#answerWaiters.add(check);
    });
  }

  /**
   * Throws LOG_BEHIND_WITNESS once a witness answered that it cosigned a larger tree of this
   * chain than this log holds.
   */
  checkNotBehindWitnesses(): void {
    if (this.#behind !== undefined) throw this.#behind;
  }

  /** A final checkpoint of at least `treeSize` entries, waiting up to `timeoutMs`; null if none came. */
  async waitForFinal(treeSize: number, timeoutMs: number): Promise<CosignedTreeHead | null> {
    if (this.#latestFinal !== null && this.#latestFinal.treeSize >= treeSize) return this.#latestFinal;
    if (this.#closed) return null;
    return this.#waiters.wait(treeSize, timeoutMs);
  }

  /** Starts the lanes (one per witness with a URL) and the watch of the ledger. */
  start(): void {
    const context: CollectorContext = {
      postAddCheckpoint: this.#config.postAddCheckpoint ?? createAddCheckpointPoster(),
      proveConsistency: (size1, size2) => this.#proveConsistency(size1, size2),
    };
    const collectorOptions = {
      timeoutMs: this.options.witnessTimeoutMs,
      retries: this.options.witnessRetries,
      retryDelayMs: Math.min(this.options.witnessRetryMs, 1_000),
    };
    for (const witness of this.chain.witnesses) {
      if (witness.url === undefined) continue;
      const lane = new WitnessLane(
        { ...witness, url: witness.url },
        this,
        context,
        collectorOptions,
        { retryMs: this.options.witnessRetryMs, maxRetryMs: this.options.maxWitnessRetryMs },
        {
          knownSize: this.#witnessSizes.get(witness.name) ?? 0,
          // Every witness is asked once at start, even for a checkpoint it cosigned before: its
          // answer shows it is there, and whether it holds a larger tree (LOG_BEHIND_WITNESS).
          cosignedSize: 0,
        },
      );
      this.#lanes.push(lane);
    }
    this.#running = Promise.all(this.#lanes.map((lane) => lane.run()));
    this.#unwatch = this.#config.watchCheckpoints?.((checkpoint) => this.#accept(checkpoint));
    this.#schedulePoll();
  }

  /** Reads the ledger's latest checkpoint now. */
  async refresh(): Promise<void> {
    let checkpoint: SignedCheckpoint | null;
    try {
      checkpoint = await this.#config.readCheckpoint();
    } catch (error) {
      this.#reportError('reading the latest checkpoint failed', error);
      return;
    }
    if (checkpoint !== null) this.#accept(checkpoint);
  }

  /** Takes a checkpoint of the ledger newer than the latest known as the one to witness. */
  #accept(checkpoint: SignedCheckpoint): void {
    if (this.#closed || (this.#latest !== null && checkpoint.treeSize <= this.#latest.treeSize)) return;
    this.#latest = checkpoint;
    this.#latestSeenAt = this.#now();
    if (this.#pendingSince === undefined && (this.#latestFinal?.treeSize ?? 0) < checkpoint.treeSize) {
      this.#pendingSince = this.#latestSeenAt;
    }
    const state = this.#heads.stateFor(checkpoint);
    if (this.chain.quorum === 0) this.#markFinal(state);
    const wake = this.#wake;
    this.#wake = Finalizer.#createWake();
    wake.resolve();
  }

  /** Stops the lanes and the watch, waits for them and for the writes under way. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch?.();
    clearTimeout(this.#pollTimer);
    this.#wake.resolve();
    for (const resume of this.#pauses) resume();
    this.#waiters.close();
    await this.#running.catch(() => undefined);
    await Promise.all([this.#writes, ...this.#pending]);
  }

  latestCheckpoint(): SignedCheckpoint | null {
    return this.#latest;
  }

  async waitForCheckpoint(treeSize: number): Promise<void> {
    while (!this.#closed && (this.#latest === null || this.#latest.treeSize <= treeSize)) {
      await this.#wake.promise;
    }
  }

  pause(ms: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      const resume = () => {
        clearTimeout(timer);
        this.#pauses.delete(resume);
        resolve();
      };
      const timer = setTimeout(resume, ms);
      this.#pauses.add(resume);
    });
  }

  /**
   * Stores `cosignature` and resolves true once it is stored (and counted); retries a failed write
   * with back-off until it lands, and resolves false only when the finalizer closes first.
   */
  async acceptCosignature(
    checkpoint: SignedCheckpoint,
    witness: string,
    cosignature: NoteSignature,
    witnessSize: number,
  ): Promise<boolean> {
    this.#witnessSizes.set(witness, Math.max(witnessSize, this.#witnessSizes.get(witness) ?? 0));
    const added = new Map([[witness, cosignature]]);
    let delayMs = this.options.witnessRetryMs;
    while (!this.#closed) {
      const write = this.#config.storage.updateCosignedCheckpoint(
        this.chain.origin,
        toUncosignedHead(checkpoint),
        (stored) => addWitnessCosignatures(this.chain, stored, checkpoint, added),
        new Map([[witness, this.#witnessSizes.get(witness)!]]),
      );
      this.#track(write);
      try {
        const state = this.#heads.adopt(checkpoint, await write);
        this.#health.noteStored(witness, checkpoint.treeSize, this.#now());
        if (state.head.final) this.#markFinal(state);
        return true;
      } catch (error) {
        this.#reportError(
          `storing ${witness}'s cosignature of checkpoint ${checkpoint.treeSize} failed; retrying in ${delayMs} ms`,
          error,
        );
      }
      await this.pause(delayMs);
      delayMs = Math.min(this.options.maxWitnessRetryMs, delayMs * 2);
    }
    return false;
  }

  noteOutcome(checkpoint: SignedCheckpoint, outcome: WitnessOutcome): void {
    this.#config.onWitnessOutcome?.(outcome);
    this.#health.noteOutcome(outcome, this.#now());
    this.#answered.add(outcome.witness);
    for (const check of [...this.#answerWaiters]) check();
    if (outcome.kind === 'ahead' && (outcome.latestSize ?? 0) > checkpoint.treeSize) {
      this.#noteBehind(outcome.witness, outcome.latestSize!, checkpoint.treeSize);
    }
    if (!REPORTED_KINDS.has(outcome.kind)) {
      if (outcome.kind === 'cosigned') this.#reported.delete(outcome.witness);
      return;
    }
    const code =
      outcome.code ??
      (outcome.kind === 'ahead'
        ? 'WITNESS_AHEAD'
        : outcome.httpStatus === 409
          ? 'WITNESS_FORK_DETECTED'
          : `HTTP_${outcome.httpStatus ?? 0}`);
    if (this.#reported.has(outcome.witness)) return;
    this.#reported.add(outcome.witness);
    const report = {
      origin: this.chain.origin,
      witness: outcome.witness,
      treeSize: checkpoint.treeSize,
      code,
      reason:
        outcome.kind === 'ahead'
          ? `the witness cosigned a larger tree (${outcome.latestSize}) than this log's ${checkpoint.treeSize}`
          : (outcome.reason ?? code),
      checkpointNote: checkpoint.note,
      reportedAt: new Date(this.#now()).toISOString(),
    };
    this.#writes = this.#writes.then(async () => {
      try {
        this.#config.onForkReport?.(await this.#config.storage.recordForkReport(report));
      } catch (error) {
        this.#reportError('storing a fork report failed', error);
      }
    });
  }

  #markFinal(state: HeadState): void {
    if (!state.head.final) state.head = { ...state.head, final: true };
    const head = state.head;
    if (this.#latestFinal !== null && this.#latestFinal.treeSize >= head.treeSize) {
      if (this.#latestFinal.treeSize === head.treeSize) this.#latestFinal = head;
      return;
    }
    this.#latestFinal = head;
    const latestSize = this.#latest?.treeSize ?? 0;
    this.#pendingSince = latestSize > head.treeSize ? this.#latestSeenAt : undefined;
    this.#waiters.offer(head.treeSize, head);
    this.#config.onFinal?.(head);
  }

  /** Keeps `write` among the writes close() waits for. */
  #track(write: Promise<unknown>): void {
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(settled);
    void settled.then(() => this.#pending.delete(settled));
  }

  #schedulePoll(): void {
    if (this.#closed) return;
    this.#pollTimer = setTimeout(
      () => {
        void this.refresh()
          .then(() => this.#checkStall())
          .finally(() => this.#schedulePoll());
      },
      this.#unwatch === undefined ? this.options.checkpointPollMs : this.options.watchedPollMs,
    );
  }

  #noteBehind(witness: string, witnessSize: number, treeSize: number): void {
    if (this.#behind !== undefined) return;
    this.#behind = new ConsortiumError(
      'LOG_BEHIND_WITNESS',
      `witness ${witness} cosigned tree size ${witnessSize} of ${this.chain.origin}, but this sequencer's ` +
        `storage holds a tree of ${treeSize}: its database is older than what the consortium witnessed ` +
        `(restored from an older backup, or data lost). Appending would give receipted indexes to new ` +
        `entries and fork the chain, so it appends nothing; restore the latest backup (a log is never rewound)`,
      { details: { origin: this.chain.origin, witness, witnessSize, treeSize } },
    );
    this.#config.onEvent?.({ kind: 'behind-witness', witness, witnessSize, treeSize });
  }

  #checkStall(): void {
    const head = this.latestHead;
    this.#health.check(
      {
        treeSize: head?.treeSize ?? 0,
        finalTreeSize: this.#latestFinal?.treeSize ?? 0,
        pendingSince: this.#pendingSince,
        cosigners: head?.cosigners ?? [],
        tally: tallyQuorum(this.chain, head?.cosigners ?? []),
        maxMergeDelayMs: this.chain.maxMergeDelayMs,
      },
      this.#now(),
    );
  }

  #now(): number {
    return (this.#config.now ?? Date.now)();
  }

  #proveConsistency(size1: number, size2: number): Promise<readonly Uint8Array[]> {
    const key = `${size1}/${size2}`;
    let proof = this.#proofs.get(key);
    if (proof === undefined) {
      proof = this.#config.proveConsistency(size1, size2);
      proof.catch(() => this.#proofs.delete(key));
      this.#proofs.set(key, proof);
      if (this.#proofs.size > PROOF_CACHE) this.#proofs.delete(this.#proofs.keys().next().value!);
    }
    return proof;
  }

  #reportError(message: string, error: unknown): void {
    this.#config.onError?.(`${this.chain.name}: ${message}`, error);
  }
}
