import type { Tile, TileId } from '../tile-math.ts';
import type { ReferenceTree } from './reference-tree.ts';

/** The contents of a tile computed from the reference tree: hash i is node (8·level, index·256 + i). */
export function referenceTile(tree: ReferenceTree, id: TileId): Tile {
  const size = tree.hasher.size;
  const hashes = new Uint8Array(id.width * size);
  for (let i = 0; i < id.width; i++) hashes.set(tree.node(8 * id.level, id.index * 256 + i), i * size);
  return { ...id, hashes };
}
