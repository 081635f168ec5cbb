import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyConsistency } from './consistency.ts';
import { MerkleError } from './errors.ts';
import { verifyInclusion } from './inclusion.ts';
import { consistencyProof, inclusionProof } from './proof-build.ts';
import { integrateTiles, type ReadTile } from './tile-integrate.ts';
import {
  createTileNodeSource,
  partialTilesOfTree,
  tileWidthInTree,
  type Tile,
  type TileId,
} from './tile-math.ts';
import { createPrng } from './test-support/prng.ts';
import { ReferenceTree } from './test-support/reference-tree.ts';
import { referenceTile } from './test-support/tiles.ts';
import { referenceHasher as hasher } from './test-support/vectors.ts';

const FINAL_SIZE = 66_000;
const leafBytes = createPrng(30).fill(new Uint8Array(FINAL_SIZE * hasher.size));
const tree = new ReferenceTree(hasher, leafBytes);
const leafHashAt = (index: number): Uint8Array => leafBytes.slice(index * 32, (index + 1) * 32);

function expectError(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof MerkleError && error.code === code);
}

/** A tile store as a driver keeps it: the latest contents of each tile. */
function createStore() {
  const tiles = new Map<string, Tile>();
  const reads: string[] = [];
  const readTile: ReadTile = (id) => {
    const tile = tiles.get(`${id.level}/${id.index}`);
    assert.ok(tile !== undefined, `tile ${id.level}/${id.index} was never written`);
    assert.equal(tile.width, id.width, `tile ${id.level}/${id.index} read at another width`);
    reads.push(`${id.level}/${id.index}/${id.width}`);
    return tile.hashes;
  };
  const write = (written: readonly Tile[]) => {
    for (const tile of written) tiles.set(`${tile.level}/${tile.index}`, tile);
  };
  return { tiles, reads, readTile, write };
}

describe('integrateTiles', () => {
  it('builds, batch by batch, exactly the tiles and roots of the reference tree, which then serve proofs', () => {
    const prng = createPrng(31);
    const store = createStore();
    let size = 0;
    let batches = 0;
    while (size < FINAL_SIZE) {
      const pick = prng.nextInt(10);
      const count = Math.min(
        FINAL_SIZE - size,
        pick === 0 ? 0 : pick === 1 ? prng.nextInt(6000) : prng.nextInt(400),
      );
      const leafHashes = Array.from({ length: count }, (_, i) => leafHashAt(size + i));
      store.reads.length = 0;
      const result = integrateTiles(hasher, size, leafHashes, store.readTile);
      assert.deepEqual(
        store.reads,
        partialTilesOfTree(size).map((id) => `${id.level}/${id.index}/${id.width}`),
        'reads only the partial tiles of the old tree',
      );
      const newSize = size + count;
      assert.equal(result.treeSize, newSize);
      assert.deepEqual(result.root, tree.root(newSize), `root at size ${newSize}`);
      if (count === 0) assert.deepEqual(result.tiles, []);
      for (const tile of result.tiles) {
        assert.equal(tile.width, tileWidthInTree(tile.level, tile.index, newSize));
        assert.deepEqual(tile, referenceTile(tree, tile), `tile ${tile.level}/${tile.index}`);
      }
      store.write(result.tiles);
      size = newSize;
      batches++;
    }
    assert.ok(batches > 100);
    const expected: TileId[] = [];
    for (let level = 0; 256 ** level <= FINAL_SIZE; level++) {
      for (let index = 0; tileWidthInTree(level, index, FINAL_SIZE) > 0; index++) {
        expected.push({ level, index, width: tileWidthInTree(level, index, FINAL_SIZE) });
      }
    }
    assert.equal(store.tiles.size, expected.length);
    for (const id of expected) {
      assert.deepEqual(store.tiles.get(`${id.level}/${id.index}`), referenceTile(tree, id));
    }

    const getNode = createTileNodeSource(hasher, store.tiles.values());
    const root = tree.root(FINAL_SIZE);
    for (let run = 0; run < 200; run++) {
      const leafIndex = prng.nextInt(FINAL_SIZE);
      const proof = inclusionProof(hasher, leafIndex, FINAL_SIZE, getNode);
      verifyInclusion(hasher, leafIndex, FINAL_SIZE, leafHashAt(leafIndex), proof, root);
      const size1 = 1 + prng.nextInt(FINAL_SIZE);
      const consistency = consistencyProof(hasher, size1, FINAL_SIZE, getNode);
      verifyConsistency(hasher, size1, FINAL_SIZE, consistency, tree.root(size1), root);
    }
  });

  it('integrates a whole tree in one call and an empty batch into an empty tree', () => {
    const leafHashes = Array.from({ length: FINAL_SIZE }, (_, i) => leafHashAt(i));
    const result = integrateTiles(hasher, 0, leafHashes, () => {
      throw new Error('an empty tree has no tiles to read');
    });
    assert.deepEqual(result.root, tree.root(FINAL_SIZE));
    // 257 full and one partial level-0 tiles, one full and one partial level-1 tile, one level-2 tile.
    assert.equal(result.tiles.length, 258 + 2 + 1);
    const empty = integrateTiles(hasher, 0, [], () => new Uint8Array(0));
    assert.deepEqual(empty, { treeSize: 0, root: hasher.emptyRoot(), tiles: [] });
  });

  it('rejects a missing or malformed partial tile and leaf hashes of the wrong size', () => {
    const partial = (id: TileId) => referenceTile(tree, id).hashes;
    expectError(
      () => integrateTiles(hasher, 300, [leafHashAt(300)], () => undefined as unknown as Uint8Array),
      'NODE_MISSING',
    );
    expectError(
      () => integrateTiles(hasher, 300, [leafHashAt(300)], (id) => partial(id).subarray(1)),
      'TILE_DATA_INVALID',
    );
    expectError(() => integrateTiles(hasher, 300, [new Uint8Array(31)], partial), 'HASH_SIZE_INVALID');
    expectError(() => integrateTiles(hasher, -1, [], partial), 'TREE_SIZE_INVALID');
    expectError(
      () => integrateTiles(hasher, Number.MAX_SAFE_INTEGER, [leafHashAt(0)], partial),
      'TREE_SIZE_INVALID',
    );
    const result = integrateTiles(hasher, 300, [leafHashAt(300)], partial);
    assert.deepEqual(result.root, tree.root(301));
  });
});
