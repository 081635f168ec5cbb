import { bytesToHex, equalBytes, type VerifierKey } from '../crypto/index.ts';
import {
  integrateTiles,
  MerkleError,
  partialTilesOfTree,
  TILE_WIDTH,
  tileHashes,
  type Hasher,
  type Tile,
} from '../merkle/index.ts';
import { verifyCheckpoint, type Checkpoint } from '../note/index.ts';
import { ConsortiumError } from './errors.ts';
import type { TlogClient } from './tlog-client.ts';

// Audit mode of a witness: before cosigning, mirror what the log serves through its C2SP
// tlog-tiles read API and recompute the new root from the entries themselves (RFC 9162 §2.1.1
// leaf hashes folded into the tree by tile integration). The tree up to the size already cosigned
// is taken from the log's partial tiles, checked against the cosigned root; every entry past it is
// hashed here. A mirror grows a step of entry bundles at a time, so that an audit can be resumed;
// its state is only a cache of leaf hashes folded into tiles until checkMirrorRoot compares its
// root with a signed checkpoint of the same size, which covers every leaf folded in since the base.

/** A tree head the witness trusts: the checkpoint it cosigned last (size 0, empty root, at first). */
export interface MirrorBase {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

/** The right edge of the log's tree as this witness computed it. */
export interface MirrorState {
  /** The cosigned tree head the mirror was opened from. */
  readonly base: MirrorBase;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** The partial tiles of the tree of `treeSize` leaves (partialTilesOfTree), by "level/index". */
  readonly tiles: ReadonlyMap<string, Tile>;
}

export interface MirrorSource {
  readonly client: TlogClient;
  readonly hasher: Hasher;
  /** Entry bundles or tiles fetched at once. */
  readonly concurrency: number;
}

function unavailable(cause: unknown): ConsortiumError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ConsortiumError('WITNESS_AUDIT_UNAVAILABLE', `the log could not be mirrored: ${reason}`, {
    cause,
    details: { reason },
  });
}

function mismatch(message: string, details: Record<string, unknown>): ConsortiumError {
  return new ConsortiumError('WITNESS_AUDIT_MISMATCH', message, { details });
}

/** Runs `work`, turning read API and tile failures into WITNESS_AUDIT_UNAVAILABLE; a mismatch or a broken mirror stays as it is. */
async function mirrorOrUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof ConsortiumError &&
      (error.code === 'WITNESS_AUDIT_MISMATCH' || error.code === 'WITNESS_MIRROR_INVALID')
    ) {
      throw error;
    }
    if (error instanceof ConsortiumError || error instanceof MerkleError) throw unavailable(error);
    throw error;
  }
}

const tileKey = (id: { level: number; index: number }): string => `${id.level}/${id.index}`;

/**
 * Reads the checkpoint the log serves and throws ConsortiumError WITNESS_FORK_DETECTED
 * (details.servedNote) when it is signed by the log, of the size of `checkpoint`, with another
 * root; WITNESS_AUDIT_UNAVAILABLE when it cannot be read. A served note that does not verify
 * proves nothing and is ignored.
 */
export async function checkServedCheckpoint(
  client: TlogClient,
  logKey: VerifierKey,
  checkpoint: Checkpoint,
): Promise<void> {
  let served: string;
  try {
    served = await client.readCheckpoint();
  } catch (cause) {
    throw unavailable(cause);
  }
  let servedCheckpoint: Checkpoint;
  try {
    servedCheckpoint = verifyCheckpoint(served, checkpoint.origin, logKey).checkpoint;
  } catch {
    return;
  }
  if (
    servedCheckpoint.treeSize === checkpoint.treeSize &&
    !equalBytes(servedCheckpoint.rootHash, checkpoint.rootHash)
  ) {
    throw new ConsortiumError(
      'WITNESS_FORK_DETECTED',
      `the log serves a signed checkpoint of size ${checkpoint.treeSize} with another root`,
      {
        details: {
          treeSize: checkpoint.treeSize,
          servedRoot: bytesToHex(servedCheckpoint.rootHash),
          submittedRoot: bytesToHex(checkpoint.rootHash),
          servedNote: served,
        },
      },
    );
  }
}

/**
 * Opens a mirror at the cosigned tree head `base` from the log's partial tiles of that size,
 * checked against its root. Throws WITNESS_AUDIT_MISMATCH (details: expectedRoot, computedRoot)
 * or WITNESS_AUDIT_UNAVAILABLE.
 */
