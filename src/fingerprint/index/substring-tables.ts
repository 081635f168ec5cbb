import { readSubstring, type Substring } from './substrings.ts';

/**
 * One substring's table: the codes built in bulk sit in `slots` grouped by substring value (counting
 * sort; value v owns slots[starts[v] .. starts[v+1])), so a probe reads one contiguous run. Codes
 * added later are threaded onto per-value lists (`heads`, `next`, indexed from `baseCount`) until
 * the next rebuild folds them in.
 */
export interface SubstringTable {
  substring: Substring;
  starts: Uint32Array;
  slots: Uint32Array;
  heads: Int32Array;
  next: Int32Array;
}

export class SubstringTables {
  readonly tables: SubstringTable[];
  /** Slots below this are in the sorted part; slots from here up are on the lists. */
  baseCount = 0;
  #appended = 0;

  constructor(substrings: readonly Substring[]) {
    this.tables = substrings.map((substring) => ({
      substring,
      starts: new Uint32Array(2 ** substring.length + 1),
      slots: new Uint32Array(0),
      heads: new Int32Array(0),
      next: new Int32Array(0),
    }));
  }

  /** Codes added since the last rebuild. */
  get appendedCount(): number {
    return this.#appended;
  }

  /** Sorts slots 0..count-1 of `codes` into every table and empties the lists. */
  rebuild(codes: Uint32Array, words: number, count: number): void {
    const values = new Uint32Array(count);
    for (const table of this.tables) {
      const starts = table.starts;
      starts.fill(0);
      for (let slot = 0; slot < count; slot++) {
        const value = readSubstring(codes, slot * words, table.substring);
        values[slot] = value;
        starts[value + 1]!++;
      }
      for (let v = 1; v < starts.length; v++) starts[v]! += starts[v - 1]!;
      const fill = starts.slice(0, starts.length - 1);
      const slots = table.slots.length === count ? table.slots : new Uint32Array(count);
      for (let slot = 0; slot < count; slot++) slots[fill[values[slot]!]!++] = slot;
      table.slots = slots;
      table.heads = new Int32Array(0);
      table.next = new Int32Array(0);
    }
    this.baseCount = count;
    this.#appended = 0;
  }

  /** Threads `slot` (≥ baseCount, the next one after the last appended) onto every table's lists. */
  append(codes: Uint32Array, words: number, slot: number): void {
    const position = slot - this.baseCount;
    for (const table of this.tables) {
      if (table.heads.length === 0) table.heads = new Int32Array(2 ** table.substring.length).fill(-1);
      if (position >= table.next.length) {
        const next = new Int32Array(Math.max(1024, table.next.length * 2));
        next.set(table.next);
        table.next = next;
      }
      const value = readSubstring(codes, slot * words, table.substring);
      table.next[position] = table.heads[value]!;
      table.heads[value] = position;
    }
    this.#appended++;
  }
}
