import { resizeGreyBicubic } from './resample.ts';

export const ISCC_IMAGE_SIDE = 32;

export interface RgbImage {
  /** 3 bytes a pixel, row-major, no padding. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface PixelBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

function differsFromCorner(rgb: Uint8Array, offset: number): boolean {
  return rgb[offset] !== rgb[0] || rgb[offset + 1] !== rgb[1] || rgb[offset + 2] !== rgb[2];
}

// iscc-sdk image_trim_border: the top-left pixel is the border colour; the bounding box of every
// pixel that differs from it is kept. An image of one colour is kept whole.
/** The box left after trimming a uniform border, or the whole image when there is none. */
export function findContentBox(image: RgbImage): PixelBox {
  const { rgb, width, height } = image;
  let top = height;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    let first = -1;
    for (let x = 0; x < width; x++) {
      if (differsFromCorner(rgb, row + x * 3)) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let x = width - 1; x > first; x--) {
      if (differsFromCorner(rgb, row + x * 3)) {
        last = x;
        break;
      }
    }
    if (top === height) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  if (bottom < 0) return { left: 0, top: 0, width, height };
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

// Pillow's RGB → L conversion (ITU-R 601-2 luma in 16-bit fixed point, rounded): libImaging/Convert.c.
/** Greyscale pixels of a box of an RGB image. */
export function cropToGrey(image: RgbImage, box: PixelBox): Uint8Array {
  const { rgb, width } = image;
  const grey = new Uint8Array(box.width * box.height);
  let target = 0;
  for (let y = 0; y < box.height; y++) {
    let source = ((box.top + y) * width + box.left) * 3;
    const end = source + box.width * 3;
    for (; source < end; source += 3) {
      grey[target++] =
        (rgb[source]! * 19595 + rgb[source + 1]! * 38470 + rgb[source + 2]! * 7471 + 0x8000) >>> 16;
    }
  }
  return grey;
}

// iscc-sdk image_normalize after orientation and transparency fill: trim the uniform border,
// convert to greyscale, resize to 32×32 bicubic; the 1024 values feed the ISCC Image-Code.
/** The 32×32 greyscale pixels (row-major) an ISCC Image-Code is computed from. */
export function normalizeImagePixels(image: RgbImage, options: { trimBorder: boolean }): Uint8Array {
  const box = options.trimBorder
    ? findContentBox(image)
    : { left: 0, top: 0, width: image.width, height: image.height };
  const grey = cropToGrey(image, box);
  return resizeGreyBicubic(grey, box.width, box.height, ISCC_IMAGE_SIDE, ISCC_IMAGE_SIDE);
}
