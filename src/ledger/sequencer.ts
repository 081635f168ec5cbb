import { bytesToUtf8, type SignerKey } from '../crypto/index.ts';
import type { Hasher } from '../merkle/index.ts';
import { signReceipt } from '../note/index.ts';
import { buildEntry, checkEntryFields, matchesEntryFields, parseEntry, type EntryFields } from './entry.ts';
import { LedgerError } from './errors.ts';
import type { LedgerOptions } from './options.ts';
import type { IdempotencyLookup, LedgerStorage, StoredEntry } from './storage.ts';

export interface AppendRequest extends EntryFields {
  /** Same key from the same unit returns the first result instead of a new entry. */
  idempotencyKey?: string;
}

export interface AppendReceipt {
  leafIndex: number;
  leafHash: Uint8Array;
  /** Sequencer time at acceptance, as in the entry. */
  time: string;
  /** The entry's canonical JSON: the exact leaf bytes, as text. */
  entry: string;
  /** The signed receipt note. */
  receipt: string;
  /** True when an earlier append with the same idempotency key produced this result. */
  replayed: boolean;
}

export interface SequencerContext {
  storage: LedgerStorage;
  signer: SignerKey;
  origin: string;
  hasher: Hasher;
  options: LedgerOptions;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

interface PendingItem {
  fields: EntryFields;
  idempotencyKey: string | null;
}

interface PendingRequest {
  items: PendingItem[];
  resolve: (receipts: AppendReceipt[]) => void;
  reject: (error: unknown) => void;
}

/** A group commit whose entries no checkpoint covers yet. */
interface UnintegratedMark {
  endIndex: number;
  sequencedAtMs: number;
}

const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,255}$/;
const PLACEHOLDER_TIME = '2000-01-01T00:00:00.000Z';
const MAX_COMMIT_ATTEMPTS = 3;

function toReceipt(stored: StoredEntry, time: string, replayed: boolean): AppendReceipt {
  return {
    leafIndex: stored.leafIndex,
    leafHash: stored.leafHash,
    time,
    entry: bytesToUtf8(stored.entry),
    receipt: stored.receipt,
    replayed,
  };
}

function keyOf(unit: string, idempotencyKey: string): string {
  return `${unit}\n${idempotencyKey}`;
}

/**
 * Sequencing with group commit: appends that arrive while a commit is running wait in a bounded
 * queue and go to storage together in the next transaction, with consecutive leaf indexes.
 * Receipts are signed before the commit and handed out only after it is durable.
 */
export class Sequencer {
  readonly #context: SequencerContext;
  #nextIndex: number;
  #lastTimeMs: number;
  #integratedSize: number;
  #needsResync = false;
  #closed = false;
  #pending: PendingRequest[] = [];
  #pendingEntries = 0;
  #draining: Promise<void> | null = null;
  readonly #unintegrated: UnintegratedMark[] = [];

