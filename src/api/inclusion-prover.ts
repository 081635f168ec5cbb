import type { Ledger } from '../ledger/index.ts';
import {
  createTileNodeSource,
  inclusionProof,
  locateNodeInTile,
  TILE_WIDTH,
  tilesForInclusionProof,
  type GetNode,
  type TileId,
} from '../merkle/index.ts';
import { LruMap } from './lru-map.ts';

/**
 * RFC 9162 §2.1.3.1 inclusion proofs built from the chain's tiles (C2SP tlog-tiles), keeping each
 * tile's hashed inner levels: a tile of a given width never changes (a partial tile is a prefix
 * of every wider one), so the same bundle requests need neither storage reads nor rehashing.
 */
export class InclusionProver {
  readonly #ledger: Ledger;
  readonly #sources: LruMap<Promise<GetNode>>;
  readonly #partialSources: LruMap<Promise<GetNode>>;

  constructor(ledger: Ledger, fullTiles: number, partialTiles = 64) {
    this.#ledger = ledger;
    this.#sources = new LruMap(fullTiles);
    this.#partialSources = new LruMap(partialTiles);
  }

  async prove(leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
    const ids = tilesForInclusionProof(leafIndex, treeSize);
    const sources = new Map<string, GetNode>();
    await Promise.all(
      ids.map(async (id) => {
        sources.set(`${id.level}/${id.index}`, await this.#readSource(id));
      }),
    );
    return inclusionProof(this.#ledger.hasher, leafIndex, treeSize, (level, index) => {
      const location = locateNodeInTile(level, index);
      const source = sources.get(`${location.tileLevel}/${location.tileIndex}`);
      if (source === undefined) return createTileNodeSource(this.#ledger.hasher, [])(level, index);
      return source(level, index);
    });
  }

  #readSource(id: TileId): Promise<GetNode> {
    const cache = id.width === TILE_WIDTH ? this.#sources : this.#partialSources;
    const key = `${id.level}/${id.index}/${id.width}`;
    let source = cache.get(key);
    if (source === undefined) {
      source = this.#ledger
        .readTile(id.level, id.index, id.width)
        .then((hashes) => createTileNodeSource(this.#ledger.hasher, [{ ...id, hashes }]));
      source.catch(() => cache.delete(key));
      cache.set(key, source);
    }
    return source;
  }
}
