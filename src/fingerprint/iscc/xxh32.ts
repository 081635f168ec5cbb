// xxHash32 (XXH32), https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md: the feature
// hash of the Text-Code n-grams and the Data-Code chunks. Reads a byte range in place.

const PRIME1 = 0x9e3779b1;
const PRIME2 = 0x85ebca77;
const PRIME3 = 0xc2b2ae3d;
const PRIME4 = 0x27d4eb2f;
const PRIME5 = 0x165667b1;

function readUint32(bytes: Uint8Array, i: number): number {
  return bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
}

function accumulate(lane: number, input: number): number {
  const mixed = (lane + Math.imul(input, PRIME2)) | 0;
  return Math.imul((mixed << 13) | (mixed >>> 19), PRIME1);
}

/** XXH32 of `bytes[start, end)` as an unsigned 32-bit integer. */
export function xxh32(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  let i = start;
  let hash: number;
  if (end - start >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) | 0;
    let v2 = (seed + PRIME2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME1) | 0;
    const limit = end - 16;
    while (i <= limit) {
      v1 = accumulate(v1, readUint32(bytes, i));
      v2 = accumulate(v2, readUint32(bytes, i + 4));
      v3 = accumulate(v3, readUint32(bytes, i + 8));
      v4 = accumulate(v4, readUint32(bytes, i + 12));
      i += 16;
    }
    hash =
      (((v1 << 1) | (v1 >>> 31)) +
        ((v2 << 7) | (v2 >>> 25)) +
        ((v3 << 12) | (v3 >>> 20)) +
        ((v4 << 18) | (v4 >>> 14))) |
      0;
  } else {
    hash = (seed + PRIME5) | 0;
  }
  hash = (hash + (end - start)) | 0;
  while (i + 4 <= end) {
    hash = (hash + Math.imul(readUint32(bytes, i), PRIME3)) | 0;
    hash = Math.imul((hash << 17) | (hash >>> 15), PRIME4);
    i += 4;
  }
  while (i < end) {
    hash = (hash + Math.imul(bytes[i]!, PRIME5)) | 0;
    hash = Math.imul((hash << 11) | (hash >>> 21), PRIME1);
    i += 1;
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, PRIME2);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, PRIME3);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
