// Bicubic resampling of 8-bit greyscale images, numerically as Pillow does it (the library iscc-sdk
// normalises images with), so image codes agree with the reference implementation:
// Pillow src/libImaging/Resample.c — precompute_coeffs, normalize_coeffs_8bpc,
// ImagingResampleHorizontal_8bpc / ImagingResampleVertical_8bpc; Keys cubic kernel with a = −0.5.

const CUBIC_A = -0.5;
const CUBIC_SUPPORT = 2;
const PRECISION_BITS = 32 - 8 - 2;
const FIXED_ONE = 2 ** PRECISION_BITS;
const FIXED_HALF = 2 ** (PRECISION_BITS - 1);

function evaluateCubic(distance: number): number {
  const x = Math.abs(distance);
  if (x < 1) return ((CUBIC_A + 2) * x - (CUBIC_A + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * CUBIC_A;
  return 0;
}

interface ResampleCoefficients {
  /** Taps per output sample (the widest window). */
  taps: number;
  /** First input index of each output sample. */
  first: Int32Array;
  /** Number of input samples used by each output sample. */
  count: Int32Array;
  /** Fixed-point weights, `taps` per output sample. */
  weights: Int32Array;
}

function computeCoefficients(inSize: number, outSize: number): ResampleCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = CUBIC_SUPPORT * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * taps);
  const raw = new Float64Array(taps);
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const start = Math.max(Math.trunc(center - support + 0.5), 0);
    const end = Math.min(Math.trunc(center + support + 0.5), inSize);
    const n = end - start;
    let total = 0;
    for (let k = 0; k < n; k++) {
      raw[k] = evaluateCubic((k + start - center + 0.5) / filterScale);
      total += raw[k]!;
    }
    for (let k = 0; k < n; k++) {
      const weight = total === 0 ? raw[k]! : raw[k]! / total;
      weights[out * taps + k] = Math.trunc(weight < 0 ? -0.5 + weight * FIXED_ONE : 0.5 + weight * FIXED_ONE);
    }
    first[out] = start;
    count[out] = n;
  }
  return { taps, first, count, weights };
}

// Sums are int32 as in Pillow: 255 × (sum of |weights| ≤ 1.2 · 2^22) stays below 2^31.
function clipFixedToByte(sum: number): number {
  const value = sum >> PRECISION_BITS;
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

function resampleRows(pixels: Uint8Array, width: number, height: number, outWidth: number): Uint8Array {
  const { taps, first, count, weights } = computeCoefficients(width, outWidth);
  const out = new Uint8Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const outRow = y * outWidth;
    for (let x = 0; x < outWidth; x++) {
      const start = row + first[x]!;
      const end = start + count[x]!;
      let w = x * taps;
      let sum = FIXED_HALF;
      for (let i = start; i < end; i++, w++) sum = (sum + pixels[i]! * weights[w]!) | 0;
      out[outRow + x] = clipFixedToByte(sum);
    }
  }
  return out;
}

function resampleColumns(pixels: Uint8Array, width: number, height: number, outHeight: number): Uint8Array {
  const { taps, first, count, weights } = computeCoefficients(height, outHeight);
  const out = new Uint8Array(width * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const w = y * taps;
    for (let x = 0; x < width; x++) {
      let sum = FIXED_HALF;
      let index = first[y]! * width + x;
      for (let k = 0; k < count[y]!; k++, index += width) sum = (sum + pixels[index]! * weights[w + k]!) | 0;
      out[y * width + x] = clipFixedToByte(sum);
    }
  }
  return out;
}

/** Resizes an 8-bit greyscale image (row-major) with Pillow's bicubic filter: horizontal pass first. */
export function resizeGreyBicubic(
  pixels: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (pixels.length !== width * height) {
    throw new RangeError(`expected ${width * height} grey pixels, got ${pixels.length}`);
  }
  const horizontal = width === outWidth ? pixels : resampleRows(pixels, width, height, outWidth);
  return height === outHeight ? horizontal : resampleColumns(horizontal, outWidth, height, outHeight);
}
