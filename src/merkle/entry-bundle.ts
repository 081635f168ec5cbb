import { MerkleError } from './errors.ts';
import { TILE_WIDTH } from './tile-math.ts';

// C2SP tlog-tiles entry bundles (https://c2sp.org/tlog-tiles#log-entries): the entries of one
// level-0 tile, each as a big-endian uint16 length followed by that many bytes.

export const MAX_ENTRY_SIZE_BYTES = 0xffff;
const LENGTH_PREFIX_BYTES = 2;

function invalidBundle(message: string, details: Record<string, unknown> = {}): MerkleError {
  return new MerkleError('ENTRY_BUNDLE_INVALID', message, { details });
}

/** Encodes 1 to 256 entries of at most 65,535 bytes each. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > TILE_WIDTH) {
    throw invalidBundle(`an entry bundle holds 1 to ${TILE_WIDTH} entries`);
  }
  let length = 0;
  entries.forEach((entry, i) => {
    if (!(entry instanceof Uint8Array)) throw invalidBundle(`entry ${i} is not a Uint8Array`, { entry: i });
    if (entry.length > MAX_ENTRY_SIZE_BYTES) {
      throw invalidBundle(`entry ${i} has ${entry.length} bytes, more than ${MAX_ENTRY_SIZE_BYTES}`, {
        entry: i,
        length: entry.length,
      });
    }
    length += LENGTH_PREFIX_BYTES + entry.length;
  });
  const bundle = new Uint8Array(length);
  let offset = 0;
  for (const entry of entries) {
    bundle[offset] = entry.length >> 8;
    bundle[offset + 1] = entry.length & 0xff;
    bundle.set(entry, offset + LENGTH_PREFIX_BYTES);
    offset += LENGTH_PREFIX_BYTES + entry.length;
  }
  return bundle;
}

/**
 * Decodes an entry bundle strictly: ENTRY_BUNDLE_INVALID on a truncated length or entry, no
 * entries, more than 256, or, when `expectedCount` is given (the bundle's width), another count.
 */
export function decodeEntryBundle(bundle: Uint8Array, expectedCount?: number): Uint8Array[] {
  if (!(bundle instanceof Uint8Array)) throw invalidBundle('an entry bundle must be a Uint8Array');
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bundle.length) {
    if (entries.length === TILE_WIDTH) {
      throw invalidBundle(`the bundle holds more than ${TILE_WIDTH} entries`, { offset });
    }
    if (bundle.length - offset < LENGTH_PREFIX_BYTES) {
      throw invalidBundle(`the bundle ends inside the length of entry ${entries.length}`, { offset });
    }
    const length = (bundle[offset]! << 8) | bundle[offset + 1]!;
    const start = offset + LENGTH_PREFIX_BYTES;
    if (bundle.length - start < length) {
      throw invalidBundle(`the bundle ends inside entry ${entries.length}`, {
        offset,
        length,
        available: bundle.length - start,
      });
    }
    entries.push(bundle.slice(start, start + length));
    offset = start + length;
  }
  if (entries.length === 0) throw invalidBundle('an entry bundle holds at least one entry');
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw invalidBundle(`the bundle holds ${entries.length} entries where ${expectedCount} are expected`, {
      expectedCount,
      actualCount: entries.length,
    });
  }
  return entries;
}
