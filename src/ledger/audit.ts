import { bytesToHex, equalBytes, type VerifierKey } from '../crypto/index.ts';
import {
  CompactRange,
  integrateTiles,
  partialTilesOfTree,
  TILE_WIDTH,
  type Hasher,
  type Tile,
} from '../merkle/index.ts';
import { verifyCheckpoint } from '../note/index.ts';
import { parseEntry } from './entry.ts';
import type { LedgerOptions } from './options.ts';
import type { LedgerStorage, StoredCheckpoint, StoredEntry } from './storage.ts';

export type AuditDivergenceKind =
  /** An entry row is missing (a gap), or a checkpoint covers entries that are not stored. */
  | 'entry-missing'
  /** Stored leaf bytes are not a valid canonical entry. */
  | 'entry-invalid'
  /** Stored leaf bytes do not hash to the stored leaf hash. */
  | 'leaf-hash'
  /** A stored tile differs from the tile recomputed from the entries. */
  | 'tile'
  /** A checkpoint's root differs from the root recomputed from the entries. */
  | 'checkpoint-root'
  /** A checkpoint note does not verify or does not match its stored size and root. */
  | 'checkpoint-note'
  /** The served tree head is not the latest stored checkpoint. */
  | 'tree-head';

export interface AuditDivergence {
  kind: AuditDivergenceKind;
  message: string;
  /** The first leaf the divergence affects. */
  leafIndex?: number;
  treeSize?: number;
  tile?: { level: number; index: number };
  /** What storage holds (hex for hashes). */
  expected?: string;
  /** What the entries recompute to (hex for hashes). */
  computed?: string;
}

export interface AuditReport {
  ok: boolean;
  entriesChecked: number;
  checkpointsChecked: number;
  tilesChecked: number;
  /** The first divergence in leaf order, or null. */
  divergence: AuditDivergence | null;
}

export interface AuditContext {
  storage: LedgerStorage;
  hasher: Hasher;
  origin: string;
  sequencerKey: VerifierKey;
  options: LedgerOptions;
}

const CHECKPOINT_PAGE = 256;

interface Found {
  /** First leaf the divergence affects. */
  position: number;
  /** Leaves it covers: 256^level for a tile hash, 1 otherwise. */
  span?: number;
  divergence: AuditDivergence;
}

/**
 * The divergence to report: the first in leaf order, preferring the narrowest. A higher tile
 * that differs because a leaf under it differs is not the first divergence; the leaf is.
 */
function selectFirst(found: readonly Found[]): Found {
  const covers = (outer: Found, inner: Found) =>
    inner !== outer &&
    (inner.span ?? 1) < (outer.span ?? 1) &&
    inner.position >= outer.position &&
    inner.position < outer.position + (outer.span ?? 1);
  const precise = found.filter((outer) => !found.some((inner) => covers(outer, inner)));
  return precise.reduce((a, b) =>
    b.position < a.position || (b.position === a.position && (b.span ?? 1) < (a.span ?? 1)) ? b : a,
  );
}

/** Yields stored checkpoints in tree-size order, a page at a time. */
async function* listAllCheckpoints(storage: LedgerStorage): AsyncGenerator<StoredCheckpoint> {
  let after = 0;
  for (;;) {
    const page = await storage.listCheckpoints(after, CHECKPOINT_PAGE);
    yield* page;
    if (page.length < CHECKPOINT_PAGE) return;
    after = page[page.length - 1]!.treeSize;
  }
}

function firstDifference(hasher: Hasher, stored: Uint8Array, computed: Uint8Array): number {
  const count = Math.max(stored.length, computed.length) / hasher.size;
  for (let i = 0; i < count; i++) {
    const a = stored.subarray(i * hasher.size, (i + 1) * hasher.size);
    const b = computed.subarray(i * hasher.size, (i + 1) * hasher.size);
    if (!equalBytes(a, b)) return i;
  }
  return 0;
}

/**
 * Recomputes the whole tree from the stored entries (RFC 9162 leaf hashes, C2SP tiles) and checks
 * every stored leaf hash, tile and checkpoint against it, in leaf
 * order, reporting the first divergence with the stored and the recomputed value.
 */
