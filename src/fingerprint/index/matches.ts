/** What the caller stores a code under: a work id, a row number. */
export type HammingId = string | number;

export interface HammingMatch {
  id: HammingId;
  /** Hamming distance in bits. */
  distance: number;
}

/** Orders ids: numbers ascending before strings in code-unit order. */
export function compareIds(a: HammingId, b: HammingId): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nearest first; equal distances in id order, so results are the same whatever the storage order. */
export function compareMatches(a: HammingMatch, b: HammingMatch): number {
  return a.distance - b.distance || compareIds(a.id, b.id);
}

/** The `count` best of `found`, each named by its slot's id. */
export function selectNearestBySlot(
  found: readonly { slot: number; distance: number }[],
  ids: readonly (HammingId | undefined)[],
  count: number,
): HammingMatch[] {
  return found
    .map(({ slot, distance }) => ({ id: ids[slot]!, distance }))
    .sort(compareMatches)
    .slice(0, count);
}
