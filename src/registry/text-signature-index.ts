import { base64ToBytes } from '../crypto/index.ts';
import type { TextSignature } from '../fingerprint/index.ts';

// Candidate search for text signatures (one-permutation MinHash, 256 bins of 16 bits): banded
// locality-sensitive hashing with bands of one bin (Leskovec, Rajaraman, Ullman, "Mining of Massive
// Datasets", §3.4), over the first INDEXED_BINS bins. Each indexed bin keeps an inverted list from
// its value to the texts holding it (compressed sparse rows, rebuilt as texts are added), so a
// query reads INDEXED_BINS lists instead of every signature. Two texts of Jaccard similarity J
// share no indexed bin with probability (1 − J)^64: 0.1 % at J = 0.1, the Jaccard similarity of
// equal-length texts at the containment threshold 0.18. The hit count estimates J; the caller
// confirms candidates with the full signatures.

export const INDEXED_BINS = 64;
const BIN_COUNT = 256;
const VALUES = 1 << 16;
const MIN_REBUILD = 4096;

export interface TextCandidate {
  id: number;
  /** Indexed bins equal to the query's, of INDEXED_BINS. */
  hits: number;
  /** Containment estimated from the hits and the two shingle counts, in [0, 1]. */
  estimate: number;
}

function readIndexedBins(signature: TextSignature): Uint16Array | undefined {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(signature.minHash);
  } catch {
    return undefined;
  }
  if (bytes.length !== BIN_COUNT * 2) return undefined;
  const bins = new Uint16Array(INDEXED_BINS);
  for (let i = 0; i < INDEXED_BINS; i++) bins[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  return bins;
}

function estimateContainment(hits: number, shinglesA: number, shinglesB: number): number {
  if (hits === 0 || shinglesA === 0 || shinglesB === 0) return 0;
  const jaccard = hits / INDEXED_BINS;
  const shared = (jaccard * (shinglesA + shinglesB)) / (1 + jaccard);
  return Math.min(1, shared / Math.min(shinglesA, shinglesB));
}

export class TextSignatureIndex {
  #ids: number[] = [];
  #bins = new Uint16Array(1024 * INDEXED_BINS);
  #shingles = new Uint32Array(1024);
  #alive = new Uint8Array(1024);
  readonly #slotById = new Map<number, number>();
  #used = 0;
  /** Slots below #baseCount are in the inverted lists; later ones are scanned. */
  #baseCount = 0;
  #offsets = new Uint32Array(INDEXED_BINS * VALUES + 1);
  #postings = new Uint32Array(0);
  #counts = new Uint8Array(1024);

  get size(): number {
    return this.#slotById.size;
  }

