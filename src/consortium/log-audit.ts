import { bytesToHex, equalBytes, type VerifierKey } from '../crypto/index.ts';
import {
  integrateTiles,
  MerkleError,
  partialTilesOfTree,
  TILE_WIDTH,
  tileHashes,
  type Hasher,
  type Tile,
  type TileId,
} from '../merkle/index.ts';
import { verifyCheckpoint, type Checkpoint } from '../note/index.ts';
import { ConsortiumError } from './errors.ts';
import type { TlogClient } from './tlog-client.ts';

// Audit mode of a witness: before cosigning, mirror what the log serves through its C2SP
// tlog-tiles read API and recompute the new root from the entries themselves (RFC 9162 §2.1.1
// leaf hashes folded into the tree). The tree up to the size already cosigned is taken from the
// log's partial tiles, checked against the cosigned root; every entry past it is hashed here.

export interface AuditRequest {
  readonly client: TlogClient;
  readonly hasher: Hasher;
  readonly logKey: VerifierKey;
  /** The checkpoint cosigned (and audited) before, or null on first contact. */
  readonly previous: { readonly treeSize: number; readonly rootHash: Uint8Array } | null;
  /** The checkpoint to audit, its log signature already verified. */
  readonly checkpoint: Checkpoint;
  /** Entry bundles fetched at once. */
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

async function readServedCheckpoint(request: AuditRequest): Promise<void> {
  const { client, logKey, checkpoint } = request;
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

async function readTiles(request: AuditRequest, ids: readonly TileId[]): Promise<Map<string, Tile>> {
  const tiles = await request.client.readTiles(request.hasher, ids, request.concurrency);
  return new Map(tiles.map((tile) => [`${tile.level}/${tile.index}`, tile]));
}

function checkKnownEntries(hasher: Hasher, leafHashes: readonly Uint8Array[], tile: Tile | undefined): void {
  if (tile === undefined) return;
  const hashes = tileHashes(hasher, tile);
  hashes.forEach((expected, i) => {
    const computed = leafHashes[i]!;
    if (!equalBytes(expected, computed)) {
      throw mismatch(`entry ${tile.index * TILE_WIDTH + i} does not hash to its leaf in the log's tile`, {
        leafIndex: tile.index * TILE_WIDTH + i,
        expectedLeafHash: bytesToHex(expected),
        computedLeafHash: bytesToHex(computed),
      });
    }
  });
}

/**
 * Mirrors the log from `previous` to `checkpoint` and recomputes the root. Throws ConsortiumError
 * WITNESS_AUDIT_MISMATCH (details: expectedRoot, computedRoot, or the leaf that differs),
 * WITNESS_FORK_DETECTED (the log serves another signed checkpoint of this size; details.servedNote)
 * or WITNESS_AUDIT_UNAVAILABLE (the read API failed; nothing is proven either way).
 */
export async function auditCheckpoint(request: AuditRequest): Promise<void> {
  const { hasher, previous, checkpoint } = request;
  await readServedCheckpoint(request);
  const oldSize = previous?.treeSize ?? 0;
  const newSize = checkpoint.treeSize;
  if (newSize <= oldSize) return;
  try {
    const tiles = await readTiles(request, partialTilesOfTree(oldSize));
    const readTile = (id: TileId) => tiles.get(`${id.level}/${id.index}`)!.hashes;
    if (previous !== null) {
      const oldRoot = integrateTiles(hasher, oldSize, [], readTile).root;
      if (!equalBytes(oldRoot, previous.rootHash)) {
        throw mismatch(`the log's tiles do not hash to the cosigned root of size ${oldSize}`, {
          treeSize: oldSize,
          expectedRoot: bytesToHex(previous.rootHash),
          computedRoot: bytesToHex(oldRoot),
        });
      }
    }
    const first = Math.floor(oldSize / TILE_WIDTH);
    const bundles = await request.client.readEntryBundles(
      newSize,
      first,
      Math.floor((newSize - 1) / TILE_WIDTH),
      request.concurrency,
      (entries) => entries.map((entry) => hasher.hashLeaf(entry)),
    );
    const skip = oldSize - first * TILE_WIDTH;
    checkKnownEntries(hasher, bundles[0]!.slice(0, skip), tiles.get(`0/${first}`));
    const leafHashes = bundles.flatMap((hashes, i) => (i === 0 ? hashes.slice(skip) : hashes));
    const newRoot = integrateTiles(hasher, oldSize, leafHashes, readTile).root;
    if (!equalBytes(newRoot, checkpoint.rootHash)) {
      throw mismatch(`the log's entries do not hash to the root of its checkpoint of size ${newSize}`, {
        treeSize: newSize,
        expectedRoot: bytesToHex(checkpoint.rootHash),
        computedRoot: bytesToHex(newRoot),
      });
    }
  } catch (error) {
    if (error instanceof ConsortiumError && error.code === 'WITNESS_AUDIT_MISMATCH') throw error;
    if (error instanceof ConsortiumError || error instanceof MerkleError) throw unavailable(error);
    throw error;
  }
}