export function openMirror(source: MirrorSource, base: MirrorBase): Promise<MirrorState> {
  return mirrorOrUnavailable(async () => {
    const ids = partialTilesOfTree(base.treeSize);
    const tiles = new Map(
      (await source.client.readTiles(source.hasher, ids, source.concurrency)).map((t) => [tileKey(t), t]),
    );
    const rootHash = integrateTiles(
      source.hasher,
      base.treeSize,
      [],
      (id) => tiles.get(tileKey(id))!.hashes,
    ).root;
    if (!equalBytes(rootHash, base.rootHash)) {
      throw mismatch(`the log's tiles do not hash to the cosigned root of size ${base.treeSize}`, {
        treeSize: base.treeSize,
        expectedRoot: bytesToHex(base.rootHash),
        computedRoot: bytesToHex(rootHash),
      });
    }
    return { base, treeSize: base.treeSize, rootHash, tiles };
  });
}

function checkKnownEntries(hasher: Hasher, leafHashes: readonly Uint8Array[], tile: Tile | undefined): void {
  if (tile === undefined) return;
  const hashes = tileHashes(hasher, tile);
  hashes.forEach((expected, i) => {
    const computed = leafHashes[i]!;
    if (!equalBytes(expected, computed)) {
      throw mismatch(`entry ${tile.index * TILE_WIDTH + i} does not hash to its leaf in the mirrored tile`, {
        leafIndex: tile.index * TILE_WIDTH + i,
        expectedLeafHash: bytesToHex(expected),
        computedLeafHash: bytesToHex(computed),
      });
    }
  });
}

/**
 * Extends `state` toward the tree of `targetSize` leaves by at most `maxBundles` entry bundles:
 * fetches them, hashes every entry, checks the entries already mirrored in the first bundle
 * against the mirror's own level-0 tile, and folds the new leaves in. Returns the new state; the
 * caller keeps the old one when this throws WITNESS_AUDIT_MISMATCH or WITNESS_AUDIT_UNAVAILABLE.
 */
export function extendMirror(
  source: MirrorSource,
  state: MirrorState,
  targetSize: number,
  maxBundles: number,
): Promise<MirrorState> {
  if (targetSize <= state.treeSize) return Promise.resolve(state);
  const { hasher } = source;
  return mirrorOrUnavailable(async () => {
    const first = Math.floor(state.treeSize / TILE_WIDTH);
    const last = Math.min(Math.floor((targetSize - 1) / TILE_WIDTH), first + maxBundles - 1);
    const bundles = await source.client.readEntryBundles(
      targetSize,
      first,
      last,
      source.concurrency,
      (entries) => entries.map((entry) => hasher.hashLeaf(entry)),
    );
    const skip = state.treeSize - first * TILE_WIDTH;
    checkKnownEntries(hasher, bundles[0]!.slice(0, skip), state.tiles.get(`0/${first}`));
    const leafHashes = bundles.flatMap((hashes, i) => (i === 0 ? hashes.slice(skip) : hashes));
    const integration = integrateTiles(hasher, state.treeSize, leafHashes, (id) =>
      state.tiles.get(tileKey(id))!.hashes.slice(0, id.width * hasher.size),
    );
    const changed = new Map(integration.tiles.map((t) => [tileKey(t), t]));
    const tiles = new Map<string, Tile>();
    for (const id of partialTilesOfTree(integration.treeSize)) {
      const tile = changed.get(tileKey(id)) ?? state.tiles.get(tileKey(id));
      if (tile?.width !== id.width) {
        throw new ConsortiumError(
          'WITNESS_MIRROR_INVALID',
          `tile ${tileKey(id)} of the mirror has the wrong width`,
          {
            details: { tile: tileKey(id), width: tile?.width ?? 0, expectedWidth: id.width },
          },
        );
      }
      tiles.set(tileKey(id), tile);
    }
    return { base: state.base, treeSize: integration.treeSize, rootHash: integration.root, tiles };
  });
}

/**
 * Throws ConsortiumError WITNESS_AUDIT_MISMATCH (details: treeSize, expectedRoot, computedRoot)
 * unless the mirror, grown to the size of `checkpoint`, has its root (WITNESS_MIRROR_INVALID when
 * it holds another number of leaves).
 */
export function checkMirrorRoot(state: MirrorState, checkpoint: Checkpoint): void {
  if (state.treeSize !== checkpoint.treeSize) {
    throw new ConsortiumError(
      'WITNESS_MIRROR_INVALID',
      `the mirror holds ${state.treeSize} leaves, not ${checkpoint.treeSize}`,
      { details: { treeSize: state.treeSize, expectedTreeSize: checkpoint.treeSize } },
    );
  }
  if (!equalBytes(state.rootHash, checkpoint.rootHash)) {
    throw mismatch(
      `the log's entries do not hash to the root of its checkpoint of size ${checkpoint.treeSize}`,
      {
        treeSize: checkpoint.treeSize,
        expectedRoot: bytesToHex(checkpoint.rootHash),
        computedRoot: bytesToHex(state.rootHash),
      },
    );
  }
}
