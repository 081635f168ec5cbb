import { createHash } from 'node:crypto';

// Rendered certificates, kept so that anonymous readers do not each cost a PDF rendering (tens of
// milliseconds of CPU). The key is a hash of everything the bytes are made from (the subject with
// its status, the record, the format, the verify URL): a change of status, such as a licence's
// revocation, is a new key, so a stale rendering is never served for it.

export interface RenderCacheOptions {
  /** Most bytes kept, all entries together (bytes). */
  maxBytes: number;
  /** Most renderings kept (count). */
  maxEntries: number;
}

export const DEFAULT_RENDER_CACHE_OPTIONS: Readonly<RenderCacheOptions> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxEntries: 2_048,
});

/** The cache key of a rendering made from `parts` (any JSON-serialisable values). */
export function keyRendering(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A least-recently-used map of rendered certificates, bounded in bytes and entries. */
export class RenderCache {
  readonly options: RenderCacheOptions;
  readonly #entries = new Map<string, Uint8Array>();
  #bytes = 0;
  hits = 0;
  misses = 0;

  constructor(options: Partial<RenderCacheOptions> = {}) {
    this.options = { ...DEFAULT_RENDER_CACHE_OPTIONS, ...options };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The rendering kept under `key`, or undefined; a hit becomes the most recently used. */
  read(key: string): Uint8Array | undefined {
    const bytes = this.#entries.get(key);
    if (bytes === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    this.#entries.delete(key);
    this.#entries.set(key, bytes);
    return bytes;
  }

  /** Keeps `bytes` under `key`, dropping the least recently used renderings beyond the bounds. */
  write(key: string, bytes: Uint8Array): void {
    if (bytes.length > this.options.maxBytes) return;
    const earlier = this.#entries.get(key);
    if (earlier !== undefined) {
      this.#bytes -= earlier.length;
      this.#entries.delete(key);
    }
    this.#entries.set(key, bytes);
    this.#bytes += bytes.length;
    for (const [oldest, kept] of this.#entries) {
      if (this.#bytes <= this.options.maxBytes && this.#entries.size <= this.options.maxEntries) break;
      this.#entries.delete(oldest);
      this.#bytes -= kept.length;
    }
  }

  /** Renders through the cache: `render` runs only when nothing is kept under `key`. */
  async readOrRender(key: string, render: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const kept = this.read(key);
    if (kept !== undefined) return kept;
    const bytes = await render();
    this.write(key, bytes);
    return bytes;
  }
}
