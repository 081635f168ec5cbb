// PDQ hashing doc §"DCT" and facebook/ThreatExchange pdq/cpp/hashing/pdqhashing.cpp: only DCT-II
// coefficients 1..16 along each axis of the 64×64 image are kept (coefficient 0, the mean, is skipped).

const SIZE = 64;
const KEPT = 16;

const DCT_MATRIX = (() => {
  const matrix = new Float64Array(KEPT * SIZE);
  const scale = Math.sqrt(2 / SIZE);
  for (let i = 0; i < KEPT; i++) {
    for (let j = 0; j < SIZE; j++) {
      matrix[i * SIZE + j] = scale * Math.cos((Math.PI / 2 / SIZE) * (i + 1) * (2 * j + 1));
    }
  }
  return matrix;
})();

/** B = D·A·Dᵀ with D the 16×64 DCT matrix: a 64×64 image in, 16×16 coefficients out (row-major). */
export function computeDct64To16(image64: Float32Array): Float64Array {
  const partial = new Float64Array(KEPT * SIZE);
  for (let i = 0; i < KEPT; i++) {
    const row = i * SIZE;
    for (let j = 0; j < SIZE; j++) {
      let sum = 0;
      for (let k = 0; k < SIZE; k++) sum += DCT_MATRIX[row + k]! * image64[k * SIZE + j]!;
      partial[row + j] = sum;
    }
  }
  const out = new Float64Array(KEPT * KEPT);
  for (let i = 0; i < KEPT; i++) {
    for (let j = 0; j < KEPT; j++) {
      let sum = 0;
      for (let k = 0; k < SIZE; k++) sum += partial[i * SIZE + k]! * DCT_MATRIX[j * SIZE + k]!;
      out[i * KEPT + j] = sum;
    }
  }
  return out;
}

/**
 * The eight symmetries of the square, as the reference names them. Each maps the DCT of an image to
 * the DCT of the transformed image by transposing and negating odd-frequency coefficients, so all
 * eight hashes come from one DCT.
 */
export const PDQ_DIHEDRAL_TRANSFORMS = [
  'original',
  'rotate90',
  'rotate180',
  'rotate270',
  'flipX',
  'flipY',
  'flipPlus1',
  'flipMinus1',
] as const;
export type PdqDihedralTransform = (typeof PDQ_DIHEDRAL_TRANSFORMS)[number];

interface CoefficientRule {
  transpose: boolean;
  negate: (i: number, j: number) => boolean;
}

// Sign and transpose table of pdqhashing.cpp (dct16OriginalToRotate90 … dct16OriginalToFlipMinus1).
const RULES: Record<PdqDihedralTransform, CoefficientRule> = {
  original: { transpose: false, negate: () => false },
  rotate90: { transpose: true, negate: (_i, j) => (j & 1) === 0 },
  rotate180: { transpose: false, negate: (i, j) => ((i + j) & 1) !== 0 },
  rotate270: { transpose: true, negate: (i) => (i & 1) === 0 },
  flipX: { transpose: false, negate: (i) => (i & 1) === 0 },
  flipY: { transpose: false, negate: (_i, j) => (j & 1) === 0 },
  flipPlus1: { transpose: true, negate: () => false },
  flipMinus1: { transpose: true, negate: (i, j) => ((i + j) & 1) !== 0 },
};

export function transformDct16(dct: Float64Array, transform: PdqDihedralTransform): Float64Array {
  const rule = RULES[transform];
  const out = new Float64Array(KEPT * KEPT);
  for (let i = 0; i < KEPT; i++) {
    for (let j = 0; j < KEPT; j++) {
      const value = rule.negate(i, j) ? -dct[i * KEPT + j]! : dct[i * KEPT + j]!;
      out[rule.transpose ? j * KEPT + i : i * KEPT + j] = value;
    }
  }
  return out;
}
