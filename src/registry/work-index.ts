import { decodeIscc, HammingIndex, parsePdqHex, type TextSignature } from '../fingerprint/index.ts';
import { TextSignatureIndex, type TextCandidate } from './text-signature-index.ts';

/** The codes of one work that the similarity indexes hold. */
export interface IndexedCodes {
  contentKind?: string;
  /** The ISCC Content-Code unit. */
  contentCode?: string;
  pdq?: { hash: string; quality: number };
  textSignature?: TextSignature;
}

export interface SimilarityThresholds {
  /** Most differing bits of two 64-bit Content-Codes of one kind for a near-identical work. */
  contentCodeMaxDistance: number;
  /** Most differing bits of two PDQ hashes (of 256) for a near-identical image. */
  pdqMaxDistance: number;
  /** PDQ hashes of lower quality (flat or tiny images) are neither indexed nor searched. */
  pdqMinQuality: number;
  /** Least text similarity (containment, see compareTextSignatures) for a rewrite. */
  textMinSimilarity: number;
}

export interface CodeMatch {
  id: number;
  basis: 'content-code' | 'pdq';
  distance: number;
  similarity: number;
}

const PDQ_BITS = 256;

/** Codes of one length back to back, growing as they come. */
class PackedCodes {
  readonly bytes: number;
  readonly ids: number[] = [];
  #buffer: Uint8Array;

  constructor(bytes: number) {
    this.bytes = bytes;
    this.#buffer = new Uint8Array(1024 * bytes);
  }

