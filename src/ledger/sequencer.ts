import type { SignerKey } from '../crypto/index.ts';
import type { Hasher } from '../merkle/index.ts';
import { buildEntryTemplate, checkEntryFieldsWithMeta, parseEntry, type EntryFields } from './entry.ts';
import { LedgerError } from './errors.ts';
import {
  keyOf,
  prepareGroup,
  type AppendReceipt,
  type PendingItem,
  type PendingRequest,
  type PreparedGroup,
} from './group-commit.ts';
import type { LedgerOptions } from './options.ts';
import { ReceiptSigner } from './receipt-signer.ts';
import type { RecentEntries } from './recent-entries.ts';
import type { IdempotencyLookup, LedgerStorage, StoredEntry } from './storage.ts';

export type { AppendReceipt } from './group-commit.ts';

export interface AppendRequest extends EntryFields {
  /** Same key from the same unit returns the first result instead of a new entry. */
  idempotencyKey?: string;
}

export interface SequencerContext {
  storage: LedgerStorage;
  signer: SignerKey;
  origin: string;
  hasher: Hasher;
  options: LedgerOptions;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Where committed rows go, for the integrator and readers that follow the log closely. */
  recent?: RecentEntries;
}

/** A group commit whose entries no checkpoint covers yet. */
interface UnintegratedMark {
  endIndex: number;
  sequencedAtMs: number;
}

/** A group whose commit is under way, and whether it committed exactly as prepared. */
interface InFlight {
  prepared: PreparedGroup;
  committedAsPrepared: Promise<boolean>;
}

const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,255}$/;
const MAX_COMMIT_ATTEMPTS = 3;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sequencing with group commit: appends that arrive while a commit is running wait in a bounded
 * queue and go to storage together in the next transaction, with consecutive leaf indexes.
 * Two groups overlap: while one commits, the next is prepared (entries built, receipts signed
 * on a worker thread) on the assumption that the first commits; if it does not, the next is
 * prepared again. Receipts are handed out only after their group's commit is durable.
 */
export class Sequencer {
  readonly #context: SequencerContext;
  readonly #signer: ReceiptSigner;
  #nextIndex: number;
  #lastTimeMs: number;
  #integratedSize: number;
  #needsResync = false;
  #closed = false;
  #halted: LedgerError | undefined;
  #pending: PendingRequest[] = [];
  #pendingEntries = 0;
  /** Entries taken from the queue and not yet committed or refused. */
  #groupedEntries = 0;
  #draining: Promise<void> | null = null;
  #arrivals: (() => void)[] = [];
  readonly #unintegrated: UnintegratedMark[] = [];

