// Jarosz, "Fast Image Convolutions", SIGGRAPH 2001: repeated X,Y passes of 1-D box filters approximate a
// tent filter. Window sizes and edge handling follow the PDQ reference (facebook/ThreatExchange,
// pdq/cpp/downscaling/downscaling.cpp): two X,Y passes, each with a window of ceil(oldSize / (2·newSize)).

/** Window of one box pass when downsampling `oldSize` pixels to `newSize` (PDQ: newSize 64). */
export function computeJaroszWindowSize(oldSize: number, newSize: number): number {
  return Math.floor((oldSize + 2 * newSize - 1) / (2 * newSize));
}

// A box average whose window shrinks at both ends instead of reading past the edge.
function boxFilterRow(
  input: Float32Array,
  output: Float32Array,
  start: number,
  length: number,
  windowSize: number,
): void {
  const halfWindow = Math.floor((windowSize + 2) / 2);
  const leadIn = halfWindow - 1;
  const growing = windowSize - halfWindow + 1;
  const full = length - windowSize;
  const tail = halfWindow - 1;
  let left = start;
  let right = start;
  let out = start;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < leadIn; i++, right++) {
    sum += input[right]!;
    count++;
  }
  for (let i = 0; i < growing; i++, right++, out++) {
    sum += input[right]!;
    count++;
    output[out] = sum / count;
  }
  for (let i = 0; i < full; i++, left++, right++, out++) {
    sum += input[right]!;
    sum -= input[left]!;
    output[out] = sum / count;
  }
  for (let i = 0; i < tail; i++, left++, out++) {
    sum -= input[left]!;
    count--;
    output[out] = sum / count;
  }
}

// The same filter down every column at once, reading rows in order instead of striding.
function boxFilterColumns(
  input: Float32Array,
  output: Float32Array,
  rows: number,
  cols: number,
  windowSize: number,
): void {
  const halfWindow = Math.floor((windowSize + 2) / 2);
  const leadIn = halfWindow - 1;
  const growing = windowSize - halfWindow + 1;
  const full = rows - windowSize;
  const tail = halfWindow - 1;
  const sums = new Float64Array(cols);
  let left = 0;
  let right = 0;
  let out = 0;
  let count = 0;
  for (let i = 0; i < leadIn; i++, right += cols) {
    for (let j = 0; j < cols; j++) sums[j]! += input[right + j]!;
    count++;
  }
  for (let i = 0; i < growing; i++, right += cols, out += cols) {
    count++;
    for (let j = 0; j < cols; j++) output[out + j] = (sums[j]! += input[right + j]!) / count;
  }
  for (let i = 0; i < full; i++, left += cols, right += cols, out += cols) {
    for (let j = 0; j < cols; j++) {
      sums[j]! += input[right + j]!;
      output[out + j] = (sums[j]! -= input[left + j]!) / count;
    }
  }
  for (let i = 0; i < tail; i++, left += cols, out += cols) {
    count--;
    for (let j = 0; j < cols; j++) output[out + j] = (sums[j]! -= input[left + j]!) / count;
  }
}

/**
 * Blurs `image` (rows × cols, row-major) in place with `passes` X,Y box-filter pairs; `scratch`
 * has the same size and is overwritten.
 */
export function applyJaroszFilter(
  image: Float32Array,
  scratch: Float32Array,
  rows: number,
  cols: number,
  windowAlongRows: number,
  windowAlongCols: number,
  passes: number,
): void {
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < rows; i++) boxFilterRow(image, scratch, i * cols, cols, windowAlongRows);
    boxFilterColumns(scratch, image, rows, cols, windowAlongCols);
  }
}

/** Samples the blurred image at the centres of an outRows × outCols grid. */
export function decimateImage(
  image: Float32Array,
  rows: number,
  cols: number,
  outRows: number,
  outCols: number,
): Float32Array {
  const out = new Float32Array(outRows * outCols);
  for (let i = 0; i < outRows; i++) {
    const sourceRow = Math.floor(((i + 0.5) * rows) / outRows);
    for (let j = 0; j < outCols; j++) {
      const sourceCol = Math.floor(((j + 0.5) * cols) / outCols);
      out[i * outCols + j] = image[sourceRow * cols + sourceCol]!;
    }
  }
  return out;
}
