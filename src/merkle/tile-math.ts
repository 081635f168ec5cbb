import { checkTreeSize } from './bits.ts';
import { MerkleError } from './errors.ts';
import type { Hasher } from './hasher.ts';
import type { GetNode } from './proof-build.ts';
import { consistencyProofNodes, inclusionProofNodes, listProofNodeIds, type NodeId } from './proof-nodes.ts';

// C2SP tlog-tiles (https://c2sp.org/tlog-tiles): hash i of tile n at tile level l is
// MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l]), the node at tree level 8·l, index n·256 + i.

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

/** A tile: `width` is 256 for a full tile, 1..255 for a partial one. */
export interface TileId {
  readonly level: number;
  readonly index: number;
  readonly width: number;
}

/** A tile with its contents: `width` hashes, concatenated. */
export interface Tile extends TileId {
  readonly hashes: Uint8Array;
}

/** Where a stored node lives: tile (tileLevel, tileIndex), computed from its hashes [first, end). */
export interface TileNodeLocation {
  readonly tileLevel: number;
  readonly tileIndex: number;
  /** Height of the node above the tile's hashes, 0..7; the node spans 2^levelInTile hashes. */
  readonly levelInTile: number;
  readonly first: number;
  readonly end: number;
}

function checkNodeId(level: number, index: number): void {
  checkTreeSize(level, 'level');
  checkTreeSize(index, 'index');
  if (level > 52 || (index + 1) * 2 ** level > Number.MAX_SAFE_INTEGER) {
    throw new MerkleError('INDEX_OUT_OF_RANGE', `node (${level}, ${index}) lies beyond 2^53-1 leaves`, {
      details: { level, index },
    });
  }
}

export function locateNodeInTile(level: number, index: number): TileNodeLocation {
  checkNodeId(level, index);
  const tileLevel = Math.floor(level / TILE_HEIGHT);
  const levelInTile = level % TILE_HEIGHT;
  const nodesPerTile = 2 ** (TILE_HEIGHT - levelInTile);
  const first = (index % nodesPerTile) * 2 ** levelInTile;
  return {
    tileLevel,
    tileIndex: Math.floor(index / nodesPerTile),
    levelInTile,
    first,
    end: first + 2 ** levelInTile,
  };
}

/** Width of tile (tileLevel, tileIndex) in the tree of `treeSize` leaves: 0 (absent), 1..255 or 256. */
export function tileWidthInTree(tileLevel: number, tileIndex: number, treeSize: number): number {
  checkTreeSize(tileLevel, 'tileLevel');
  checkTreeSize(tileIndex, 'tileIndex');
  checkTreeSize(treeSize, 'treeSize');
  const hashesAtLevel = Math.floor(treeSize / TILE_WIDTH ** tileLevel);
  return Math.max(0, Math.min(TILE_WIDTH, hashesAtLevel - tileIndex * TILE_WIDTH));
}

/** The partial tiles of the tree of `treeSize` leaves, one per level that has one, lowest level first. */
export function partialTilesOfTree(treeSize: number): TileId[] {
  checkTreeSize(treeSize, 'treeSize');
  const tiles: TileId[] = [];
  for (let level = 0; TILE_WIDTH ** level <= treeSize; level++) {
    const hashesAtLevel = Math.floor(treeSize / TILE_WIDTH ** level);
    const width = hashesAtLevel % TILE_WIDTH;
    if (width > 0) tiles.push({ level, index: Math.floor(hashesAtLevel / TILE_WIDTH), width });
  }
  return tiles;
}

/** The tiles, at their widths in the tree of `treeSize` leaves, holding the given stored nodes. */
export function tilesForNodes(nodes: Iterable<NodeId>, treeSize: number): TileId[] {
  const tiles = new Map<string, TileId>();
  for (const node of nodes) {
    const location = locateNodeInTile(node.level, node.index);
    const width = tileWidthInTree(location.tileLevel, location.tileIndex, treeSize);
    if (width < location.end) {
      throw new MerkleError(
        'INDEX_OUT_OF_RANGE',
        `node (${node.level}, ${node.index}) is not a complete subtree of the tree of size ${treeSize}`,
        { details: { level: node.level, index: node.index, treeSize } },
      );
    }
    tiles.set(`${location.tileLevel}/${location.tileIndex}`, {
      level: location.tileLevel,
      index: location.tileIndex,
      width,
    });
  }
  return [...tiles.values()];
}

