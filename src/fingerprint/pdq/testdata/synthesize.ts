/**
 * The synthetic RGB images of reference-vectors.json: smooth waves plus xorshift32 noise, so each
 * (width, height, seed) gives the same bytes on every machine.
 */
export function synthesizeRgb(width: number, height: number, seed: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  let state = seed >>> 0 || 1;
  const fx = 0.02 + (seed % 7) * 0.011;
  const fy = 0.015 + (seed % 5) * 0.013;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        const noise = (state & 31) - 16;
        const wave = 70 * Math.sin((x + 5 * c) * fx) * Math.cos(y * fy * (c + 1)) + 45 * Math.sin((x + 2 * y) * 0.01 + seed);
        rgb[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(128 + wave + noise)));
      }
    }
  }
  return rgb;
}
