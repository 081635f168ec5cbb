import { FingerprintError } from '../errors.ts';
import { codeWordsToBytes, computeWordsDistance, writeCodeWords, type HammingCode } from './code-words.ts';
import { compareMatches, selectNearestBySlot, type HammingId, type HammingMatch } from './matches.ts';
import { popcount32 } from './popcount.ts';
import { SubstringTables } from './substring-tables.ts';
import {
  countCombinations,
  listMasksOfWeight,
  MAX_SUBSTRING_BITS,
  planSubstrings,
  readSubstring,
  type Substring,
} from './substrings.ts';

// Multi-index hashing (Norouzi, Punjani, Fleet, "Fast Exact Search in Hamming Space with
// Multi-Index Hashing", IEEE TPAMI 36(6), 2014), exact: one table per substring; a query probes
// every substring value within the pigeonhole radius and verifies each candidate's full distance.

export interface HammingIndexOptions {
  /** Code length in bits: a multiple of 32 from 32 to 1024, e.g. 64 (ISCC units) or 256 (PDQ). */
  bits: number;
  /**
   * Number of substrings m (each at most 24 bits). A query probes ⌊r/m⌋-bit neighbourhoods of each
   * substring, so more substrings keep probing cheap at large radii while fewer keep each table's
   * lists short. By default m follows the size at each rebuild, with substrings of about log2(size)
   * bits as Norouzi et al. §5 recommend (12 bits at least).
   */
  substringCount?: number;
}

const INITIAL_CAPACITY = 1024;
const MIN_REBUILD_SLOTS = 4096;

const MIN_SUBSTRING_BITS = 12;

function chooseSubstringCount(bits: number, size: number): number {
  const substringBits = Math.min(
    MAX_SUBSTRING_BITS,
    Math.max(MIN_SUBSTRING_BITS, Math.log2(Math.max(1, size))),
  );
  return Math.max(Math.ceil(bits / MAX_SUBSTRING_BITS), Math.round(bits / substringBits));
}

function checkOptions(options: HammingIndexOptions): { bits: number; substringCount: number | undefined } {
  const bits = options?.bits;
  if (!Number.isInteger(bits) || bits < 32 || bits > 1024 || bits % 32 !== 0) {
    throw new FingerprintError(
      'INDEX_INVALID',
      'index code length must be a multiple of 32 bits, 32 to 1024',
    );
  }
  const substringCount = options.substringCount;
  if (substringCount === undefined) return { bits, substringCount };
  if (!Number.isInteger(substringCount) || substringCount < 1 || substringCount > bits) {
    throw new FingerprintError('INDEX_INVALID', `substring count must be an integer from 1 to ${bits}`);
  }
  if (Math.ceil(bits / substringCount) > MAX_SUBSTRING_BITS) {
    throw new FingerprintError(
      'INDEX_INVALID',
      `substrings of ${Math.ceil(bits / substringCount)} bits are too long; use at least ${Math.ceil(bits / MAX_SUBSTRING_BITS)} substrings`,
    );
  }
  return { bits, substringCount };
}

function checkCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new FingerprintError('INDEX_INVALID', `${name} must be a non-negative integer`, {
      details: { [name]: value },
    });
  }
}

type OnCandidate = (slot: number, distance: number, table: number, weight: number) => void;

export class HammingIndex {
  readonly bits: number;
  readonly #fixedSubstringCount: number | undefined;
  readonly #words: number;
  #substrings: Substring[];
  #tables: SubstringTables;
  #codes: Uint32Array;
  #ids: (HammingId | undefined)[] = [];
  #used = 0;
  #dead = 0;
  readonly #slotById = new Map<HammingId, number>();

