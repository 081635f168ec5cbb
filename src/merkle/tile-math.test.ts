import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyConsistency } from './consistency.ts';
import { MerkleError } from './errors.ts';
import { verifyInclusion } from './inclusion.ts';
import { consistencyProof, inclusionProof } from './proof-build.ts';
import { createPrng } from './test-support/prng.ts';
import { ReferenceTree } from './test-support/reference-tree.ts';
import { referenceTile } from './test-support/tiles.ts';
import { referenceHasher as hasher } from './test-support/vectors.ts';
import {
  createTileNodeSource,
  locateNodeInTile,
  nodeHashFromTile,
  partialTilesOfTree,
  tilesForConsistencyProof,
  tilesForInclusionProof,
  tilesForNodes,
  tileWidthInTree,
  type TileId,
} from './tile-math.ts';

const TREE_SIZE = 70_000;
const tree = new ReferenceTree(hasher, createPrng(20).fill(new Uint8Array(TREE_SIZE * hasher.size)));

function expectError(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof MerkleError && error.code === code);
}

describe('tile coordinates', () => {
  it('describe the tlog-tiles example tree of 70,000 leaves', () => {
    assert.deepEqual(partialTilesOfTree(70_000), [
      { level: 0, index: 273, width: 112 },
      { level: 1, index: 1, width: 17 },
      { level: 2, index: 0, width: 1 },
    ]);
    assert.equal(tileWidthInTree(0, 272, 70_000), 256);
    assert.equal(tileWidthInTree(0, 273, 70_000), 112);
    assert.equal(tileWidthInTree(0, 274, 70_000), 0);
    assert.equal(tileWidthInTree(1, 0, 70_000), 256);
    assert.equal(tileWidthInTree(1, 1, 70_000), 17);
    assert.equal(tileWidthInTree(2, 0, 70_000), 1);
    assert.equal(tileWidthInTree(3, 0, 70_000), 0);
  });

  it('give a tree of 256 leaves a full level-0 tile and a level-1 tile of width 1', () => {
    assert.deepEqual(partialTilesOfTree(256), [{ level: 1, index: 0, width: 1 }]);
    assert.equal(tileWidthInTree(0, 0, 256), 256);
    assert.deepEqual(partialTilesOfTree(0), []);
    assert.equal(partialTilesOfTree(Number.MAX_SAFE_INTEGER).length, 7);
  });

  it('locate a node in the tile at its level divided by 8', () => {
    assert.deepEqual(locateNodeInTile(0, 1234), {
      tileLevel: 0,
      tileIndex: 4,
      levelInTile: 0,
      first: 210,
      end: 211,
    });
    assert.deepEqual(locateNodeInTile(8, 5), {
      tileLevel: 1,
      tileIndex: 0,
      levelInTile: 0,
      first: 5,
      end: 6,
    });
    assert.deepEqual(locateNodeInTile(3, 33), {
      tileLevel: 0,
      tileIndex: 1,
      levelInTile: 3,
      first: 8,
      end: 16,
    });
    assert.deepEqual(locateNodeInTile(15, 1), {
      tileLevel: 1,
      tileIndex: 0,
      levelInTile: 7,
      first: 128,
      end: 256,
    });
    expectError(() => locateNodeInTile(53, 1), 'INDEX_OUT_OF_RANGE');
    expectError(() => locateNodeInTile(0, -1), 'TREE_SIZE_INVALID');
  });

  it('compute any stored node from its tile', () => {
    const prng = createPrng(21);
    for (let run = 0; run < 300; run++) {
      const level = prng.nextInt(17);
      const count = Math.floor(TREE_SIZE / 2 ** level);
      const index = prng.nextInt(count);
      const location = locateNodeInTile(level, index);
      const width = tileWidthInTree(location.tileLevel, location.tileIndex, TREE_SIZE);
      const tile = referenceTile(tree, { level: location.tileLevel, index: location.tileIndex, width });
      assert.deepEqual(
        nodeHashFromTile(hasher, tile, level, index),
        tree.node(level, index),
        `(${level}, ${index})`,
      );
    }
  });

  it('report a node whose tile is absent, too narrow or malformed', () => {
    const tile = referenceTile(tree, { level: 0, index: 0, width: 10 });
    expectError(() => nodeHashFromTile(hasher, tile, 0, 10), 'NODE_MISSING');
    expectError(() => nodeHashFromTile(hasher, tile, 0, 300), 'NODE_MISSING');
    expectError(() => nodeHashFromTile(hasher, tile, 4, 0), 'NODE_MISSING');
    expectError(() => nodeHashFromTile(hasher, { ...tile, width: 11 }, 0, 1), 'TILE_DATA_INVALID');
    expectError(
      () => nodeHashFromTile(hasher, { ...tile, width: 0, hashes: new Uint8Array(0) }, 0, 1),
      'TILE_DATA_INVALID',
    );
    const source = createTileNodeSource(hasher, [tile]);
    assert.deepEqual(source(3, 0), tree.node(3, 0));
    expectError(() => source(0, 10), 'NODE_MISSING');
    expectError(() => source(0, 256), 'NODE_MISSING');
    expectError(() => tilesForNodes([{ level: 0, index: 70_000 }], TREE_SIZE), 'INDEX_OUT_OF_RANGE');
  });
});

describe('proofs from tiles', () => {
  function fetchTiles(ids: readonly TileId[], treeSize: number) {
    return ids.map((id) => {
      assert.ok(id.width >= 1 && id.width <= 256);
      assert.equal(
        id.width,
        tileWidthInTree(id.level, id.index, treeSize),
        'a tile at another width than the tree has',
      );
      return referenceTile(tree, id);
    });
  }

  it('names the tiles an inclusion proof needs, and proofs built from them verify', () => {
    const prng = createPrng(22);
    for (let run = 0; run < 400; run++) {
      const treeSize = run < 20 ? 1 + run : 1 + prng.nextInt(TREE_SIZE);
      const leafIndex = prng.nextInt(treeSize);
      const tiles = fetchTiles(tilesForInclusionProof(leafIndex, treeSize), treeSize);
      const proof = inclusionProof(hasher, leafIndex, treeSize, createTileNodeSource(hasher, tiles));
      assert.deepEqual(proof, tree.inclusionPath(leafIndex, treeSize));
      verifyInclusion(hasher, leafIndex, treeSize, tree.leafHash(leafIndex), proof, tree.root(treeSize));
      assert.ok(tiles.length <= 2 * 3, `${tiles.length} tiles for one inclusion proof`);
    }
  });

  it('names the tiles a consistency proof needs, and proofs built from them verify', () => {
    const prng = createPrng(23);
    for (let run = 0; run < 400; run++) {
      const size2 = 1 + prng.nextInt(TREE_SIZE);
      const size1 = 1 + prng.nextInt(size2);
      const tiles = fetchTiles(tilesForConsistencyProof(size1, size2), size2);
      const proof = consistencyProof(hasher, size1, size2, createTileNodeSource(hasher, tiles));
      assert.deepEqual(proof, tree.consistencyProof(size1, size2));
      verifyConsistency(hasher, size1, size2, proof, tree.root(size1), tree.root(size2));
    }
  });
});