export async function auditLedger(context: AuditContext): Promise<AuditReport> {
  const { storage, hasher, options } = context;
  const report: AuditReport = {
    ok: true,
    entriesChecked: 0,
    checkpointsChecked: 0,
    tilesChecked: 0,
    divergence: null,
  };
  const count = await storage.countEntries();
  const head = await storage.readLatestCheckpoint();
  const integrated = head?.treeSize ?? 0;
  const chunkSize = Math.ceil(options.auditBatchEntries / TILE_WIDTH) * TILE_WIDTH;
  const range = new CompactRange(hasher);
  const partial = new Map<string, Uint8Array>();
  const checkpoints = listAllCheckpoints(storage);
  let nextCheckpoint = (await checkpoints.next()).value ?? null;
  let headSeen = head === null;

  const fail = (found: Found): AuditReport => ({ ...report, ok: false, divergence: found.divergence });

  for (let start = 0; start < count; start += chunkSize) {
    const end = Math.min(count, start + chunkSize);
    const entries = await storage.readEntries(start, end);
    const found: Found[] = [];
    const leafHashes: Uint8Array[] = [];
    for (let offset = 0; offset < end - start; offset++) {
      const leafIndex = start + offset;
      const stored = entries[offset];
      if (stored === undefined || stored.leafIndex !== leafIndex) {
        found.push({
          position: leafIndex,
          divergence: { kind: 'entry-missing', message: `entry ${leafIndex} is missing`, leafIndex },
        });
        break;
      }
      const divergence = checkEntry(context, stored);
      if (divergence !== null) found.push({ position: leafIndex, divergence });
      const leafHash = hasher.hashLeaf(stored.entry);
      leafHashes.push(leafHash);
      range.append(leafHash);
      report.entriesChecked++;
      while (nextCheckpoint !== null && nextCheckpoint.treeSize === range.treeSize) {
        const problem = checkCheckpoint(context, nextCheckpoint, range.root());
        if (problem !== null) found.push({ position: nextCheckpoint.treeSize - 1, divergence: problem });
        if (head !== null && nextCheckpoint.treeSize === head.treeSize) {
          headSeen = true;
          if (nextCheckpoint.note !== head.note) {
            found.push({
              position: head.treeSize - 1,
              divergence: {
                kind: 'tree-head',
                message: `the tree head of size ${head.treeSize} differs from the stored checkpoint of that size`,
                treeSize: head.treeSize,
                expected: head.note,
                computed: nextCheckpoint.note,
              },
            });
          }
        }
        report.checkpointsChecked++;
        nextCheckpoint = (await checkpoints.next()).value ?? null;
      }
    }
    const tileEnd = Math.min(start + leafHashes.length, integrated);
    if (tileEnd > start) {
      found.push(
        ...(await checkTiles(
          context,
          report,
          partial,
          start,
          leafHashes.slice(0, tileEnd - start),
          tileEnd === integrated,
        )),
      );
    }
    if (found.length > 0) return fail(selectFirst(found));
  }
  if (nextCheckpoint !== null) {
    return fail({
      position: count,
      divergence: {
        kind: 'entry-missing',
        message: `checkpoint ${nextCheckpoint.treeSize} covers more entries than the ${count} stored`,
        treeSize: nextCheckpoint.treeSize,
      },
    });
  }
  if (!headSeen) {
    return fail({
      position: count,
      divergence: {
        kind: 'tree-head',
        message: `the tree head of size ${integrated} has no stored checkpoint`,
        treeSize: integrated,
      },
    });
  }
  return report;
}

function checkEntry(context: AuditContext, stored: StoredEntry): AuditDivergence | null {
  const { leafIndex } = stored;
  const leafHash = context.hasher.hashLeaf(stored.entry);
  if (!equalBytes(leafHash, stored.leafHash)) {
    return {
      kind: 'leaf-hash',
      message: `entry ${leafIndex} does not hash to its stored leaf hash`,
      leafIndex,
      expected: bytesToHex(stored.leafHash),
      computed: bytesToHex(leafHash),
    };
  }
  try {
    parseEntry(stored.entry, context.options, context.origin);
  } catch (error) {
    return {
      kind: 'entry-invalid',
      message: `entry ${leafIndex} is not a valid entry: ${error instanceof Error ? error.message : String(error)}`,
      leafIndex,
    };
  }
  return null;
}

