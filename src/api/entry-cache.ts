import type { StoredEntry } from '../ledger/index.ts';

/**
 * Reads of stored entries. The ledger caches complete blocks of 256 entries itself (see
 * Ledger.readEntry), so this reads through without a cache of its own.
 * @deprecated Call `ledger.readEntry` directly; kept while ChainHandle still carries it.
 */
export class EntryBlockCache {
  readonly #readEntries: (start: number, end: number) => Promise<StoredEntry[]>;

  constructor(
    readEntries: (start: number, end: number) => Promise<StoredEntry[]>,
    _ignoredMaxBlocks?: number,
  ) {
    this.#readEntries = readEntries;
  }

  /** Entry `leafIndex` of a chain that has at least `size` entries; undefined when not stored. */
  async readEntry(leafIndex: number, size: number): Promise<StoredEntry | undefined> {
    if (leafIndex >= size) return undefined;
    const [entry] = await this.#readEntries(leafIndex, leafIndex + 1);
    return entry?.leafIndex === leafIndex ? entry : undefined;
  }
}