  push(id: number, code: Uint8Array): void {
    const offset = this.ids.length * this.bytes;
    if (offset + this.bytes > this.#buffer.length) {
      const grown = new Uint8Array(this.#buffer.length * 2);
      grown.set(this.#buffer);
      this.#buffer = grown;
    }
    this.#buffer.set(code.subarray(0, this.bytes), offset);
    this.ids.push(id);
  }

  packed(): Uint8Array {
    return this.#buffer.subarray(0, this.ids.length * this.bytes);
  }
}

function decodeContentCode(code: string | undefined): { bits: number; digest: Uint8Array } | undefined {
  if (code === undefined) return undefined;
  try {
    const decoded = decodeIscc(code);
    return decoded.bits % 32 === 0 ? { bits: decoded.bits, digest: decoded.digest } : undefined;
  } catch {
    return undefined;
  }
}

function decodePdq(pdq: IndexedCodes['pdq'], minQuality: number): Uint8Array | undefined {
  if (pdq === undefined || pdq.quality < minQuality) return undefined;
  try {
    return parsePdqHex(pdq.hash);
  } catch {
    return undefined;
  }
}

/**
 * The in-memory similarity indexes of every registered work, rebuilt at start from the stored
 * codes: one Hamming index of Content-Codes per content kind and length, one of PDQ hashes, and
 * the text signature index. Ids are the storage's work ids.
 */
export class WorkIndex {
  readonly #contentIndexes = new Map<string, HammingIndex>();
  readonly #pdq = new HammingIndex({ bits: PDQ_BITS });
  readonly #text = new TextSignatureIndex();
  readonly #contentKeyById = new Map<number, string>();
  readonly #stagedContent = new Map<string, PackedCodes>();
  #stagedPdq = new PackedCodes(PDQ_BITS / 8);
  readonly #pdqMinQuality: number;

  constructor(pdqMinQuality: number) {
    this.#pdqMinQuality = pdqMinQuality;
  }

  get sizes(): { content: number; pdq: number; text: number } {
    let content = 0;
    for (const index of this.#contentIndexes.values()) content += index.size;
    return { content, pdq: this.#pdq.size, text: this.#text.size };
  }

  add(id: number, codes: IndexedCodes): void {
    const content = decodeContentCode(codes.contentCode);
    if (content !== undefined && codes.contentKind !== undefined) {
      const key = `${codes.contentKind}/${content.bits}`;
      let index = this.#contentIndexes.get(key);
      if (index === undefined) {
        index = new HammingIndex({ bits: content.bits });
        this.#contentIndexes.set(key, index);
      }
      index.insert(id, content.digest);
      this.#contentKeyById.set(id, key);
    }
    const pdq = decodePdq(codes.pdq, this.#pdqMinQuality);
    if (pdq !== undefined) this.#pdq.insert(id, pdq);
    if (codes.textSignature !== undefined) this.#text.add(id, codes.textSignature);
  }

  /**
   * Stages works for a bulk load (at start, batch by batch from storage): codes are kept packed
   * and go into the indexes, each in one pass, at flushStaged().
   */
  stageMany(works: readonly ({ id: number } & IndexedCodes)[]): void {
    for (const work of works) {
      const code = decodeContentCode(work.contentCode);
      if (code !== undefined && work.contentKind !== undefined) {
        const key = `${work.contentKind}/${code.bits}`;
        let staged = this.#stagedContent.get(key);
        if (staged === undefined) {
          staged = new PackedCodes(code.bits / 8);
          this.#stagedContent.set(key, staged);
        }
        staged.push(work.id, code.digest);
        this.#contentKeyById.set(work.id, key);
      }
      const pdq = decodePdq(work.pdq, this.#pdqMinQuality);
      if (pdq !== undefined) this.#stagedPdq.push(work.id, pdq);
      if (work.textSignature !== undefined) this.#text.add(work.id, work.textSignature, true);
    }
  }

  flushStaged(): void {
    for (const [key, staged] of this.#stagedContent) {
      let index = this.#contentIndexes.get(key);
      if (index === undefined) {
        index = new HammingIndex({ bits: staged.bytes * 8 }, Math.max(1024, staged.ids.length));
        this.#contentIndexes.set(key, index);
      }
      index.insertPacked(staged.ids, staged.packed());
    }
    this.#stagedContent.clear();
    if (this.#stagedPdq.ids.length > 0) this.#pdq.insertPacked(this.#stagedPdq.ids, this.#stagedPdq.packed());
    this.#stagedPdq = new PackedCodes(PDQ_BITS / 8);
    this.#text.flush();
  }

  /** Adds many works at once. */
  addMany(works: readonly ({ id: number } & IndexedCodes)[]): void {
    this.stageMany(works);
    this.flushStaged();
  }

  delete(id: number): void {
    const key = this.#contentKeyById.get(id);
    if (key !== undefined) {
      this.#contentIndexes.get(key)?.delete(id);
      this.#contentKeyById.delete(id);
    }
    this.#pdq.delete(id);
    this.#text.delete(id);
  }

  /** Works whose Content-Code (same kind) or PDQ hash lies within the thresholds, nearest first. */
  findCodeMatches(codes: IndexedCodes, thresholds: SimilarityThresholds): CodeMatch[] {
    const matches: CodeMatch[] = [];
    const content = decodeContentCode(codes.contentCode);
    if (content !== undefined && codes.contentKind !== undefined) {
      const index = this.#contentIndexes.get(`${codes.contentKind}/${content.bits}`);
      for (const match of index?.searchRadius(content.digest, thresholds.contentCodeMaxDistance) ?? []) {
        matches.push({
          id: match.id as number,
          basis: 'content-code',
          distance: match.distance,
          similarity: (content.bits - match.distance) / content.bits,
        });
      }
    }
    const pdq = decodePdq(codes.pdq, thresholds.pdqMinQuality);
    if (pdq !== undefined) {
      for (const match of this.#pdq.searchRadius(pdq, thresholds.pdqMaxDistance)) {
        matches.push({
          id: match.id as number,
          basis: 'pdq',
          distance: match.distance,
          similarity: (PDQ_BITS - match.distance) / PDQ_BITS,
        });
      }
    }
    return matches;
  }

  /** Texts that may be rewrites of this one; the caller confirms them with the full signatures. */
  findTextCandidates(signature: TextSignature, minSimilarity: number, limit: number): TextCandidate[] {
    return this.#text.search(signature, minSimilarity / 2, limit);
  }
}
