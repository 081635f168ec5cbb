import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cropToGrey, findContentBox, normalizeImagePixels } from './image-normalize.ts';
import { resizeGreyBicubic } from './resample.ts';

function solidRgb(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) out.set(rgb, p * 3);
  return out;
}

describe('findContentBox', () => {
  it('keeps an image of one colour whole', () => {
    const image = { rgb: solidRgb(7, 5, [10, 20, 30]), width: 7, height: 5 };
    assert.deepEqual(findContentBox(image), { left: 0, top: 0, width: 7, height: 5 });
  });

  it('finds the box of every pixel that differs from the top-left one in any channel', () => {
    const image = { rgb: solidRgb(10, 8, [200, 30, 40]), width: 10, height: 8 };
    image.rgb[(2 * 10 + 3) * 3 + 2] = 41;
    image.rgb[(6 * 10 + 7) * 3] = 0;
    assert.deepEqual(findContentBox(image), { left: 3, top: 2, width: 5, height: 5 });
  });
});

describe('cropToGrey', () => {
  it('weighs red, green and blue as Pillow does (ITU-R 601-2, rounded)', () => {
    const image = { rgb: Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255), width: 4, height: 1 };
    assert.deepEqual([...cropToGrey(image, { left: 0, top: 0, width: 4, height: 1 })], [76, 150, 29, 255]);
  });
});

describe('resizeGreyBicubic', () => {
  it('keeps a flat image flat at any scale', () => {
    for (const [width, height] of [
      [3, 2],
      [32, 32],
      [1000, 7],
      [45, 300],
    ] as const) {
      const out = resizeGreyBicubic(new Uint8Array(width * height).fill(137), width, height, 32, 32);
      assert.ok(
        out.every((value) => value === 137),
        `${width}×${height}`,
      );
    }
  });

  it('returns the input unchanged when the size already matches', () => {
    const pixels = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7) % 256);
    assert.deepEqual(resizeGreyBicubic(pixels, 32, 32, 32, 32), pixels);
  });

  it('clamps the overshoot of the cubic kernel to 0–255 at a hard edge', () => {
    const pixels = Uint8Array.from({ length: 64 * 64 }, (_, i) => (i % 64 < 32 ? 0 : 255));
    const out = resizeGreyBicubic(pixels, 64, 64, 48, 48);
    assert.ok(out.some((value) => value === 0) && out.some((value) => value === 255));
  });

  it('rejects a pixel count that does not match the size', () => {
    assert.throws(() => resizeGreyBicubic(new Uint8Array(10), 4, 4, 2, 2), RangeError);
  });
});

describe('normalizeImagePixels', () => {
  it('gives 1024 values', () => {
    const image = { rgb: solidRgb(50, 40, [1, 2, 3]), width: 50, height: 40 };
    assert.equal(normalizeImagePixels(image, { trimBorder: true }).length, 1024);
  });
});