  constructor(options: HammingIndexOptions, capacity = INITIAL_CAPACITY) {
    const checked = checkOptions(options);
    this.bits = checked.bits;
    this.#fixedSubstringCount = checked.substringCount;
    this.#words = this.bits >>> 5;
    this.#substrings = planSubstrings(
      this.bits,
      checked.substringCount ?? chooseSubstringCount(this.bits, 0),
    );
    this.#tables = new SubstringTables(this.#substrings);
    this.#codes = new Uint32Array(Math.max(1, capacity) * this.#words);
  }

  /** Number of substrings the tables are cut into now. */
  get substringCount(): number {
    return this.#substrings.length;
  }

  /** Number of codes held. */
  get size(): number {
    return this.#slotById.size;
  }

  has(id: HammingId): boolean {
    return this.#slotById.has(id);
  }

  /** The code stored under `id`, as bytes. */
  get(id: HammingId): Uint8Array | undefined {
    const slot = this.#slotById.get(id);
    return slot === undefined ? undefined : codeWordsToBytes(this.#codes, slot * this.#words, this.#words);
  }

  /** Stores `code` under `id`, replacing the code `id` had. Throws INDEX_INVALID for a malformed code. */
  insert(id: HammingId, code: HammingCode): void {
    const slot = this.#store(id, code);
    if (this.#tables.appendedCount >= Math.max(MIN_REBUILD_SLOTS, this.#tables.baseCount / 4))
      this.#rebuild();
    else this.#tables.append(this.#codes, this.#words, slot);
  }

  /**
   * Adds many codes at once (as at start-up, from stored codes): `codes` holds them back to back,
   * bits/8 bytes each, in the order of `ids`. Throws INDEX_INVALID and adds nothing if any is malformed.
   */
  insertPacked(ids: readonly HammingId[], codes: Uint8Array): void {
    const bytes = this.bits / 8;
    if (!(codes instanceof Uint8Array) || !Array.isArray(ids) || codes.length !== ids.length * bytes) {
      throw new FingerprintError('INDEX_INVALID', `packed codes must be ${bytes} bytes for each id`, {
        details: {
          expectedLength: ids.length * bytes,
          actualLength: (codes as { length?: unknown })?.length,
        },
      });
    }
    ids.forEach(checkId);
    this.#reserve(this.#used + ids.length);
    for (let i = 0; i < ids.length; i++) this.#store(ids[i]!, codes.subarray(i * bytes, (i + 1) * bytes));
    this.#rebuild();
  }

  /** Removes `id`; returns whether it was there. */
  delete(id: HammingId): boolean {
    const slot = this.#slotById.get(id);
    if (slot === undefined) return false;
    this.#slotById.delete(id);
    this.#ids[slot] = undefined;
    this.#dead++;
    if (this.#dead > Math.max(MIN_REBUILD_SLOTS, this.#used / 4)) this.#rebuild();
    return true;
  }

  /** Every stored code within `radius` bits of `code`, nearest first (ties by id). */
  searchRadius(code: HammingCode, radius: number): HammingMatch[] {
    checkCount(radius, 'radius');
    const query = this.#readQuery(code);
    const m = this.substringCount;
    // Norouzi et al. §3, refined pigeonhole: within r = s·m + a, one of the first a+1 substrings
    // differs by at most s bits or one of the others by at most s−1.
    const s = Math.floor(radius / m);
    const extra = radius % m;
    const radii = this.#substrings.map((sub, t) => Math.min(t <= extra ? s : s - 1, sub.length));
    let cost = 0;
    for (let t = 0; t < m; t++) cost += this.#estimateCost(t, 0, radii[t]!);
    if (cost >= this.#used / 2) return this.#scanRadius(query, radius);
    const values = this.#substrings.map((sub) => readSubstring(query, 0, sub));
    const matches: HammingMatch[] = [];
    const onCandidate: OnCandidate = (slot, distance, table) => {
      const id = this.#ids[slot];
      if (id === undefined) return;
      for (let t = 0; t < table; t++) if (this.#substringDistance(slot, t, values[t]!) <= radii[t]!) return;
      matches.push({ id, distance });
    };
    for (let t = 0; t < m; t++) {
      for (let weight = 0; weight <= radii[t]!; weight++)
        this.#probe(query, values[t]!, t, weight, radius, onCandidate);
    }
    return matches.sort(compareMatches);
  }

  /**
   * The `count` stored codes nearest to `code` within `maxDistance` bits, nearest first (ties by id).
   * Norouzi et al. §4: widen the search one substring at a time until `count` codes lie within the
   * radius already known to be complete.
   */
  searchNearest(code: HammingCode, count: number, maxDistance = this.bits): HammingMatch[] {
    checkCount(count, 'count');
    checkCount(maxDistance, 'maxDistance');
    const query = this.#readQuery(code);
    if (count === 0 || this.size === 0) return [];
    const m = this.substringCount;
    const values = this.#substrings.map((sub) => readSubstring(query, 0, sub));
    const found: { slot: number; distance: number }[] = [];
    const atDistance = new Int32Array(this.bits + 1);
    const onCandidate: OnCandidate = (slot, distance, table, weight) => {
      if (this.#ids[slot] === undefined) return;
      for (let t = 0; t < m; t++) {
        const d = this.#substringDistance(slot, t, values[t]!);
        if (d < weight || (d === weight && t < table)) return;
      }
      found.push({ slot, distance });
      atDistance[distance]!++;
    };
    let cost = 0;
    let complete = 0;
    let settled = -1;
    for (let weight = 0; weight <= MAX_SUBSTRING_BITS; weight++) {
      for (let t = 0; t < m; t++) {
        cost += this.#estimateCost(t, weight, weight);
        if (cost >= this.#used / 2) return this.#scanNearest(query, count, maxDistance);
        if (weight <= this.#substrings[t]!.length)
          this.#probe(query, values[t]!, t, weight, maxDistance, onCandidate);
        const guaranteed = Math.min(weight * m + t, maxDistance);
        while (settled < guaranteed) complete += atDistance[++settled]!;
        if (complete >= count || guaranteed === maxDistance) {
          return selectNearestBySlot(
            found.filter((f) => f.distance <= guaranteed),
            this.#ids,
            count,
          );
        }
      }
    }
    return this.#scanNearest(query, count, maxDistance);
  }

  #readQuery(code: HammingCode): Uint32Array {
    const query = new Uint32Array(this.#words);
    writeCodeWords(code, this.bits, query, 0);
    return query;
  }

  #substringDistance(slot: number, table: number, queryValue: number): number {
    return popcount32(readSubstring(this.#codes, slot * this.#words, this.#substrings[table]!) ^ queryValue);
  }

  // Expected codes read: probes times the mean list length (at least one lookup a probe).
  #estimateCost(table: number, fromWeight: number, toWeight: number): number {
    const length = this.#substrings[table]!.length;
    let probes = 0;
    for (let w = fromWeight; w <= Math.min(toWeight, length); w++) probes += countCombinations(length, w);
    return probes * Math.max(1, this.#used / 2 ** length);
  }

  // Visits every stored code whose substring `table` differs from the query's in exactly `weight`
  // bits and lies within `limit` bits overall.
  #probe(
    query: Uint32Array,
    queryValue: number,
    table: number,
    weight: number,
    limit: number,
    onCandidate: OnCandidate,
  ): void {
    const { starts, slots, heads, next, substring } = this.#tables.tables[table]!;
    const baseCount = this.#tables.baseCount;
    const codes = this.#codes;
    const words = this.#words;
    const masks = listMasksOfWeight(substring.length, weight);
    for (let i = 0; i < masks.length; i++) {
      const value = queryValue ^ masks[i]!;
      for (let k = starts[value]!, end = starts[value + 1]!; k < end; k++) {
        const slot = slots[k]!;
        const distance = computeWordsDistance(codes, slot * words, query, words, limit);
        if (distance <= limit) onCandidate(slot, distance, table, weight);
      }
      if (heads.length === 0) continue;
      for (let position = heads[value]!; position >= 0; position = next[position]!) {
        const slot = baseCount + position;
        const distance = computeWordsDistance(codes, slot * words, query, words, limit);
        if (distance <= limit) onCandidate(slot, distance, table, weight);
      }
    }
  }

  #scanRadius(query: Uint32Array, radius: number): HammingMatch[] {
    const matches: HammingMatch[] = [];
    for (let slot = 0; slot < this.#used; slot++) {
      const distance = computeWordsDistance(this.#codes, slot * this.#words, query, this.#words, radius);
      const id = this.#ids[slot];
      if (distance <= radius && id !== undefined) matches.push({ id, distance });
    }
    return matches.sort(compareMatches);
  }

  #scanNearest(query: Uint32Array, count: number, maxDistance: number): HammingMatch[] {
    const found: { slot: number; distance: number }[] = [];
    for (let slot = 0; slot < this.#used; slot++) {
      const distance = computeWordsDistance(this.#codes, slot * this.#words, query, this.#words, maxDistance);
      if (distance <= maxDistance && this.#ids[slot] !== undefined) found.push({ slot, distance });
    }
    return selectNearestBySlot(found, this.#ids, count);
  }

  #store(id: HammingId, code: HammingCode): number {
    checkId(id);
    this.#reserve(this.#used + 1);
    writeCodeWords(code, this.bits, this.#codes, this.#used * this.#words);
    const old = this.#slotById.get(id);
    if (old !== undefined) {
      this.#ids[old] = undefined;
      this.#dead++;
    }
    const slot = this.#used++;
    this.#ids[slot] = id;
    this.#slotById.set(id, slot);
    return slot;
  }

  #reserve(slots: number): void {
    if (slots * this.#words <= this.#codes.length) return;
    const codes = new Uint32Array(Math.max(slots, (this.#codes.length / this.#words) * 2) * this.#words);
    codes.set(this.#codes.subarray(0, this.#used * this.#words));
    this.#codes = codes;
  }

  // Drops deleted slots and re-sorts every table, so dead and appended entries never pile up.
  #rebuild(): void {
    const words = this.#words;
    let live = 0;
    for (let slot = 0; slot < this.#used; slot++) {
      const id = this.#ids[slot];
      if (id === undefined) continue;
      if (live !== slot) {
        this.#codes.copyWithin(live * words, slot * words, (slot + 1) * words);
        this.#ids[live] = id;
        this.#slotById.set(id, live);
      }
      live++;
    }
    this.#ids.length = live;
    this.#used = live;
    this.#dead = 0;
    const count = this.#fixedSubstringCount ?? chooseSubstringCount(this.bits, live);
    if (count !== this.#substrings.length) {
      this.#substrings = planSubstrings(this.bits, count);
      this.#tables = new SubstringTables(this.#substrings);
    }
    this.#tables.rebuild(this.#codes, words, live);
  }
}

function checkId(id: HammingId): void {
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    throw new FingerprintError('INDEX_INVALID', 'an index id is a string or a finite number');
  }
}

/** Builds an index over stored codes in one pass, sized for them up front. */
export function buildHammingIndex(
  options: HammingIndexOptions,
  ids: readonly HammingId[],
  codes: Uint8Array,
): HammingIndex {
  const index = new HammingIndex(options, Math.max(INITIAL_CAPACITY, ids.length));
  index.insertPacked(ids, codes);
  return index;
}
