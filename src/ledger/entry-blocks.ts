import { TILE_WIDTH } from '../merkle/index.ts';
import { LruCache } from './lru-cache.ts';
import type { StoredEntry } from './storage.ts';

/** Stored entries with start ≤ leafIndex < end, in order (fewer only if storage lacks some). */
export type ReadEntries = (start: number, end: number) => Promise<StoredEntry[]>;

/**
 * Stored entries by blocks of a level-0 tile (256 entries). Entries never change once stored, so a
 * complete block is cached: neighbouring reads, proof bundles and C2SP entry bundles of a full
 * tile then need no storage read. A single entry of a block read for the first time is read on
 * its own (random reads over a large log would otherwise read 256 entries for one); the block is
 * read whole from its second read on. Blocks not yet complete are never cached.
 */
export class EntryBlocks {
  readonly #readEntries: ReadEntries;
  readonly #blocks: LruCache<Promise<StoredEntry[]>>;
  /** Blocks read from once, entry by entry. */
  readonly #touched: LruCache<true>;

  constructor(readEntries: ReadEntries, maxBlocks: number) {
    this.#readEntries = readEntries;
    this.#blocks = new LruCache(maxBlocks);
    this.#touched = new LruCache(4 * maxBlocks);
  }

  /** Entry `leafIndex` of a chain holding `count` entries; undefined when storage lacks it. */
  async readEntry(leafIndex: number, count: number): Promise<StoredEntry | undefined> {
    const start = leafIndex - (leafIndex % TILE_WIDTH);
    const block = String(start / TILE_WIDTH);
    if (
      start + TILE_WIDTH > count ||
      (this.#blocks.get(block) === undefined && this.#touched.get(block) === undefined)
    ) {
      if (start + TILE_WIDTH <= count) this.#touched.set(block, true);
      const [entry] = await this.#readEntries(leafIndex, leafIndex + 1);
      return entry?.leafIndex === leafIndex ? entry : undefined;
    }
    const entry = (await this.#readFullBlock(start / TILE_WIDTH))[leafIndex - start];
    return entry?.leafIndex === leafIndex ? entry : undefined;
  }

  /** The first `width` entries of block `index` of a chain holding `count` entries (fewer if missing). */
  async readBlock(index: number, width: number, count: number): Promise<StoredEntry[]> {
    const start = index * TILE_WIDTH;
    if (start + TILE_WIDTH > count) return this.#readEntries(start, start + width);
    const block = await this.#readFullBlock(index);
    return width === TILE_WIDTH ? block : block.slice(0, width);
  }

  #readFullBlock(index: number): Promise<StoredEntry[]> {
    const key = String(index);
    let block = this.#blocks.get(key);
    if (block === undefined) {
      const start = index * TILE_WIDTH;
      block = this.#readEntries(start, start + TILE_WIDTH);
      this.#blocks.set(key, block);
      block.then(
        (entries) => {
          if (entries.length !== TILE_WIDTH) this.#blocks.delete(key);
        },
        () => this.#blocks.delete(key),
      );
    }
    return block;
  }
}
