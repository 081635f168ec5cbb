import {
  decodeEntryBundle,
  encodeEntryBundle,
  TILE_WIDTH,
  type Hasher,
  type Tile,
  type TileId,
} from '../merkle/index.ts';
import { LedgerError } from './errors.ts';
import type { LedgerStorage, StoredEntryBundle } from './storage.ts';

/** A bounded least-recently-used map. */
class LruCache<Value> {
  readonly #limit: number;
  readonly #map = new Map<string, Value>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  get(key: string): Value | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: Value): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#limit) this.#map.delete(this.#map.keys().next().value!);
  }
}

function notFound(what: string, details: Record<string, unknown>): LedgerError {
  return new LedgerError('TILE_NOT_FOUND', `${what} is not in the tree (yet)`, { details });
}

/**
 * Reads tiles and entry bundles from storage at any width up to the stored one (a partial tile
 * is a prefix of every wider tile at its position). Full tiles and bundles never change, so
 * they are kept in a bounded in-memory cache.
 */
export class TileReader {
  readonly #storage: LedgerStorage;
  readonly #hasher: Hasher;
  readonly #tiles: LruCache<Tile>;
  readonly #bundles: LruCache<StoredEntryBundle>;

  constructor(storage: LedgerStorage, hasher: Hasher, cacheSize: number) {
    this.#storage = storage;
    this.#hasher = hasher;
    this.#tiles = new LruCache(cacheSize);
    this.#bundles = new LruCache(cacheSize);
  }

  /** Remembers full tiles just written, so proofs need not read them back. */
  rememberTiles(tiles: readonly Tile[]): void {
    for (const tile of tiles)
      if (tile.width === TILE_WIDTH) this.#tiles.set(`${tile.level}/${tile.index}`, tile);
  }

  /** The tiles at exactly the requested widths; TILE_NOT_FOUND when storage has one narrower or none. */
  async readTiles(ids: readonly TileId[]): Promise<Tile[]> {
    const found = new Map<string, Tile>();
    const missing: TileId[] = [];
    for (const id of ids) {
      const cached = this.#tiles.get(`${id.level}/${id.index}`);
      if (cached === undefined) missing.push(id);
      else found.set(`${id.level}/${id.index}`, cached);
    }
    for (const tile of missing.length === 0 ? [] : await this.#storage.readTiles(missing)) {
      found.set(`${tile.level}/${tile.index}`, tile);
      this.rememberTiles([tile]);
    }
    return ids.map((id) => {
      const tile = found.get(`${id.level}/${id.index}`);
      if (tile === undefined || tile.width < id.width) {
        throw notFound(`tile ${id.level}/${id.index} of width ${id.width}`, {
          ...id,
          storedWidth: tile?.width ?? 0,
        });
      }
      if (tile.width === id.width) return tile;
      return { ...id, hashes: tile.hashes.slice(0, id.width * this.#hasher.size) };
    });
  }

  /** The entry bundle of level-0 tile `index` holding exactly `width` entries. */
  async readEntryBundle(index: number, width: number): Promise<Uint8Array> {
    let bundle = this.#bundles.get(String(index));
    if (bundle === undefined) {
      bundle = (await this.#storage.readEntryBundle(index)) ?? undefined;
      if (bundle?.width === TILE_WIDTH) this.#bundles.set(String(index), bundle);
    }
    if (bundle === undefined || bundle.width < width) {
      throw notFound(`entry bundle ${index} of width ${width}`, {
        index,
        width,
        storedWidth: bundle?.width ?? 0,
      });
    }
    if (bundle.width === width) return bundle.bundle;
    return encodeEntryBundle(decodeEntryBundle(bundle.bundle, bundle.width).slice(0, width));
  }
}
