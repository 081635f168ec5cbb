// A small seeded generator (mulberry32) so that every randomised test replays exactly.

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, bound), bound <= 2^32. */
  nextInt(bound: number): number;
  fill(bytes: Uint8Array): Uint8Array;
}

export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next: () => nextUint32() / 2 ** 32,
    nextInt: (bound) => Math.floor((nextUint32() / 2 ** 32) * bound),
    fill(bytes) {
      for (let i = 0; i < bytes.length; i += 4) {
        const word = nextUint32();
        for (let j = 0; j < 4 && i + j < bytes.length; j++) bytes[i + j] = (word >>> (8 * j)) & 0xff;
      }
      return bytes;
    },
  };
}
