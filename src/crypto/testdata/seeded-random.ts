// A small seeded generator (sfc32, from PractRand) so that randomised tests and fuzzing are
// reproducible: a failure reports its seed and replays exactly.

export interface SeededRandom {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [0, bound). */
  below(bound: number): number;
  bytes(length: number): Uint8Array;
  pick<T>(items: readonly T[]): T;
}

export function createSeededRandom(seed: number): SeededRandom {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) nextUint32();
  const below = (bound: number): number => Math.floor((nextUint32() / 0x1_0000_0000) * bound);
  return {
    nextUint32,
    below,
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 4) {
        const word = nextUint32();
        out[i] = word;
        if (i + 1 < length) out[i + 1] = word >>> 8;
        if (i + 2 < length) out[i + 2] = word >>> 16;
        if (i + 3 < length) out[i + 3] = word >>> 24;
      }
      return out;
    },
    pick(items) {
      return items[below(items.length)]!;
    },
  };
}
