export { CompactRange, computeRoot, countPeaks, type CompactRangeState } from './compact-range.ts';
export { rootFromConsistencyProof, verifyConsistency } from './consistency.ts';
export { decodeEntryBundle, encodeEntryBundle, MAX_ENTRY_SIZE_BYTES } from './entry-bundle.ts';
export { MerkleError, type MerkleErrorCode } from './errors.ts';
export { rfc6962, type Hasher } from './hasher.ts';
export { rootFromInclusionProof, verifyInclusion } from './inclusion.ts';
export { consistencyProof, inclusionProof, resolveProofNodes, type GetNode } from './proof-build.ts';
export { consistencyProofLength, inclusionProofLength } from './proof-length.ts';
export {
  consistencyProofNodes,
  inclusionProofNodes,
  listProofNodeIds,
  rangeNodes,
  type NodeId,
  type ProofNodes,
} from './proof-nodes.ts';
export { integrateTiles, type ReadTile, type TileIntegration } from './tile-integrate.ts';
export {
  checkTile,
  createTileNodeSource,
  locateNodeInTile,
  nodeHashFromTile,
  partialTilesOfTree,
  TILE_HEIGHT,
  TILE_WIDTH,
  tileHashes,
  tilesForConsistencyProof,
  tilesForInclusionProof,
  tilesForNodes,
  tileWidthInTree,
  type Tile,
  type TileId,
  type TileNodeLocation,
} from './tile-math.ts';
export {
  formatEntryBundlePath,
  formatTilePath,
  parseEntryBundlePath,
  parseTilePath,
  type EntryBundleId,
} from './tile-path.ts';