  private constructor(
    context: SequencerContext,
    nextIndex: number,
    lastTimeMs: number,
    integratedSize: number,
  ) {
    this.#context = context;
    this.#signer = new ReceiptSigner(
      context.signer,
      context.options.receiptWorkerMinEntries,
      context.options.receiptWorkers,
    );
    this.#nextIndex = nextIndex;
    this.#lastTimeMs = lastTimeMs;
    this.#integratedSize = integratedSize;
    if (nextIndex > integratedSize) {
      this.#unintegrated.push({ endIndex: nextIndex, sequencedAtMs: context.clock() });
    }
  }

  static async open(context: SequencerContext, integratedSize: number): Promise<Sequencer> {
    const count = await context.storage.countEntries();
    let lastTimeMs = 0;
    if (count > 0) {
      const [last] = await context.storage.readEntries(count - 1, count);
      if (last === undefined) {
        throw new LedgerError('STORAGE_CORRUPT', `entry ${count - 1} is missing`, {
          details: { leafIndex: count - 1 },
        });
      }
      try {
        lastTimeMs = Date.parse(parseEntry(last.entry, context.options, context.origin).time);
      } catch (cause) {
        throw new LedgerError('STORAGE_CORRUPT', `stored entry ${count - 1} is not a valid entry`, {
          cause,
          details: { leafIndex: count - 1 },
        });
      }
    }
    return new Sequencer(context, count, lastTimeMs, integratedSize);
  }

  /** Entries sequenced so far (the next leaf index). */
  get size(): number {
    return this.#nextIndex;
  }

  /** Called by the integrator after a checkpoint of `treeSize` is committed. */
  noteIntegrated(treeSize: number): void {
    this.#integratedSize = Math.max(this.#integratedSize, treeSize);
    while (this.#unintegrated.length > 0 && this.#unintegrated[0]!.endIndex <= this.#integratedSize) {
      this.#unintegrated.shift();
    }
  }

  /** Age in milliseconds of the oldest receipted entry that no checkpoint covers (0 if none). */
  measureIntegrationLagMs(): number {
    const oldest = this.#unintegrated[0];
    return oldest === undefined ? 0 : Math.max(0, this.#context.clock() - oldest.sequencedAtMs);
  }

  /**
   * Refuses every later append with `error` (LEDGER_HALTED): the chain must not grow from here.
   */
  halt(error: LedgerError): void {
    this.#halted ??= error;
  }

  /**
   * Validates, queues and commits the requests as one all-or-nothing append. Throws ENTRY_INVALID,
   * BATCH_TOO_LARGE, OVERLOADED or LEDGER_CLOSED before queuing; rejects IDEMPOTENCY_KEY_REUSED,
   * STORAGE_CONFLICT or STORAGE_UNAVAILABLE after.
   */
  submit(requests: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    const { options } = this.#context;
    if (this.#closed) return Promise.reject(new LedgerError('LEDGER_CLOSED', 'the ledger is closed'));
    if (this.#halted !== undefined) return Promise.reject(this.#halted);
    if (!Array.isArray(requests) || requests.length === 0) {
      return Promise.reject(
        new LedgerError('ENTRY_INVALID', 'an append carries at least one entry', {
          details: { field: 'entries' },
        }),
      );
    }
    if (requests.length > options.maxBatchEntries) {
      return Promise.reject(
        new LedgerError('BATCH_TOO_LARGE', `an append carries at most ${options.maxBatchEntries} entries`, {
          details: { maxBatchEntries: options.maxBatchEntries, entries: requests.length },
        }),
      );
    }
    let items: PendingItem[];
    try {
      items = requests.map((request) => this.#checkRequest(request));
      this.#checkCapacity(items.length);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendReceipt[]>((resolve, reject) => {
      this.#pending.push({ items, resolve, reject });
      this.#pendingEntries += items.length;
      for (const arrived of this.#arrivals.splice(0)) arrived();
      this.#startDraining();
    });
  }

  #startDraining(): void {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
      // A request queued after the loop's last look at the queue, before this callback.
      if (this.#pending.length > 0) this.#startDraining();
    });
  }

  /** Refuses new appends, waits for those already queued and stops the signing worker. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#draining !== null) await this.#draining;
    await this.#signer.close();
  }

  #checkRequest(request: AppendRequest): PendingItem {
    if (typeof request !== 'object' || request === null) {
      throw new LedgerError('ENTRY_INVALID', 'an append request must be an object', {
        details: { field: 'entry' },
      });
    }
    const { idempotencyKey, ...rest } = request;
    if (
      idempotencyKey !== undefined &&
      (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
    ) {
      throw new LedgerError('ENTRY_INVALID', 'an idempotency key is 1 to 255 visible ASCII characters', {
        details: { field: 'idempotencyKey' },
      });
    }
    const { fields, metaJson } = checkEntryFieldsWithMeta(rest, this.#context.options, this.#context.origin);
    const template = buildEntryTemplate(fields, this.#context.options, metaJson);
    return { fields, idempotencyKey: idempotencyKey ?? null, template };
  }

  #checkCapacity(entries: number): void {
    const { options } = this.#context;
    const overloaded = (reason: string): LedgerError =>
      new LedgerError('OVERLOADED', `the ledger is overloaded (${reason}); retry later`, {
        details: { retryAfterMs: options.overloadRetryAfterMs, reason },
      });
    if (this.#pendingEntries + entries > options.maxPendingEntries)
      throw overloaded('the append queue is full');
    const unintegrated =
      this.#nextIndex + this.#groupedEntries + this.#pendingEntries + entries - this.#integratedSize;
    if (unintegrated > options.maxUnintegratedEntries) {
      throw overloaded('too many entries wait for integration');
    }
    if (this.measureIntegrationLagMs() > options.maxMergeDelayMs / 2) {
      throw overloaded('integration is behind the maximum merge delay');
    }
  }

  #takeGroup(): PendingRequest[] {
    const group: PendingRequest[] = [];
    let entries = 0;
    while (this.#pending.length > 0) {
      const next = this.#pending[0]!;
      if (group.length > 0 && entries + next.items.length > this.#context.options.maxBatchEntries) break;
      group.push(this.#pending.shift()!);
      entries += next.items.length;
    }
    this.#pendingEntries -= entries;
    this.#groupedEntries += entries;
    return group;
  }

  async #drain(): Promise<void> {
    let inFlight: InFlight | null = null;
    for (;;) {
      if (this.#pending.length === 0) {
        if (inFlight === null) return;
        const committed = inFlight.committedAsPrepared.then(() => true);
        if (await Promise.race([committed, this.#waitForArrival()])) inFlight = null;
        continue;
      }
      // An embedded database answers without I/O, so without this turn of the event loop a steady
      // stream of appends would starve timers (the integrator) and incoming requests.
      await nextTurn();
      const group = this.#takeGroup();
      let prepared = await this.#prepare(group, inFlight?.prepared ?? null);
      if (prepared !== null && inFlight !== null && !(await inFlight.committedAsPrepared)) {
        prepared = await this.#prepare(group, null);
      }
      // A group that could not be prepared was refused whole; the commit in flight goes on.
      if (prepared !== null) inFlight = { prepared, committedAsPrepared: this.#commit(group, prepared) };
    }
  }

  /** Resolves false when the next request is queued. */
  #waitForArrival(): Promise<false> {
    return new Promise((resolve) => this.#arrivals.push(() => resolve(false)));
  }

  /**
   * Prepares `group` to follow `earlier` (a group still committing) or, when null, the stored log.
   * Returns null after rejecting the whole group if storage cannot be read.
   */
  async #prepare(group: PendingRequest[], earlier: PreparedGroup | null): Promise<PreparedGroup | null> {
    const { storage, options, origin, hasher } = this.#context;
    try {
      if (earlier === null && this.#needsResync) {
        this.#nextIndex = await storage.countEntries();
        this.#needsResync = false;
      }
      const stored = await this.#findStoredKeys(group);
      const baseIndex = earlier === null ? this.#nextIndex : earlier.baseIndex + earlier.rows.length;
      const timeMs = Math.max(this.#context.clock(), earlier?.timeMs ?? this.#lastTimeMs);
      return await prepareGroup(
        { origin, hasher, limits: options, signer: this.#signer },
        group,
        baseIndex,
        timeMs,
        stored,
        earlier?.keyed ?? new Map(),
      );
    } catch (error) {
      this.#needsResync = true;
      this.#fail(group, error);
      return null;
    }
  }

  /**
   * Commits a prepared group, preparing it again from the stored log and retrying when another
   * writer moved the log; settles every request. Resolves true when the group committed exactly
   * as first prepared (so a group prepared to follow it stands).
   */
  async #commit(group: PendingRequest[], first: PreparedGroup): Promise<boolean> {
    let prepared: PreparedGroup | null = first;
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS && prepared !== null; attempt++) {
      try {
        if (prepared.baseIndex !== this.#nextIndex)
          throw new LedgerError('STORAGE_CONFLICT', 'the log moved');
        if (prepared.rows.length > 0) {
          await this.#context.storage.appendEntries(prepared.baseIndex, prepared.rows);
          this.#context.recent?.add(prepared.rows);
          this.#nextIndex += prepared.rows.length;
          this.#lastTimeMs = prepared.timeMs;
          this.#unintegrated.push({ endIndex: this.#nextIndex, sequencedAtMs: this.#context.clock() });
        }
        this.#groupedEntries -= countEntries(group);
        prepared.settle();
        return attempt === 0;
      } catch (error) {
        lastError = error;
        this.#needsResync = true;
        if (!(error instanceof LedgerError && error.code === 'STORAGE_CONFLICT')) break;
        if (attempt + 1 < MAX_COMMIT_ATTEMPTS) prepared = await this.#prepare(group, null);
      }
    }
    if (prepared !== null) this.#fail(group, lastError);
    return false;
  }

  #fail(group: readonly PendingRequest[], error: unknown): void {
    this.#groupedEntries -= countEntries(group);
    const failure =
      error instanceof LedgerError
        ? error
        : new LedgerError(
            'STORAGE_UNAVAILABLE',
            'the entries could not be committed; nothing was acknowledged',
            {
              cause: error,
            },
          );
    for (const request of group) request.reject(failure);
  }

  async #findStoredKeys(group: readonly PendingRequest[]): Promise<Map<string, StoredEntry>> {
    const lookups = new Map<string, IdempotencyLookup>();
    for (const request of group) {
      for (const { fields, idempotencyKey } of request.items) {
        if (idempotencyKey !== null)
          lookups.set(keyOf(fields.unit, idempotencyKey), { unit: fields.unit, idempotencyKey });
      }
    }
    const stored = new Map<string, StoredEntry>();
    if (lookups.size === 0) return stored;
    for (const entry of await this.#context.storage.findIdempotentEntries([...lookups.values()])) {
      if (entry.idempotencyKey !== null) stored.set(keyOf(entry.unit, entry.idempotencyKey), entry);
    }
    return stored;
  }
}

function countEntries(group: readonly PendingRequest[]): number {
  return group.reduce((sum, request) => sum + request.items.length, 0);
}
