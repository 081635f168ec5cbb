import {
  consistencyProof,
  createTileNodeSource,
  inclusionProof,
  tilesForConsistencyProof,
  tilesForInclusionProof,
  type Hasher,
} from '../merkle/index.ts';
import type { TileReader } from './tile-reader.ts';

// Proofs served from stored tiles (C2SP tlog-tiles): read the tiles that hold the proof's nodes,
// then build the RFC 9162 proof from them.

/** RFC 9162 §2.1.3.1 inclusion proof of `leafIndex` in the tree of `treeSize` leaves. */
export async function buildInclusionProof(
  reader: TileReader,
  hasher: Hasher,
  leafIndex: number,
  treeSize: number,
): Promise<Uint8Array[]> {
  const tiles = await reader.readTiles(tilesForInclusionProof(leafIndex, treeSize));
  return inclusionProof(hasher, leafIndex, treeSize, createTileNodeSource(hasher, tiles));
}

/** RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` leaves. */
export async function buildConsistencyProof(
  reader: TileReader,
  hasher: Hasher,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  const tiles = await reader.readTiles(tilesForConsistencyProof(size1, size2));
  return consistencyProof(hasher, size1, size2, createTileNodeSource(hasher, tiles));
}
