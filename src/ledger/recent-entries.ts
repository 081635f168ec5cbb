import type { StoredEntry } from './storage.ts';

/**
 * The rows this process committed last, as one contiguous run of leaf indexes: the integrator and
 * the chain's indexer read every new entry right after it is committed, and reading them back from
 * the database cost as much as a third of an append. Only rows whose commit resolved are added,
 * so what this holds is exactly what storage holds at those indexes. Bounded by `capacity` rows;
 * the oldest go first.
 */
export class RecentEntries {
  readonly #capacity: number;
  #rows: StoredEntry[] = [];
  /** Leaf index of #rows[#head]. */
  #start = 0;
  /** Rows before #head are dropped; compacted once they outnumber the kept ones. */
  #head = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Leaf index after the last row held (the run is empty when it equals start). */
  get end(): number {
    return this.#start + this.#rows.length - this.#head;
  }

  /** Adds committed rows starting at leaf index rows[0].leafIndex; a gap starts a new run. */
  add(rows: readonly StoredEntry[]): void {
    if (rows.length === 0) return;
    if (rows[0]!.leafIndex !== this.end) this.clear(rows[0]!.leafIndex);
    for (const row of rows) this.#rows.push(row);
    const excess = this.#rows.length - this.#head - this.#capacity;
    if (excess > 0) {
      this.#head += excess;
      this.#start += excess;
    }
    if (this.#head > this.#rows.length / 2) {
      this.#rows = this.#rows.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Forgets every row; the next run starts at `start`. */
  clear(start = this.end): void {
    this.#rows = [];
    this.#head = 0;
    this.#start = start;
  }

  /** The rows with start ≤ leafIndex < end, or null unless every one of them is held. */
  read(start: number, end: number): StoredEntry[] | null {
    if (start < this.#start || end > this.end || start >= end) return null;
    const from = this.#head + (start - this.#start);
    return this.#rows.slice(from, from + (end - start));
  }
}
