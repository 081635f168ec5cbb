import type { StoredEntry } from '../ledger/index.ts';
import { LruMap } from './lru-map.ts';

const BLOCK_ENTRIES = 256;

/**
 * Stored entries for bundle requests, read 256 at a time: entries never change once stored, so a
 * complete block is kept and later requests for its neighbours need no storage read.
 */
export class EntryBlockCache {
  readonly #readEntries: (start: number, end: number) => Promise<StoredEntry[]>;
  readonly #blocks: LruMap<Promise<StoredEntry[]>>;

  constructor(readEntries: (start: number, end: number) => Promise<StoredEntry[]>, maxBlocks: number) {
    this.#readEntries = readEntries;
    this.#blocks = new LruMap(maxBlocks);
  }

  /** Entry `leafIndex` of a chain that has at least `size` entries; undefined when not stored. */
  async readEntry(leafIndex: number, size: number): Promise<StoredEntry | undefined> {
    const start = leafIndex - (leafIndex % BLOCK_ENTRIES);
    if (start + BLOCK_ENTRIES > size) return (await this.#readEntries(leafIndex, leafIndex + 1))[0];
    const key = String(start);
    let block = this.#blocks.get(key);
    if (block === undefined) {
      block = this.#readEntries(start, start + BLOCK_ENTRIES);
      this.#blocks.set(key, block);
      block.then(
        (entries) => {
          if (entries.length !== BLOCK_ENTRIES) this.#blocks.delete(key);
        },
        () => this.#blocks.delete(key),
      );
    }
    const entry = (await block)[leafIndex - start];
    return entry?.leafIndex === leafIndex ? entry : undefined;
  }
}
