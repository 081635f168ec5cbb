import { readKeyLabel } from '../accounts/index.ts';
import { bytesToUtf8 } from '../crypto/index.ts';
import { formatEntryId, readStoredEntry, type ChainHandle } from './chain.ts';
import { ServiceError } from './errors.ts';
import { formatOwnEntriesCursor, type OwnEntriesCursor } from './own-entries-cursor.ts';

// "My entries" (GET /v1/me/entries): the entries a person made under their own name and with their
// own API keys, on every chain asked for, newest first, a page at a time. Each chain is read
// through its index of entries per unit (never by scanning entries); the chains' pages are merged
// by sequencer time.

export interface OwnEntry {
  chain: string;
  index: number;
  /** `<chain>:<index>`. */
  id: string;
  type: string;
  digest: string;
  /** Sequencer time, RFC 3339 UTC. */
  time: string;
  /** The principal that made the entry: the owner or one of its keys. */
  principal: string;
  /** The label of the owner's key that made it; null for the owner's own entries. */
  key: string | null;
}

export interface OwnEntriesPage {
  entries: OwnEntry[];
  /** The cursor of the next (older) page; null on the last. */
  next: string | null;
}

/** One chain's entries, newest first, as read below `start` (null: from the newest). */
export interface ChainEntriesPage {
  chain: string;
  entries: readonly OwnEntry[];
  /** True when the chain has entries older than these. */
  more: boolean;
  start: number | null;
}

/**
 * The newest `limit` entries over the chains' pages and where each chain goes on from: a k-way
 * merge by sequencer time (ties: chain name, then the higher index first) that takes from each
 * chain a prefix of its page, so that no entry is skipped or listed twice over the pages. Each
 * page must hold at least `limit` entries unless it has no more.
 */
export function mergeChainEntries(
  pages: readonly ChainEntriesPage[],
  limit: number,
): { entries: OwnEntry[]; positions: Map<string, number> } {
  const taken = new Map<string, number>(pages.map((page) => [page.chain, 0]));
  const entries: OwnEntry[] = [];
  while (entries.length < limit) {
    let best: ChainEntriesPage | undefined;
    for (const page of pages) {
      const head = page.entries[taken.get(page.chain)!];
      if (head === undefined) continue;
      const bestHead = best === undefined ? undefined : best.entries[taken.get(best.chain)!]!;
      if (
        bestHead === undefined ||
        head.time > bestHead.time ||
        (head.time === bestHead.time && head.chain < bestHead.chain)
      ) {
        best = page;
      }
    }
    if (best === undefined) break;
    entries.push(best.entries[taken.get(best.chain)!]!);
    taken.set(best.chain, taken.get(best.chain)! + 1);
  }
  const positions = new Map<string, number>();
  for (const page of pages) {
    const count = taken.get(page.chain)!;
    if (count === page.entries.length && !page.more) continue;
    if (count > 0) positions.set(page.chain, page.entries[count - 1]!.index);
    else positions.set(page.chain, page.start ?? page.entries[0]!.index + 1);
  }
  return { entries, positions };
}

function readEntryFields(bytes: Uint8Array): { type: string; digest: string; time: string } {
  const entry = JSON.parse(bytesToUtf8(bytes)) as { type?: unknown; digest?: unknown; time?: unknown };
  return { type: String(entry.type), digest: String(entry.digest), time: String(entry.time) };
}

/** At most `limit` of the entries of `names` on `chain` below `before`, and whether more are older. */
export async function readChainEntriesPage(
  chain: ChainHandle,
  owner: string,
  names: readonly string[],
  before: number | null,
  limit: number,
): Promise<ChainEntriesPage> {
  await chain.indexer.catchUp();
  const rows = await chain.index.listUnitEntries(chain.origin, names, before, limit + 1);
  const entries = await Promise.all(
    rows.slice(0, limit).map(async (row) => ({
      chain: chain.name,
      index: row.leafIndex,
      id: formatEntryId(chain.name, row.leafIndex),
      ...readEntryFields((await readStoredEntry(chain, row.leafIndex)).entry),
      principal: row.unit,
      key: readKeyLabel(owner, row.unit),
    })),
  );
  return { chain: chain.name, entries, more: rows.length > limit, start: before };
}

export interface OwnEntriesRequest {
  /** The chains to list, all of this node's or the one asked for. */
  chains: readonly ChainHandle[];
  /** The caller's principal name. */
  owner: string;
  /** The names the caller acts under: its own and its keys' (listOwnPrincipalNames). */
  names: readonly string[];
  /** Where the previous page ended; null for the first page. */
  cursor: OwnEntriesCursor | null;
  limit: number;
}

/** A page of the caller's own entries over `chains`; REQUEST_INVALID for a cursor of other chains. */
export async function listOwnEntries(request: OwnEntriesRequest): Promise<OwnEntriesPage> {
  const served = new Set(request.chains.map((chain) => chain.name));
  for (const chain of request.cursor?.keys() ?? []) {
    if (!served.has(chain)) {
      throw new ServiceError('REQUEST_INVALID', `the cursor names chain ${chain}, which is not listed here`, {
        details: { field: 'cursor', chain },
      });
    }
  }
  const listed = request.chains.filter((chain) => request.cursor === null || request.cursor.has(chain.name));
  const pages = await Promise.all(
    listed.map((chain) =>
      readChainEntriesPage(
        chain,
        request.owner,
        request.names,
        request.cursor?.get(chain.name) ?? null,
        request.limit,
      ),
    ),
  );
  const { entries, positions } = mergeChainEntries(pages, request.limit);
  return { entries, next: formatOwnEntriesCursor(positions) };
}
