interface Waiter<T> {
  treeSize: number;
  resolve: (value: T | null) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Callers waiting for a tree of at least some size, answered when one arrives or after their timeout. */
export class SizeWaiters<T> {
  readonly #waiters = new Set<Waiter<T>>();
  #closed = false;

  /** Resolves with the first value offered for a tree of at least `treeSize`, or null after `timeoutMs`. */
  wait(treeSize: number, timeoutMs: number): Promise<T | null> {
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter<T> = {
        treeSize,
        resolve,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          resolve(null);
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Answers every waiter whose size `treeSize` reaches. */
  offer(treeSize: number, value: T): void {
    for (const waiter of this.#waiters) {
      if (waiter.treeSize > treeSize) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(value);
    }
  }

  get size(): number {
    return this.#waiters.size;
  }

  /** Answers every waiter with null; later waits resolve null at once. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
    this.#waiters.clear();
  }
}
