import { bytesToHex, equalBytes, type VerifierKey } from '../crypto/index.ts';
import { integrateTiles, partialTilesOfTree, TILE_WIDTH, type Hasher, type Tile } from '../merkle/index.ts';
import { NoteError, verifyCheckpoint, type Checkpoint } from '../note/index.ts';
import { ConsortiumError } from './errors.ts';
import type { TlogClient } from './tlog-client.ts';

// An audit of a whole log from outside, through its C2SP tlog-tiles read API
// (https://c2sp.org/tlog-tiles) alone: the served checkpoint is verified against the sequencer's
// key, every entry bundle up to its size is read and hashed into RFC 9162 §2.1.1 leaf hashes,
// the tiles are recomputed from those, every hash tile the log serves for that tree is compared
// with the recomputed one, and the recomputed root with the checkpoint's. A step of bundles at a
// time, so that memory holds leaf hashes, never the whole log.

export interface ServedLogAuditOptions {
  /** Requests in flight at once (count). */
  concurrency: number;
  /** Entry bundles read before their tiles are compared (count; a step holds 32 bytes per entry). */
  bundlesPerStep: number;
}

export const DEFAULT_SERVED_LOG_AUDIT_OPTIONS: Readonly<ServedLogAuditOptions> = Object.freeze({
  concurrency: 4,
  bundlesPerStep: 64,
});

export type ServedLogDivergenceKind =
  /** The served checkpoint is not a checkpoint of the origin signed by the sequencer's key. */
  | 'checkpoint-signature'
  /** A served hash tile differs from the tile recomputed from the served entries. */
  | 'tile'
  /** The served entries recompute to another root than the checkpoint's. */
  | 'checkpoint-root';

export interface ServedLogDivergence {
  kind: ServedLogDivergenceKind;
  message: string;
  /** The first entry the divergence affects. */
  leafIndex?: number;
  /** The tile that differs; `hash` is the first of its hashes that does. */
  tile?: { level: number; index: number; width: number; hash: number };
  treeSize?: number;
  /** What the served entries recompute to (hex). */
  expected?: string;
  /** What the log served (hex). */
  served?: string;
}

export interface ServedLogAuditReport {
  ok: boolean;
  origin: string;
  /** The read API's URL prefix. */
  url: string;
  /** The size of the checkpoint audited; 0 when it did not verify. */
  treeSize: number;
  entriesChecked: number;
  entryBundlesChecked: number;
  tilesChecked: number;
  /** The first divergence in leaf order, or null. */
  divergence: ServedLogDivergence | null;
}

export interface ServedLogAuditRequest {
  readonly client: TlogClient;
  readonly hasher: Hasher;
  readonly origin: string;
  /** The sequencer's key, from the trust file. */
  readonly logKey: VerifierKey;
  readonly options?: Partial<ServedLogAuditOptions>;
  /** Told after each entry bundle hashed: the entries hashed so far, of `treeSize`. */
  readonly onProgress?: (entriesHashed: number, treeSize: number) => void;
}

interface Found {
  /** First leaf the divergence affects. */
  position: number;
  /** Leaves it covers: 256^level for a tile hash. */
  span: number;
  divergence: ServedLogDivergence;
}

function resolveOptions(options: Partial<ServedLogAuditOptions>): ServedLogAuditOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_SERVED_LOG_AUDIT_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown log audit option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_SERVED_LOG_AUDIT_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1 || value > 1024) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `log audit option ${key} must be an integer from 1 to 1024`,
        { details: { key } },
      );
    }
  }
  return resolved;
}

/**
 * The divergence to report: the first in leaf order, preferring the narrowest. A higher tile hash
 * that differs because an entry under it differs is not the first divergence; the entry is.
 */
function selectFirst(found: readonly Found[]): Found {
  const covers = (outer: Found, inner: Found) =>
    inner.span < outer.span &&
    inner.position >= outer.position &&
    inner.position < outer.position + outer.span;
  const precise = found.filter((outer) => !found.some((inner) => covers(outer, inner)));
  return precise.reduce((a, b) =>
    b.position < a.position || (b.position === a.position && b.span < a.span) ? b : a,
  );
}

