import { bytesToBase64, bytesToHex, bytesToUtf8, sha256 } from '../crypto/index.ts';
import { LruCache, type StoredEntry } from '../ledger/index.ts';
import { BUNDLE_FORMAT, type ProofBundle } from '../verify/index.ts';
import { readBundleHead, type BundleHead, type BundleWait } from './bundle-heads.ts';
import { readStoredEntry, requireEntry, type ChainHandle } from './chain.ts';
import { isEntryFinal } from './finality.ts';

// The one reader of proof bundles (DESIGN.md "Proof bundle"): every answer that carries a bundle
// (the bundle route, certificates, registrations, captures, verifications) reads it here. A bundle
// under a final checkpoint never changes while that checkpoint's note stays the same, so it is
// kept with its UTF-8 JSON and ETag in a cache per chain bounded by bytes: repeated reads skip
// storage, the proof and JSON encoding.

export interface ProofBundleOptions {
  /** Bytes of final bundles kept per chain (each counted twice: the object and its JSON). */
  cachedFinalBundleBytes: number;
}

export const DEFAULT_PROOF_BUNDLE_OPTIONS: Readonly<ProofBundleOptions> = Object.freeze({
  cachedFinalBundleBytes: 64 * 1024 * 1024,
});

/** A bundle as read: shared with other readers when final, so callers MUST NOT change it. */
export interface ReadBundle {
  readonly bundle: Readonly<ProofBundle>;
  readonly head: BundleHead;
  /** The bundle as JSON (serialised once per cached bundle). */
  readonly toJson: () => string;
  /** toJson's text in UTF-8, encoded once per cached bundle: a response body. */
  readonly toBody: () => Uint8Array<ArrayBuffer>;
  /** A strong HTTP entity tag of toBody's bytes (RFC 9110 §8.8.3), quoted. */
  readonly toEtag: () => string;
}

interface CachedBundle {
  note: string;
  bundle: ProofBundle;
  body: Buffer<ArrayBuffer> | undefined;
  etag: string | undefined;
}

/** What a bundle holds in memory: its object, about the size of its JSON, and its body. */
const CACHED_BUNDLE_OVERHEAD_BYTES = 256;

function weighBundle(cached: CachedBundle): number {
  return 2 * encodeBody(cached).length + CACHED_BUNDLE_OVERHEAD_BYTES;
}

const caches = new WeakMap<ChainHandle, LruCache<CachedBundle>>();

function findCache(chain: ChainHandle): LruCache<CachedBundle> {
  let cache = caches.get(chain);
  if (cache === undefined) {
    cache = new LruCache(DEFAULT_PROOF_BUNDLE_OPTIONS.cachedFinalBundleBytes, weighBundle);
    caches.set(chain, cache);
  }
  return cache;
}

function encodeBody(cached: CachedBundle): Buffer<ArrayBuffer> {
  return (cached.body ??= Buffer.from(JSON.stringify(cached.bundle), 'utf8'));
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
    toJson: () => encodeBody(cached).toString('utf8'),
    toBody: () => encodeBody(cached),
    toEtag: () => (cached.etag ??= `"${bytesToBase64(sha256(encodeBody(cached)))}"`),
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
  const built: CachedBundle = { note: head.note, bundle, body: undefined, etag: undefined };
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
