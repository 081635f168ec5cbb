import {
  consistencyProof,
  inclusionProof,
  tilesForConsistencyProof,
  tilesForInclusionProof,
  type Hasher,
} from '../merkle/index.ts';
import type { TileCache } from './tile-cache.ts';

// Proofs served from stored tiles (C2SP tlog-tiles): read the tiles that hold the proof's nodes,
// then build the RFC 9162 proof from them.

/** RFC 9162 §2.1.3.1 inclusion proof of `leafIndex` in the tree of `treeSize` leaves. */
export async function buildInclusionProof(
  tiles: TileCache,
  hasher: Hasher,
  leafIndex: number,
  treeSize: number,
): Promise<Uint8Array[]> {
  const getNode = await tiles.readNodeSource(tilesForInclusionProof(leafIndex, treeSize));
  return inclusionProof(hasher, leafIndex, treeSize, getNode);
}

/** RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` leaves. */
export async function buildConsistencyProof(
  tiles: TileCache,
  hasher: Hasher,
  size1: number,
  size2: number,
): Promise<Uint8Array[]> {
  const getNode = await tiles.readNodeSource(tilesForConsistencyProof(size1, size2));
  return consistencyProof(hasher, size1, size2, getNode);
}