function compareTile(hasher: Hasher, computed: Tile, served: Tile): Found | null {
  if (equalBytes(computed.hashes, served.hashes)) return null;
  const size = hasher.size;
  let hash = 0;
  while (
    equalBytes(
      computed.hashes.subarray(hash * size, (hash + 1) * size),
      served.hashes.subarray(hash * size, (hash + 1) * size),
    )
  )
    hash++;
  const { level, index, width } = computed;
  const span = TILE_WIDTH ** level;
  const position = (index * TILE_WIDTH + hash) * span;
  const name = `${level}/${index}${width === TILE_WIDTH ? '' : `.p/${width}`}`;
  return {
    position,
    span,
    divergence: {
      kind: 'tile',
      message:
        level === 0
          ? `entry ${position} (in entry bundle ${index}) does not hash to hash ${hash} of the served tile ${name}`
          : `hash ${hash} of the served tile ${name} differs from the one recomputed from entries ${position}–${position + span - 1}`,
      leafIndex: position,
      tile: { level, index, width, hash },
      expected: bytesToHex(computed.hashes.subarray(hash * size, (hash + 1) * size)),
      served: bytesToHex(served.hashes.subarray(hash * size, (hash + 1) * size)),
    },
  };
}

function verifyServedCheckpoint(
  request: ServedLogAuditRequest,
  note: string,
): { checkpoint: Checkpoint } | { divergence: ServedLogDivergence } {
  try {
    return { checkpoint: verifyCheckpoint(note, request.origin, request.logKey).checkpoint };
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return {
      divergence: {
        kind: 'checkpoint-signature',
        message: `the served checkpoint is not one of ${request.origin} signed by its sequencer: ${error.message} (${error.code})`,
      },
    };
  }
}

/**
 * Audits the whole log behind `request.client` as of the checkpoint it serves now; returns the
 * report, with the first divergence if any. Throws ConsortiumError TLOG_FETCH_FAILED when the read
 * API cannot be read or answers something other than the resource asked for (a tile of the wrong
 * length, a malformed entry bundle): nothing is proven either way.
 */
export async function auditServedLog(request: ServedLogAuditRequest): Promise<ServedLogAuditReport> {
  const { client, hasher } = request;
  const options = resolveOptions(request.options ?? {});
  const report: ServedLogAuditReport = {
    ok: true,
    origin: request.origin,
    url: client.prefixUrl,
    treeSize: 0,
    entriesChecked: 0,
    entryBundlesChecked: 0,
    tilesChecked: 0,
    divergence: null,
  };
  const fail = (divergence: ServedLogDivergence): ServedLogAuditReport => ({
    ...report,
    ok: false,
    divergence,
  });

  const verified = verifyServedCheckpoint(request, await client.readCheckpoint());
  if ('divergence' in verified) return fail(verified.divergence);
  const checkpoint = verified.checkpoint;
  const treeSize = checkpoint.treeSize;
  report.treeSize = treeSize;

  const partial = new Map<string, Tile>();
  const readPartial = (id: { level: number; index: number; width: number }) =>
    partial.get(`${id.level}/${id.index}`)!.hashes.slice(0, id.width * hasher.size);
  let root = hasher.emptyRoot();
  const lastBundle = Math.ceil(treeSize / TILE_WIDTH) - 1;
  for (let first = 0; first <= lastBundle; first += options.bundlesPerStep) {
    const last = Math.min(lastBundle, first + options.bundlesPerStep - 1);
    const bundles = await client.readEntryBundles(treeSize, first, last, options.concurrency, (entries) => {
      report.entriesChecked += entries.length;
      report.entryBundlesChecked++;
      request.onProgress?.(report.entriesChecked, treeSize);
      return entries.map((entry) => hasher.hashLeaf(entry));
    });
    const integration = integrateTiles(hasher, first * TILE_WIDTH, bundles.flat(), readPartial);
    root = integration.root;
    for (const tile of integration.tiles) {
      if (tile.width === TILE_WIDTH) partial.delete(`${tile.level}/${tile.index}`);
      else partial.set(`${tile.level}/${tile.index}`, tile);
    }
    const toCompare = integration.tiles.filter((tile) => tile.width === TILE_WIDTH);
    if (last === lastBundle) {
      toCompare.push(...partialTilesOfTree(treeSize).map((id) => partial.get(`${id.level}/${id.index}`)!));
    }
    const served = await client.readTiles(hasher, toCompare, options.concurrency);
    report.tilesChecked += toCompare.length;
    const found = toCompare.flatMap((tile, i) => compareTile(hasher, tile, served[i]!) ?? []);
    if (found.length > 0) return fail(selectFirst(found).divergence);
  }
  if (!equalBytes(root, checkpoint.rootHash)) {
    return fail({
      kind: 'checkpoint-root',
      message: `the served entries recompute to another root than the checkpoint of size ${treeSize}`,
      treeSize,
      expected: bytesToHex(root),
      served: bytesToHex(checkpoint.rootHash),
    });
  }
  return report;
}
