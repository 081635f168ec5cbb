import { bytesToHex, hashBytes, utf8ToBytes } from '../crypto/index.ts';
import type { AppendRequest, Entry } from '../ledger/index.ts';
import { parseCheckpoint, parseNote } from '../note/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import type { IndexedAnchor } from './chain-index-storage.ts';

// Cross-chain anchoring (DESIGN.md "Cross-chain"): a chain deposits another chain's latest final
// checkpoint as an `anchor` entry whose digest is the hash, with the depositing chain's algorithm,
// of the checkpoint note's text, exactly as src/verify's anchor check recomputes it. The note is
// also in the entry's meta, so the chain's own data says what it anchors.

export const ANCHOR_ENTRY_TYPE = 'anchor';
/** The unit of the anchor entries a sequencer writes itself; no application unit may use it. */
export const ANCHOR_UNIT = 'consortium:anchor';

export interface AnchorEntryMeta {
  /** The anchored chain's short name. */
  chain: string;
  origin: string;
  treeSize: number;
  /** The anchored checkpoint note, with its cosignatures. */
  checkpoint: string;
}

/** The digest an anchor entry on `anchoringChain` carries for `checkpointNote`. */
export function digestAnchoredCheckpoint(anchoringChain: TrustedChain, checkpointNote: string): string {
  const algorithm = anchoringChain.hashAlgorithm;
  return `${algorithm}:${bytesToHex(hashBytes(algorithm, utf8ToBytes(checkpointNote)))}`;
}

/**
 * The append request of the anchor of `checkpointNote` (a final checkpoint of `anchoredChain`) on
 * `anchoringChain`; its idempotency key makes a repeated anchor of one checkpoint a replay, except
 * a heartbeat's (`heartbeatAtMs`, the time it fired), which re-anchors an unchanged checkpoint.
 */
export function buildAnchorRequest(
  anchoringChain: TrustedChain,
  anchoredChain: TrustedChain,
  checkpointNote: string,
  treeSize: number,
  heartbeatAtMs?: number,
): AppendRequest {
  const meta: AnchorEntryMeta = {
    chain: anchoredChain.name,
    origin: anchoredChain.origin,
    treeSize,
    checkpoint: checkpointNote,
  };
  return {
    type: ANCHOR_ENTRY_TYPE,
    digest: digestAnchoredCheckpoint(anchoringChain, checkpointNote),
    unit: ANCHOR_UNIT,
    meta: { ...meta },
    idempotencyKey:
      heartbeatAtMs === undefined
        ? `anchor:${anchoredChain.origin}:${treeSize}`
        : `anchor:${anchoredChain.origin}:${treeSize}:heartbeat:${heartbeatAtMs}`,
  };
}

/**
 * The anchor an entry of `anchoringChain` records, or null when the entry is not a well-formed
 * anchor written by a sequencer (its unit, digest, and the checkpoint's origin and size must agree).
 */
export function readAnchorEntry(
  anchoringChain: TrustedChain,
  leafIndex: number,
  entry: Entry,
): IndexedAnchor | null {
  if (entry.type !== ANCHOR_ENTRY_TYPE || entry.unit !== ANCHOR_UNIT) return null;
  const { origin, treeSize, checkpoint } = entry.meta as Partial<Record<keyof AnchorEntryMeta, unknown>>;
  if (typeof origin !== 'string' || typeof checkpoint !== 'string' || !Number.isSafeInteger(treeSize))
    return null;
  if (entry.digest !== digestAnchoredCheckpoint(anchoringChain, checkpoint)) return null;
  try {
    const parsed = parseCheckpoint(parseNote(checkpoint).text);
    if (parsed.origin !== origin || parsed.treeSize !== treeSize || parsed.treeSize < 1) return null;
  } catch {
    return null;
  }
  return { leafIndex, anchoredOrigin: origin, anchoredTreeSize: treeSize as number, checkpoint };
}