export function tilesForInclusionProof(leafIndex: number, treeSize: number): TileId[] {
  return tilesForNodes(listProofNodeIds(inclusionProofNodes(leafIndex, treeSize)), treeSize);
}

export function tilesForConsistencyProof(size1: number, size2: number): TileId[] {
  return tilesForNodes(listProofNodeIds(consistencyProofNodes(size1, size2)), size2);
}

/** Throws TILE_DATA_INVALID unless the tile's id is valid and it holds exactly `width` hashes. */
export function checkTile(hasher: Hasher, tile: Tile): void {
  const valid =
    typeof tile === 'object' &&
    tile !== null &&
    Number.isSafeInteger(tile.level) &&
    tile.level >= 0 &&
    Number.isSafeInteger(tile.index) &&
    tile.index >= 0 &&
    Number.isInteger(tile.width) &&
    tile.width >= 1 &&
    tile.width <= TILE_WIDTH &&
    tile.hashes instanceof Uint8Array &&
    tile.hashes.length === tile.width * hasher.size;
  if (!valid) {
    throw new MerkleError('TILE_DATA_INVALID', `a tile must hold 1 to 256 hashes of ${hasher.size} bytes`, {
      details: { level: tile?.level, index: tile?.index, width: tile?.width },
    });
  }
}

/** Splits tile contents into its hashes. */
export function tileHashes(hasher: Hasher, tile: Tile): Uint8Array[] {
  checkTile(hasher, tile);
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < tile.width; i++) {
    hashes.push(tile.hashes.slice(i * hasher.size, (i + 1) * hasher.size));
  }
  return hashes;
}

/** The Merkle tree hash of a power-of-two run of hashes, pairing neighbours level by level. */
export function hashPerfectRun(hasher: Hasher, hashes: readonly Uint8Array[]): Uint8Array {
  let row = hashes;
  while (row.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) next.push(hasher.hashChildren(row[i]!, row[i + 1]!));
    row = next;
  }
  return row[0]!.slice();
}

function missingNode(level: number, index: number, reason: string): MerkleError {
  return new MerkleError('NODE_MISSING', `node (${level}, ${index}) ${reason}`, {
    details: { level, index },
  });
}

/** The hash of stored node (level, index) computed from the tile that holds it. */
export function nodeHashFromTile(hasher: Hasher, tile: Tile, level: number, index: number): Uint8Array {
  const location = locateNodeInTile(level, index);
  const hashes = tileHashes(hasher, tile);
  if (location.tileLevel !== tile.level || location.tileIndex !== tile.index) {
    throw missingNode(level, index, `is not in tile ${tile.level}/${tile.index}`);
  }
  if (location.end > tile.width) {
    throw missingNode(level, index, `needs ${location.end} hashes of a tile of width ${tile.width}`);
  }
  return hashPerfectRun(hasher, hashes.slice(location.first, location.end));
}

/**
 * A GetNode over the given tiles for proof building. Each tile's inner levels are hashed once, on
 * first use. A node whose tile is absent or too narrow is NODE_MISSING.
 */
export function createTileNodeSource(hasher: Hasher, tiles: Iterable<Tile>): GetNode {
  const byId = new Map<string, { width: number; rows: Uint8Array[][] }>();
  for (const tile of tiles) {
    const key = `${tile.level}/${tile.index}`;
    const hashes = tileHashes(hasher, tile);
    if ((byId.get(key)?.width ?? 0) < tile.width) byId.set(key, { width: tile.width, rows: [hashes] });
  }
  return (level, index) => {
    const location = locateNodeInTile(level, index);
    const entry = byId.get(`${location.tileLevel}/${location.tileIndex}`);
    if (entry === undefined) throw missingNode(level, index, 'has no tile');
    if (location.end > entry.width) {
      throw missingNode(level, index, `needs ${location.end} hashes of a tile of width ${entry.width}`);
    }
    const rows = entry.rows;
    while (rows.length <= location.levelInTile) {
      const below = rows[rows.length - 1]!;
      const row: Uint8Array[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) row.push(hasher.hashChildren(below[i]!, below[i + 1]!));
      rows.push(row);
    }
    return rows[location.levelInTile]![location.first >> location.levelInTile]!.slice();
  };
}
