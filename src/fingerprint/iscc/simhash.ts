// ISO 24138:2024 Annex (SimHash), iscc-core `simhash.py`: output bit i is set when at least half
// of the input digests have bit i set (bits numbered MSB first).

/**
 * SimHash of `count` digests of `digestLength` bytes each, laid end to end in `digests`.
 * `count` must be at least 1.
 */
export function computeSimhash(
  digests: Uint8Array,
  digestLength: number,
  count = digests.length / digestLength,
): Uint8Array {
  const counts = new Uint32Array(digestLength * 8);
  for (let d = 0; d < count; d++) {
    const base = d * digestLength;
    for (let j = 0; j < digestLength; j++) {
      const byte = digests[base + j]!;
      if (byte === 0) continue;
      const bit = j * 8;
      for (let b = 0; b < 8; b++) if ((byte & (0x80 >> b)) !== 0) counts[bit + b]! += 1;
    }
  }
  const out = new Uint8Array(digestLength);
  for (let i = 0; i < counts.length; i++) {
    if (counts[i]! * 2 >= count) out[i >> 3]! |= 0x80 >> (i & 7);
  }
  return out;
}

/** SimHash of equally long digests given one by one. */
export function computeSimhashOf(digests: readonly Uint8Array[]): Uint8Array {
  const digestLength = digests[0]!.length;
  const flat = new Uint8Array(digests.length * digestLength);
  digests.forEach((digest, index) => flat.set(digest, index * digestLength));
  return computeSimhash(flat, digestLength, digests.length);
}
