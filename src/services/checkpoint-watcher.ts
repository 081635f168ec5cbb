import type { Ledger, StoredCheckpoint } from '../ledger/index.ts';

interface Waiter {
  treeSize: number;
  resolve: (checkpoint: StoredCheckpoint | null) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The latest checkpoint of one chain as the API sees it. Any checkpoint that covers an entry
 * proves it, so readers take the cached one when it is large enough and read storage only when
 * it is not. The ledger announces each checkpoint it signs (Ledger.watchCheckpoints), which
 * answers waiting requests at once; they also share one slow poll of storage.
 */
export class CheckpointWatcher {
  readonly #ledger: Ledger;
  readonly #pollMs: number;
  readonly #onCheckpoint: (checkpoint: StoredCheckpoint) => void;
  readonly #waiters = new Set<Waiter>();
  #latest: StoredCheckpoint | null = null;
  #refreshing: Promise<StoredCheckpoint | null> | null = null;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #unwatch: () => void;

  constructor(
    ledger: Ledger,
    pollMs: number,
    onCheckpoint: (checkpoint: StoredCheckpoint) => void = () => {},
  ) {
    this.#ledger = ledger;
    this.#pollMs = pollMs;
    this.#unwatch = ledger.watchCheckpoints((checkpoint) => this.#accept(checkpoint));
    this.#onCheckpoint = onCheckpoint;
  }

  /** The last checkpoint read, without touching storage. */
  get latest(): StoredCheckpoint | null {
    return this.#latest;
  }

  /** A checkpoint of at least `treeSize` entries if one exists now, else the latest (or null). */
  async readCovering(treeSize: number): Promise<StoredCheckpoint | null> {
    if (this.#latest !== null && this.#latest.treeSize >= treeSize) return this.#latest;
    return this.refresh();
  }

  /** Reads the latest checkpoint from storage (one read shared by concurrent callers). */
  refresh(): Promise<StoredCheckpoint | null> {
    this.#refreshing ??= this.#ledger
      .readCheckpoint()
      .then((checkpoint) => {
        this.#accept(checkpoint);
        return this.#latest;
      })
      .finally(() => {
        this.#refreshing = null;
      });
    return this.#refreshing;
  }

  /** Resolves with a checkpoint of at least `treeSize` entries, or null after `timeoutMs`. */
  async waitFor(treeSize: number, timeoutMs: number): Promise<StoredCheckpoint | null> {
    const now = await this.readCovering(treeSize);
    if (now !== null && now.treeSize >= treeSize) return now;
    if (this.#closed) return null;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        treeSize,
        resolve,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          resolve(null);
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
      this.#schedulePoll();
    });
  }

  /** Answers every waiter with null and stops polling. */
  close(): void {
    this.#closed = true;
    this.#unwatch();
    clearTimeout(this.#pollTimer);
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
    this.#waiters.clear();
  }

  #accept(checkpoint: StoredCheckpoint | null): void {
    if (checkpoint === null || (this.#latest !== null && checkpoint.treeSize <= this.#latest.treeSize))
      return;
    this.#latest = checkpoint;
    this.#onCheckpoint(checkpoint);
    for (const waiter of this.#waiters) {
      if (waiter.treeSize <= checkpoint.treeSize) {
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
        waiter.resolve(checkpoint);
      }
    }
  }

  #schedulePoll(): void {
    if (this.#pollTimer !== undefined || this.#closed) return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = undefined;
      this.refresh()
        .catch(() => null)
        .finally(() => {
          if (this.#waiters.size > 0) this.#schedulePoll();
        });
    }, this.#pollMs);
  }
}
