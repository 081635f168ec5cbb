// ISO 24138:2024 Annex (DCT), iscc-core `dct.py`: the recursive fast DCT-II of
// https://www.nayuki.io/page/fast-discrete-cosine-transform-algorithms (unscaled).

/**
 * The divisors 2·cos((i + ½)·π / n) for each power-of-two length n, as correctly rounded doubles.
 * They are constants rather than Math.cos calls because V8's cosine differs from the C library's
 * in the last bit for two of them, and the Image-Code compares coefficients with a median.
 */
const DIVISORS: ReadonlyMap<number, readonly number[]> = new Map([
  [
    32,
    [
      1.9975909124103448, 1.978353019929562, 1.940062506389088, 1.8830881303660416, 1.8079785862468867,
      1.7154572200005442, 1.6064150629612899, 1.4819022507099182, 1.3431179096940367, 1.191398608984867,
      1.0282054883864433, 0.8551101868605644, 0.6737797067844401, 0.48596035980652796, 0.2934609489107235,
      0.09813534865483625,
    ],
  ],
  [
    16,
    [
      1.9903694533443939, 1.9138806714644176, 1.76384252869671, 1.546020906725474, 1.268786568327291,
      0.9427934736519956, 0.5805693545089247, 0.19603428065912154,
    ],
  ],
  [8, [1.9615705608064609, 1.6629392246050905, 1.1111404660392046, 0.39018064403225666]],
  [4, [1.8477590650225735, 0.7653668647301797]],
  [2, [1.4142135623730951]],
]);

/** DCT-II of `values`, whose length must be 1 or a power of two up to 32. */
export function computeDct(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 1) return [values[0]!];
  const divisors = DIVISORS.get(n)!;
  const half = n / 2;
  const alpha: number[] = new Array<number>(half);
  const beta: number[] = new Array<number>(half);
  for (let i = 0; i < half; i++) {
    const front = values[i]!;
    const back = values[n - 1 - i]!;
    alpha[i] = front + back;
    beta[i] = (front - back) / divisors[i]!;
  }
  const a = computeDct(alpha);
  const b = computeDct(beta);
  const out: number[] = [];
  for (let i = 0; i < half - 1; i++) out.push(a[i]!, b[i]! + b[i + 1]!);
  out.push(a[half - 1]!, b[half - 1]!);
  return out;
}