  private constructor(
    context: SequencerContext,
    nextIndex: number,
    lastTimeMs: number,
    integratedSize: number,
  ) {
    this.#context = context;
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
        lastTimeMs = Date.parse(parseEntry(last.entry, context.options).time);
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
   * Validates, queues and commits the requests as one all-or-nothing append. Throws ENTRY_INVALID,
   * BATCH_TOO_LARGE, OVERLOADED or LEDGER_CLOSED before queuing; rejects IDEMPOTENCY_KEY_REUSED,
   * STORAGE_CONFLICT or STORAGE_UNAVAILABLE after.
   */
  submit(requests: readonly AppendRequest[]): Promise<AppendReceipt[]> {
    const { options } = this.#context;
    if (this.#closed) return Promise.reject(new LedgerError('LEDGER_CLOSED', 'the ledger is closed'));
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
      this.#draining ??= this.#drain().finally(() => {
        this.#draining = null;
      });
    });
  }

  /** Refuses new appends and waits for those already queued. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
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
    const fields = checkEntryFields(rest, this.#context.options);
    buildEntry(fields, PLACEHOLDER_TIME, this.#context.options);
    return { fields, idempotencyKey: idempotencyKey ?? null };
  }

  #checkCapacity(entries: number): void {
    const { options } = this.#context;
    const overloaded = (reason: string): LedgerError =>
      new LedgerError('OVERLOADED', `the ledger is overloaded (${reason}); retry later`, {
        details: { retryAfterMs: options.overloadRetryAfterMs, reason },
      });
    if (this.#pendingEntries + entries > options.maxPendingEntries)
      throw overloaded('the append queue is full');
    if (
      this.#nextIndex + this.#pendingEntries + entries - this.#integratedSize >
      options.maxUnintegratedEntries
    ) {
      throw overloaded('too many entries wait for integration');
    }
    if (this.measureIntegrationLagMs() > options.maxMergeDelayMs / 2) {
      throw overloaded('integration is behind the maximum merge delay');
    }
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      // An embedded database answers without I/O, so without this turn of the event loop a steady
      // stream of appends would starve timers (the integrator) and incoming requests.
      await new Promise((resolve) => setImmediate(resolve));
      const group: PendingRequest[] = [];
      let entries = 0;
      while (this.#pending.length > 0) {
        const next = this.#pending[0]!;
        if (group.length > 0 && entries + next.items.length > this.#context.options.maxBatchEntries) break;
        group.push(this.#pending.shift()!);
        entries += next.items.length;
      }
      this.#pendingEntries -= entries;
      await this.#commitGroup(group);
    }
  }

  async #commitGroup(group: PendingRequest[]): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      try {
        if (this.#needsResync) {
          this.#nextIndex = await this.#context.storage.countEntries();
          this.#needsResync = false;
        }
        await this.#commitOnce(group);
        return;
      } catch (error) {
        lastError = error;
        this.#needsResync = true;
        if (!(error instanceof LedgerError && error.code === 'STORAGE_CONFLICT')) break;
      }
    }
    const failure =
      lastError instanceof LedgerError
        ? lastError
        : new LedgerError(
            'STORAGE_UNAVAILABLE',
            'the entries could not be committed; nothing was acknowledged',
            {
              cause: lastError,
            },
          );
    for (const request of group) request.reject(failure);
  }

  /**
   * One attempt at committing the group: settles every request after a durable commit, or
   * throws (settling none) so that the group can be retried.
   */
  async #commitOnce(group: readonly PendingRequest[]): Promise<void> {
    const { storage, options, signer, origin, hasher } = this.#context;
    const stored = await this.#findStoredKeys(group);
    const timeMs = Math.max(this.#context.clock(), this.#lastTimeMs);
    const time = new Date(timeMs).toISOString();
    const rows: StoredEntry[] = [];
    const fresh = new Map<string, { row: StoredEntry; fields: EntryFields }>();
    const settlements: (() => void)[] = [];
    for (const request of group) {
      const results: (() => AppendReceipt)[] = [];
      const added: { key: string | null; row: StoredEntry; fields: EntryFields }[] = [];
      let failure: LedgerError | undefined;
      for (const item of request.items) {
        const key = item.idempotencyKey === null ? null : keyOf(item.fields.unit, item.idempotencyKey);
        const earlier = key === null ? undefined : stored.get(key);
        const sibling =
          key === null ? undefined : (fresh.get(key) ?? added.find((entry) => entry.key === key));
        if (earlier !== undefined) {
          const entry = parseEntry(earlier.entry, options);
          if (!matchesEntryFields(entry, item.fields)) {
            failure = reused(item);
            break;
          }
          results.push(() => toReceipt(earlier, entry.time, true));
        } else if (sibling !== undefined) {
          if (!matchesEntryFields(sibling.fields, item.fields)) {
            failure = reused(item);
            break;
          }
          results.push(() => toReceipt(sibling.row, time, true));
        } else {
          const { bytes } = buildEntry(item.fields, time, options);
          const leafIndex = this.#nextIndex + rows.length + added.length;
          const leafHash = hasher.hashLeaf(bytes);
          const row: StoredEntry = {
            leafIndex,
            entry: bytes,
            leafHash,
            unit: item.fields.unit,
            idempotencyKey: item.idempotencyKey,
            receipt: signReceipt({ origin, index: leafIndex, leafHash, time }, signer),
          };
          added.push({ key, row, fields: item.fields });
          results.push(() => toReceipt(row, time, false));
        }
      }
      if (failure !== undefined) {
        const error = failure;
        settlements.push(() => request.reject(error));
        continue;
      }
      for (const entry of added) {
        rows.push(entry.row);
        if (entry.key !== null) fresh.set(entry.key, entry);
      }
      settlements.push(() => request.resolve(results.map((result) => result())));
    }
    if (rows.length > 0) {
      await storage.appendEntries(this.#nextIndex, rows);
      this.#nextIndex += rows.length;
      this.#lastTimeMs = timeMs;
      this.#unintegrated.push({ endIndex: this.#nextIndex, sequencedAtMs: this.#context.clock() });
    }
    for (const settle of settlements) settle();
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

function reused(item: PendingItem): LedgerError {
  return new LedgerError(
    'IDEMPOTENCY_KEY_REUSED',
    `idempotency key ${JSON.stringify(item.idempotencyKey)} of unit ${item.fields.unit} was used for a different entry`,
    { details: { unit: item.fields.unit, idempotencyKey: item.idempotencyKey } },
  );
}