  /**
   * Adds (or replaces) the signature of text `id`; ignores a malformed signature and returns false.
   * With `deferRebuild` (bulk loading) the inverted lists are rebuilt only by flush().
   */
  add(id: number, signature: TextSignature, deferRebuild = false): boolean {
    const bins = readIndexedBins(signature);
    if (bins === undefined || !Number.isSafeInteger(signature.shingleCount)) return false;
    this.delete(id);
    this.#reserve(this.#used + 1);
    const slot = this.#used++;
    this.#ids[slot] = id;
    this.#bins.set(bins, slot * INDEXED_BINS);
    this.#shingles[slot] = Math.min(signature.shingleCount, 0xffffffff);
    this.#alive[slot] = 1;
    this.#slotById.set(id, slot);
    if (!deferRebuild && this.#used - this.#baseCount >= Math.max(MIN_REBUILD, this.#baseCount / 64))
      this.#rebuild();
    return true;
  }

  /** Folds every text added since the last rebuild into the inverted lists. */
  flush(): void {
    if (this.#used > this.#baseCount) this.#rebuild();
  }

  delete(id: number): boolean {
    const slot = this.#slotById.get(id);
    if (slot === undefined) return false;
    this.#alive[slot] = 0;
    this.#slotById.delete(id);
    return true;
  }

  /** Texts sharing at least one indexed bin with `signature` whose estimated containment is at least `minEstimate`, best first. */
  search(signature: TextSignature, minEstimate: number, limit: number): TextCandidate[] {
    const query = readIndexedBins(signature);
    if (query === undefined || signature.shingleCount === 0) return [];
    const counts = this.#counts;
    const touched: number[] = [];
    for (let t = 0; t < INDEXED_BINS; t++) {
      const key = t * VALUES + query[t]!;
      for (let p = this.#offsets[key]!; p < this.#offsets[key + 1]!; p++) {
        const slot = this.#postings[p]!;
        const previous = counts[slot]!;
        counts[slot] = previous + 1;
        if (previous === 0) touched.push(slot);
      }
    }
    for (let slot = this.#baseCount; slot < this.#used; slot++) {
      const base = slot * INDEXED_BINS;
      let hits = 0;
      for (let t = 0; t < INDEXED_BINS; t++) if (this.#bins[base + t] === query[t]) hits++;
      if (hits > 0) {
        counts[slot] = hits;
        touched.push(slot);
      }
    }
    const found: TextCandidate[] = [];
    for (const slot of touched) {
      const hits = counts[slot]!;
      counts[slot] = 0;
      if (this.#alive[slot] !== 1) continue;
      const estimate = estimateContainment(hits, signature.shingleCount, this.#shingles[slot]!);
      if (estimate >= minEstimate) found.push({ id: this.#ids[slot]!, hits, estimate });
    }
    return found.sort((a, b) => b.estimate - a.estimate || a.id - b.id).slice(0, limit);
  }

  #reserve(slots: number): void {
    if (slots <= this.#shingles.length) return;
    const capacity = Math.max(slots, this.#shingles.length * 2);
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array>(
      old: T,
      make: (n: number) => T,
      per: number,
    ) => {
      const next = make(capacity * per);
      next.set(old);
      return next;
    };
    this.#bins = grow(this.#bins, (n) => new Uint16Array(n), INDEXED_BINS);
    this.#shingles = grow(this.#shingles, (n) => new Uint32Array(n), 1);
    this.#alive = grow(this.#alive, (n) => new Uint8Array(n), 1);
    this.#counts = new Uint8Array(capacity);
  }

  // Counting sort of (bin, value) keys: one pass to count, one to place.
  #rebuild(): void {
    let live = 0;
    for (let slot = 0; slot < this.#used; slot++) {
      if (this.#alive[slot] !== 1) continue;
      if (live !== slot) {
        this.#ids[live] = this.#ids[slot]!;
        this.#bins.copyWithin(live * INDEXED_BINS, slot * INDEXED_BINS, (slot + 1) * INDEXED_BINS);
        this.#shingles[live] = this.#shingles[slot]!;
        this.#alive[live] = 1;
        this.#slotById.set(this.#ids[live]!, live);
      }
      live++;
    }
    this.#alive.fill(0, live, this.#used);
    this.#ids.length = live;
    this.#used = live;
    const offsets = new Uint32Array(INDEXED_BINS * VALUES + 1);
    for (let slot = 0; slot < live; slot++) {
      const base = slot * INDEXED_BINS;
      for (let t = 0; t < INDEXED_BINS; t++) offsets[t * VALUES + this.#bins[base + t]! + 1]!++;
    }
    for (let key = 1; key < offsets.length; key++) offsets[key]! += offsets[key - 1]!;
    const postings = new Uint32Array(live * INDEXED_BINS);
    const cursor = offsets.slice(0, -1);
    for (let slot = 0; slot < live; slot++) {
      const base = slot * INDEXED_BINS;
      for (let t = 0; t < INDEXED_BINS; t++) postings[cursor[t * VALUES + this.#bins[base + t]!]!++] = slot;
    }
    this.#offsets = offsets;
    this.#postings = postings;
    this.#baseCount = live;
  }
}
