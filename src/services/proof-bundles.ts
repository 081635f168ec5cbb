import { bytesToHex, bytesToUtf8 } from '../crypto/index.ts';
import { LruCache, type StoredEntry } from '../ledger/index.ts';
import { BUNDLE_FORMAT, type ProofBundle } from '../verify/index.ts';
import { readBundleHead, type BundleHead, type BundleWait } from './bundle-heads.ts';
import { readStoredEntry, requireEntry, type ChainHandle } from './chain.ts';
import { isEntryFinal } from './finality.ts';

// The one reader of proof bundles (DESIGN.md "Proof bundle"): every answer that carries a bundle
// (the bundle route, certificates, registrations, captures, verifications) reads it here. A bundle
// under a final checkpoint never changes while that checkpoint's note stays the same, so it is
// kept, serialised, in a bounded cache per chain: repeated reads skip storage and JSON encoding.

export interface ProofBundleOptions {
  /** Final bundles kept per chain (entries; a bundle is a few kilobytes). */
  cachedFinalBundles: number;
}

export const DEFAULT_PROOF_BUNDLE_OPTIONS: Readonly<ProofBundleOptions> = Object.freeze({
  cachedFinalBundles: 4096,
});

/** A bundle as read: shared with other readers when final, so callers MUST NOT change it. */
export interface ReadBundle {
  readonly bundle: Readonly<ProofBundle>;
  readonly head: BundleHead;
  /** The bundle as JSON (serialised once per cached bundle). */
  readonly toJson: () => string;
}

interface CachedBundle {
  note: string;
  bundle: ProofBundle;
  json: string | undefined;
}

const caches = new WeakMap<ChainHandle, LruCache<CachedBundle>>();

function findCache(chain: ChainHandle): LruCache<CachedBundle> {
  let cache = caches.get(chain);
  if (cache === undefined) {
    cache = new LruCache(DEFAULT_PROOF_BUNDLE_OPTIONS.cachedFinalBundles);
    caches.set(chain, cache);
  }
  return cache;
}

/**
 * The proof bundle of a stored entry under `checkpoint` (which must cover it), in the format
 * src/verify checks offline. The proof comes from the ledger's cached tiles.
 */
export async function buildProofBundle(
  chain: ChainHandle,
  stored: StoredEntry,
  checkpoint: BundleHead,
): Promise<ProofBundle> {
  const proof = await chain.ledger.proveInclusion(stored.leafIndex, checkpoint.treeSize);
  return {
    format: BUNDLE_FORMAT,
    chain: chain.name,
    origin: chain.origin,
    index: stored.leafIndex,
    entry: bytesToUtf8(stored.entry),
    leafHash: bytesToHex(stored.leafHash),
    treeSize: checkpoint.treeSize,
    inclusionProof: proof.hashes.map((hash) => bytesToHex(hash)),
    checkpoint: checkpoint.note,
    receipt: stored.receipt,
  };
}

function toRead(cached: CachedBundle, head: BundleHead): ReadBundle {
  return {
    bundle: cached.bundle,
    head,
    toJson: () => (cached.json ??= JSON.stringify(cached.bundle)),
  };
}

/** The bundle of entry `leafIndex` under `head`: from the cache when the entry is final under it. */
export async function readBundleUnder(
  chain: ChainHandle,
  leafIndex: number,
  head: BundleHead,
): Promise<ReadBundle> {
  const cacheable = isEntryFinal(head, leafIndex, chain.trusted.quorum);
  const cache = findCache(chain);
  const key = String(leafIndex);
  const hit = cacheable ? cache.get(key) : undefined;
  if (hit !== undefined && hit.note === head.note) return toRead(hit, head);
  const bundle = await buildProofBundle(chain, await readStoredEntry(chain, leafIndex), head);
  const built: CachedBundle = { note: head.note, bundle, json: undefined };
  if (cacheable) cache.set(key, built);
  return toRead(built, head);
}

/**
 * The bundle of entry `leafIndex` under the head readBundleHead picks (see there for `wait`);
 * ENTRY_NOT_FOUND beyond the chain's size, null when no checkpoint covers the entry in time.
 */
export async function readProofBundle(
  chain: ChainHandle,
  leafIndex: number,
  wait: BundleWait | undefined,
  timeoutMs: number,
): Promise<ReadBundle | null> {
  requireEntry(chain, leafIndex);
  const head = await readBundleHead(chain, leafIndex, wait, timeoutMs);
  return head === null ? null : readBundleUnder(chain, leafIndex, head);
}

/**
 * The bundle of entry `leafIndex` under a checkpoint it is final under, waiting up to `waitMs` for
 * one; null while the entry is not final. ENTRY_NOT_FOUND beyond the chain's size.
 */
export async function readFinalBundle(
  chain: ChainHandle,
  leafIndex: number,
  waitMs: number,
): Promise<ProofBundle | null> {
  requireEntry(chain, leafIndex);
  const latest = chain.finality.latestFinal;
  const head = isEntryFinal(latest, leafIndex, chain.trusted.quorum)
    ? latest
    : waitMs > 0
      ? await readBundleHead(chain, leafIndex, 'final', waitMs)
      : null;
  if (head === null) return null;
  return (await readBundleUnder(chain, leafIndex, head)).bundle as ProofBundle;
}