function checkCheckpoint(
  context: AuditContext,
  stored: StoredCheckpoint,
  root: Uint8Array,
): AuditDivergence | null {
  const treeSize = stored.treeSize;
  if (!equalBytes(stored.rootHash, root)) {
    return {
      kind: 'checkpoint-root',
      message: `checkpoint ${treeSize} has a root the entries do not produce`,
      treeSize,
      expected: bytesToHex(stored.rootHash),
      computed: bytesToHex(root),
    };
  }
  try {
    const { checkpoint } = verifyCheckpoint(stored.note, context.origin, context.sequencerKey);
    if (checkpoint.treeSize !== treeSize || !equalBytes(checkpoint.rootHash, root)) {
      return {
        kind: 'checkpoint-note',
        message: `the note of checkpoint ${treeSize} states size ${checkpoint.treeSize} and another root`,
        treeSize,
        expected: bytesToHex(checkpoint.rootHash),
        computed: bytesToHex(root),
      };
    }
  } catch (error) {
    return {
      kind: 'checkpoint-note',
      message: `the note of checkpoint ${treeSize} does not verify: ${error instanceof Error ? error.message : String(error)}`,
      treeSize,
    };
  }
  return null;
}

async function checkTiles(
  context: AuditContext,
  report: AuditReport,
  partial: Map<string, Uint8Array>,
  start: number,
  leafHashes: readonly Uint8Array[],
  atTreeHead: boolean,
): Promise<Found[]> {
  const { hasher, storage } = context;
  const readTile = (id: { level: number; index: number; width: number }) =>
    partial.get(`${id.level}/${id.index}`)!.slice(0, id.width * hasher.size);
  const { tiles } = integrateTiles(hasher, start, leafHashes, readTile);
  for (const tile of tiles) {
    if (tile.width === TILE_WIDTH) partial.delete(`${tile.level}/${tile.index}`);
    else partial.set(`${tile.level}/${tile.index}`, tile.hashes);
  }
  const toCheck = tiles.filter((tile) => tile.width === TILE_WIDTH || atTreeHead);
  if (atTreeHead) {
    // Every partial tile of the head, also those the last entries did not change (a level-1 tile
    // stays the same until 256 more entries complete a level-0 tile).
    const changed = new Set(toCheck.map((tile) => `${tile.level}/${tile.index}`));
    for (const id of partialTilesOfTree(start + leafHashes.length)) {
      const key = `${id.level}/${id.index}`;
      if (changed.has(key)) continue;
      toCheck.push({ ...id, hashes: partial.get(key)!.slice(0, id.width * hasher.size) });
    }
  }
  const stored = new Map(
    (await storage.readTiles(toCheck)).map((tile) => [`${tile.level}/${tile.index}`, tile]),
  );
  const found: Found[] = [];
  for (const tile of toCheck) {
    report.tilesChecked++;
    const held: Tile | undefined = stored.get(`${tile.level}/${tile.index}`);
    if (held !== undefined && held.width === tile.width && equalBytes(held.hashes, tile.hashes)) continue;
    const hash = held === undefined ? 0 : firstDifference(hasher, held.hashes, tile.hashes);
    found.push({
      position: (tile.index * TILE_WIDTH + hash) * TILE_WIDTH ** tile.level,
      span: TILE_WIDTH ** tile.level,
      divergence: {
        kind: 'tile',
        message:
          held === undefined
            ? `tile ${tile.level}/${tile.index} is missing`
            : `tile ${tile.level}/${tile.index} differs from the entries at hash ${hash} (stored width ${held.width}, computed ${tile.width})`,
        leafIndex: (tile.index * TILE_WIDTH + hash) * TILE_WIDTH ** tile.level,
        tile: { level: tile.level, index: tile.index },
        expected:
          held === undefined
            ? ''
            : bytesToHex(held.hashes.subarray(hash * hasher.size, (hash + 1) * hasher.size)),
        computed: bytesToHex(tile.hashes.subarray(hash * hasher.size, (hash + 1) * hasher.size)),
      },
    });
  }
  return found;
}
