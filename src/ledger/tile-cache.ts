import {
  locateNodeInTile,
  TILE_HEIGHT,
  TILE_WIDTH,
  type GetNode,
  type Hasher,
  type Tile,
  type TileId,
} from '../merkle/index.ts';
import { LedgerError } from './errors.ts';
import { LruCache } from './lru-cache.ts';
import type { LedgerStorage } from './storage.ts';

/**
 * A tile with the inner nodes of its subtrees (C2SP tlog-tiles: hash i of tile n at level l is the
 * root of 256^l leaves; the nodes between the hashes and the tile root live in no tile). The inner
 * levels are hashed once, on the first proof that needs them, into one buffer.
 */
class HashedTile {
  readonly tile: Tile;
  readonly #hasher: Hasher;
  /** Levels 1..7 of the subtrees, each level's complete nodes in order, concatenated. */
  #inner: Uint8Array | null = null;
  readonly #levelOffsets: number[] = [];

  constructor(hasher: Hasher, tile: Tile) {
    if (!(tile.hashes instanceof Uint8Array) || tile.hashes.length !== tile.width * hasher.size) {
      throw new LedgerError('STORAGE_CORRUPT', `stored tile ${tile.level}/${tile.index} has the wrong size`, {
        details: { level: tile.level, index: tile.index, width: tile.width, bytes: tile.hashes?.length },
      });
    }
    this.tile = tile;
    this.#hasher = hasher;
  }

  /** Node `index` of tree level `levelInTile` inside the tile, a copy; undefined if incomplete. */
  node(levelInTile: number, index: number): Uint8Array | undefined {
    const size = this.#hasher.size;
    if (levelInTile === 0) {
      return index < this.tile.width ? this.tile.hashes.slice(index * size, (index + 1) * size) : undefined;
    }
    const inner = this.#inner ?? this.#hashInner();
    if (index >= this.tile.width >> levelInTile) return undefined;
    const offset = this.#levelOffsets[levelInTile]! + index * size;
    return inner.slice(offset, offset + size);
  }

  // RFC 9162 §2.1.1: each inner node hashes its two children, level by level.
  #hashInner(): Uint8Array {
    const size = this.#hasher.size;
    let total = 0;
    for (let level = 1; level < TILE_HEIGHT; level++) {
      this.#levelOffsets[level] = total;
      total += (this.tile.width >> level) * size;
    }
    const inner = new Uint8Array(total);
    let below = this.tile.hashes;
    for (let level = 1; level < TILE_HEIGHT; level++) {
      const start = this.#levelOffsets[level]!;
      const count = this.tile.width >> level;
      for (let i = 0; i < count; i++) {
        const left = below.subarray(2 * i * size, (2 * i + 1) * size);
        const right = below.subarray((2 * i + 1) * size, (2 * i + 2) * size);
        inner.set(this.#hasher.hashChildren(left, right), start + i * size);
      }
      below = inner.subarray(start, start + count * size);
    }
    this.#inner = inner;
    return inner;
  }
}

function notFound(id: TileId, storedWidth: number): LedgerError {
  return new LedgerError(
    'TILE_NOT_FOUND',
    `tile ${id.level}/${id.index} of width ${id.width} is not in the tree (yet)`,
    {
      details: { level: id.level, index: id.index, width: id.width, storedWidth },
    },
  );
}

function positionKey(id: { level: number; index: number }): string {
  return `${id.level}/${id.index}`;
}

/**
 * Tiles for proofs and the C2SP read API. A full tile never changes and a partial tile of a given
 * width never changes either (it is a prefix of every wider tile at its position), so both are
 * cached with their hashed inner levels: full tiles by position, partial ones by position and width.
 */
export class TileCache {
  readonly #storage: LedgerStorage;
  readonly #hasher: Hasher;
  readonly #full: LruCache<Promise<HashedTile>>;
  readonly #partial: LruCache<Promise<HashedTile>>;

  constructor(storage: LedgerStorage, hasher: Hasher, fullTiles: number, partialTiles: number) {
    this.#storage = storage;
    this.#hasher = hasher;
    this.#full = new LruCache(fullTiles);
    this.#partial = new LruCache(partialTiles);
  }

