import { concatBytes } from '../crypto/index.ts';
import { checkTreeSize } from './bits.ts';
import { MerkleError } from './errors.ts';
import { checkHash, type Hasher } from './hasher.ts';
import {
  checkTile,
  hashPerfectRun,
  partialTilesOfTree,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileHashes,
  type Tile,
  type TileId,
} from './tile-math.ts';

/**
 * Reads an existing partial tile, one of partialTilesOfTree(fromSize): MUST return its `width`
 * hashes, concatenated (or throw). Returning nothing is NODE_MISSING; a wrong length is
 * TILE_DATA_INVALID.
 */
export type ReadTile = (tile: TileId) => Uint8Array;

export interface TileIntegration {
  readonly treeSize: number;
  readonly root: Uint8Array;
  /** Every tile that is new or changed, full or partial, lowest level first. The driver writes them. */
  readonly tiles: Tile[];
}

interface LevelRow {
  index: number;
  hashes: Uint8Array[];
  changed: boolean;
}

function readPartialTile(hasher: Hasher, readTile: ReadTile, id: TileId): Uint8Array[] {
  const hashes = readTile(id) as Uint8Array | undefined | null;
  if (hashes === undefined || hashes === null) {
    throw new MerkleError(
      'NODE_MISSING',
      `partial tile ${id.level}/${id.index} (width ${id.width}) is missing`,
      {
        details: { level: id.level, index: id.index, width: id.width },
      },
    );
  }
  const tile = { ...id, hashes };
  checkTile(hasher, tile);
  return tileHashes(hasher, tile);
}

// The peaks of the tree (RFC 9162 §2.1.1 splits) are the binary decomposition of each partial
// tile, highest tile level first: tile level l holds the peaks of tree levels 8l..8l+7.
function rootFromRows(hasher: Hasher, rows: readonly LevelRow[]): Uint8Array {
  const peaks: Uint8Array[] = [];
  for (let level = rows.length - 1; level >= 0; level--) {
    const hashes = rows[level]!.hashes;
    let first = 0;
    for (let height = TILE_HEIGHT - 1; height >= 0; height--) {
      const span = 2 ** height;
      if (hashes.length - first >= span) {
        peaks.push(hashPerfectRun(hasher, hashes.slice(first, first + span)));
        first += span;
      }
    }
  }
  if (peaks.length === 0) return hasher.emptyRoot();
  let root = peaks[peaks.length - 1]!;
  for (let i = peaks.length - 2; i >= 0; i--) root = hasher.hashChildren(peaks[i]!, root);
  return root;
}

/**
 * Tile integration (C2SP tlog-tiles): appends `leafHashes` to the tree of `fromSize` leaves whose
 * partial tiles `readTile` returns, and returns the new size, root and every tile to write. Full
 * tiles are hashed into the level above; only the right edge of the tree is read.
 */
export function integrateTiles(
  hasher: Hasher,
  fromSize: number,
  leafHashes: readonly Uint8Array[],
  readTile: ReadTile,
): TileIntegration {
  checkTreeSize(fromSize, 'fromSize');
  if (!Array.isArray(leafHashes)) {
    throw new MerkleError('HASH_SIZE_INVALID', 'leafHashes must be an array of hashes');
  }
  leafHashes.forEach((leafHash, i) => checkHash(hasher, leafHash, `leafHashes[${i}]`));
  const treeSize = fromSize + leafHashes.length;
  checkTreeSize(treeSize, 'treeSize');

  const rows: LevelRow[] = [];
  for (let level = 0; TILE_WIDTH ** level <= fromSize; level++) {
    rows.push({ index: Math.floor(fromSize / TILE_WIDTH ** (level + 1)), hashes: [], changed: false });
  }
  for (const id of partialTilesOfTree(fromSize)) {
    rows[id.level]!.hashes = readPartialTile(hasher, readTile, id);
  }

  const tiles: Tile[] = [];
  const add = (level: number, hash: Uint8Array): void => {
    if (rows.length === level) rows.push({ index: 0, hashes: [], changed: false });
    const row = rows[level]!;
    row.hashes.push(hash);
    row.changed = true;
    if (row.hashes.length < TILE_WIDTH) return;
    tiles.push({ level, index: row.index, width: TILE_WIDTH, hashes: concatBytes(...row.hashes) });
    const tileRoot = hashPerfectRun(hasher, row.hashes);
    row.index++;
    row.hashes = [];
    row.changed = false;
    add(level + 1, tileRoot);
  };
  for (const leafHash of leafHashes) add(0, leafHash.slice());

  rows.forEach((row, level) => {
    if (row.changed && row.hashes.length > 0) {
      tiles.push({ level, index: row.index, width: row.hashes.length, hashes: concatBytes(...row.hashes) });
    }
  });
  tiles.sort((a, b) => a.level - b.level || a.index - b.index);
  return { treeSize, root: rootFromRows(hasher, rows), tiles };
}
