import { bytesToHex, equalBytes, type SignerKey } from '../crypto/index.ts';
import { integrateTiles, partialTilesOfTree, type Hasher, type Tile } from '../merkle/index.ts';
import { signCheckpoint } from '../note/index.ts';
import { LedgerError } from './errors.ts';
import type { LedgerOptions } from './options.ts';
import type { LedgerStorage, StoredCheckpoint, StoredEntry } from './storage.ts';

export interface IntegratorContext {
  storage: LedgerStorage;
  signer: SignerKey;
  origin: string;
  hasher: Hasher;
  options: LedgerOptions;
  /** Rows this process committed, when it still holds all of start ≤ leafIndex < end; else null. */
  readRecent?: (start: number, end: number) => StoredEntry[] | null;
}

export interface IntegrationStep {
  checkpoint: StoredCheckpoint;
  /** Every tile written, full and partial. */
  tiles: Tile[];
}

function corrupt(message: string, details: Record<string, unknown>): LedgerError {
  return new LedgerError('STORAGE_CORRUPT', message, { details });
}

function checkEntries(
  hasher: Hasher,
  entries: readonly StoredEntry[],
  start: number,
  end: number,
): Uint8Array[] {
  if (entries.length !== end - start) {
    const missing = entries.findIndex((entry, i) => entry.leafIndex !== start + i);
    const leafIndex = missing < 0 ? start + entries.length : start + missing;
    throw corrupt(`entry ${leafIndex} is missing from storage`, { leafIndex });
  }
  return entries.map((stored, i) => {
    const leafHash = hasher.hashLeaf(stored.entry);
    if (stored.leafIndex !== start + i || !equalBytes(leafHash, stored.leafHash)) {
      throw corrupt(`entry ${start + i} does not hash to its stored leaf hash`, {
        leafIndex: start + i,
        expectedLeafHash: bytesToHex(stored.leafHash),
        computedLeafHash: bytesToHex(leafHash),
      });
    }
    return leafHash;
  });
}

async function readPartialTiles(
  storage: LedgerStorage,
  hasher: Hasher,
  treeSize: number,
): Promise<Map<string, Uint8Array>> {
  const ids = partialTilesOfTree(treeSize);
  const stored = await storage.readTiles(ids);
  const byPosition = new Map(stored.map((tile) => [`${tile.level}/${tile.index}`, tile]));
  const partial = new Map<string, Uint8Array>();
  for (const id of ids) {
    const tile = byPosition.get(`${id.level}/${id.index}`);
    if (tile === undefined || tile.width < id.width) {
      throw corrupt(`tile ${id.level}/${id.index} of width ${id.width} is missing`, { ...id });
    }
    partial.set(`${id.level}/${id.index}`, tile.hashes.slice(0, id.width * hasher.size));
  }
  return partial;
}

/**
 * One integration step (C2SP tlog-tiles, RFC 9162): folds the entries sequenced after the latest
 * checkpoint (at most maxIntegrationEntries) into tiles, signs a checkpoint of
 * the new tree, and commits all of it in one transaction. Starts from the stored state only, so
 * it is idempotent after a crash; refuses to go on if the stored tiles do not reproduce the
 * stored root. Returns null when there is nothing to integrate.
 */
export async function integrateStep(context: IntegratorContext): Promise<IntegrationStep | null> {
  const { storage, hasher, options } = context;
  const latest = await storage.readLatestCheckpoint();
  const fromSize = latest?.treeSize ?? 0;
  const count = await storage.countEntries();
  if (count <= fromSize) return null;
  const end = Math.min(count, fromSize + options.maxIntegrationEntries);
  // Rows held since their commit carry the leaf hashes the sequencer computed; rows read back from
  // storage are hashed again, so a damaged row stops integration instead of entering the tree.
  const recent = context.readRecent?.(fromSize, end) ?? null;
  const leafHashes =
    recent === null
      ? checkEntries(hasher, await storage.readEntries(fromSize, end), fromSize, end)
      : recent.map((row) => row.leafHash);

  const partial = await readPartialTiles(storage, hasher, fromSize);
  const readTile = (id: { level: number; index: number }) => partial.get(`${id.level}/${id.index}`)!;
  if (latest !== null) {
    const storedRoot = integrateTiles(hasher, fromSize, [], readTile).root;
    if (!equalBytes(storedRoot, latest.rootHash)) {
      throw corrupt(`the stored tiles do not reproduce the root of checkpoint ${fromSize}`, {
        treeSize: fromSize,
        expectedRoot: bytesToHex(latest.rootHash),
        computedRoot: bytesToHex(storedRoot),
      });
    }
  }
  const integration = integrateTiles(hasher, fromSize, leafHashes, readTile);
  const note = signCheckpoint(
    { origin: context.origin, treeSize: integration.treeSize, rootHash: integration.root, extensions: [] },
    context.signer,
  );
  const checkpoint: StoredCheckpoint = { treeSize: integration.treeSize, rootHash: integration.root, note };
  await storage.commitIntegration({ fromSize, checkpoint, tiles: integration.tiles });
  return { checkpoint, tiles: integration.tiles };
}
