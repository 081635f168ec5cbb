import { TILE_WIDTH } from '../merkle/index.ts';
import { LruCache } from './lru-cache.ts';
import type { StoredEntry } from './storage.ts';

/** Stored entries with start ≤ leafIndex < end, in order (fewer only if storage lacks some). */
export type ReadEntries = (start: number, end: number) => Promise<StoredEntry[]>;

/** Entries read one by one that stay in memory, per cached block allowed. */
const SINGLE_ENTRIES_PER_BLOCK = 16;

/**
 * Stored entries by blocks of a level-0 tile (256 entries). Entries never change once stored, so a
 * complete block is cached: neighbouring reads, proof bundles and C2SP entry bundles of a full
 * tile then need no storage read. Blocks not yet complete are never cached.
 *
 * Reading 256 entries for one pays only when more reads of the block follow. So an entry of a
 * block not in memory is read on its own (and kept among the entries read singly), and the block
 * is read whole when a read shows that its neighbours are wanted: a second read of the block while
 * the cache has room, or, once it is full, a read of the entry that follows one just read. Random
 * reads over a log larger than the cache thus read one row each instead of evicting a block for
 * every read.
 */
export class EntryBlocks {
  readonly #readEntries: ReadEntries;
  readonly #maxBlocks: number;
  readonly #blocks: LruCache<Promise<StoredEntry[]>>;
  /** Blocks read from entry by entry. */
  readonly #touched: LruCache<true>;
  /** Entries of complete blocks read on their own. */
  readonly #singles: LruCache<StoredEntry>;

  constructor(readEntries: ReadEntries, maxBlocks: number) {
    this.#readEntries = readEntries;
    this.#maxBlocks = maxBlocks;
    this.#blocks = new LruCache(maxBlocks);
    this.#touched = new LruCache(4 * maxBlocks);
    this.#singles = new LruCache(SINGLE_ENTRIES_PER_BLOCK * maxBlocks);
  }

  /** Entry `leafIndex` of a chain holding `count` entries; undefined when storage lacks it. */
  async readEntry(leafIndex: number, count: number): Promise<StoredEntry | undefined> {
    const start = leafIndex - (leafIndex % TILE_WIDTH);
    const complete = start + TILE_WIDTH <= count;
    const block = String(start / TILE_WIDTH);
    if (complete && (this.#blocks.get(block) !== undefined || this.#wantsBlock(block, leafIndex))) {
      const entry = (await this.#readFullBlock(start / TILE_WIDTH))[leafIndex - start];
      return entry?.leafIndex === leafIndex ? entry : undefined;
    }
    const key = String(leafIndex);
    const single = complete ? this.#singles.get(key) : undefined;
    if (single !== undefined) return single;
    if (complete) this.#touched.set(block, true);
    const [entry] = await this.#readEntries(leafIndex, leafIndex + 1);
    if (entry?.leafIndex !== leafIndex) return undefined;
    if (complete) this.#singles.set(key, entry);
    return entry;
  }

  /** The first `width` entries of block `index` of a chain holding `count` entries (fewer if missing). */
  async readBlock(index: number, width: number, count: number): Promise<StoredEntry[]> {
    const start = index * TILE_WIDTH;
    if (start + TILE_WIDTH > count) return this.#readEntries(start, start + width);
    const block = await this.#readFullBlock(index);
    return width === TILE_WIDTH ? block : block.slice(0, width);
  }

  /** Whether a read of `leafIndex` in the uncached complete `block` should read the block whole. */
  #wantsBlock(block: string, leafIndex: number): boolean {
    if (this.#blocks.size < this.#maxBlocks) return this.#touched.get(block) !== undefined;
    return leafIndex % TILE_WIDTH > 0 && this.#singles.get(String(leafIndex - 1)) !== undefined;
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