  /** Remembers tiles just written, so that proofs need not read them back. */
  rememberTiles(tiles: readonly Tile[]): void {
    for (const tile of tiles) {
      const hashed = Promise.resolve(new HashedTile(this.#hasher, tile));
      if (tile.width === TILE_WIDTH) this.#full.set(positionKey(tile), hashed);
      else this.#partial.set(`${positionKey(tile)}/${tile.width}`, hashed);
    }
  }

  /** The tiles at exactly the requested widths; TILE_NOT_FOUND when storage has one narrower or none. */
  async readTiles(ids: readonly TileId[]): Promise<Tile[]> {
    return (await this.#readHashed(ids)).map((hashed) => hashed.tile);
  }

  /** A GetNode over the nodes of the given tiles, for building proofs from them. */
  async readNodeSource(ids: readonly TileId[]): Promise<GetNode> {
    const tiles = new Map((await this.#readHashed(ids)).map((hashed) => [positionKey(hashed.tile), hashed]));
    return (level, index) => {
      const location = locateNodeInTile(level, index);
      const hashed = tiles.get(`${location.tileLevel}/${location.tileIndex}`);
      const hash = hashed?.node(location.levelInTile, location.first >> location.levelInTile);
      if (hash === undefined) {
        throw new LedgerError('TILE_NOT_FOUND', `node (${level}, ${index}) is in none of the tiles read`, {
          details: { level, index },
        });
      }
      return hash;
    };
  }

  #cached(id: TileId): Promise<HashedTile> | undefined {
    if (id.width === TILE_WIDTH) return this.#full.get(positionKey(id));
    const partialKey = `${positionKey(id)}/${id.width}`;
    const partial = this.#partial.get(partialKey);
    if (partial !== undefined) return partial;
    const full = this.#full.get(positionKey(id));
    if (full === undefined) return undefined;
    const narrowed = full.then((hashed) => this.#narrow(hashed.tile, id.width));
    narrowed.catch(() => this.#partial.delete(partialKey));
    this.#partial.set(partialKey, narrowed);
    return narrowed;
  }

  #narrow(tile: Tile, width: number): HashedTile {
    const hashes = tile.width === width ? tile.hashes : tile.hashes.slice(0, width * this.#hasher.size);
    return new HashedTile(this.#hasher, { level: tile.level, index: tile.index, width, hashes });
  }

  async #readHashed(ids: readonly TileId[]): Promise<HashedTile[]> {
    const results: Promise<HashedTile>[] = [];
    const missing: { id: TileId; settle: (tile: Tile | undefined, error?: unknown) => void }[] = [];
    for (const id of ids) {
      const cached = this.#cached(id);
      if (cached !== undefined) {
        results.push(cached);
        continue;
      }
      const key = id.width === TILE_WIDTH ? positionKey(id) : `${positionKey(id)}/${id.width}`;
      const cache = id.width === TILE_WIDTH ? this.#full : this.#partial;
      const loading = new Promise<HashedTile>((resolve, reject) => {
        missing.push({
          id,
          settle: (tile, error) => {
            if (tile === undefined) reject(error ?? notFound(id, 0));
            else if (tile.width < id.width) reject(notFound(id, tile.width));
            else {
              if (tile.width === TILE_WIDTH && id.width !== TILE_WIDTH) {
                this.#full.set(positionKey(id), Promise.resolve(new HashedTile(this.#hasher, tile)));
              }
              resolve(this.#narrow(tile, id.width));
            }
          },
        });
      });
      loading.catch(() => cache.delete(key));
      cache.set(key, loading);
      results.push(loading);
    }
    if (missing.length > 0) {
      try {
        const stored = await this.#storage.readTiles(missing.map((entry) => entry.id));
        const byPosition = new Map(stored.map((tile) => [positionKey(tile), tile]));
        for (const entry of missing) {
          try {
            entry.settle(byPosition.get(positionKey(entry.id)));
          } catch (error) {
            entry.settle(undefined, error);
          }
        }
      } catch (error) {
        for (const entry of missing) entry.settle(undefined, error);
      }
    }
    return Promise.all(results);
  }
}
