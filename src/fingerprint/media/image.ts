import sharp from 'sharp';
import { FingerprintError } from '../errors.ts';
import { normalizeImagePixels, type RgbImage } from './image-normalize.ts';
import { resolveMediaOptions, type MediaOptions, type MediaOptionsInput } from './options.ts';

export interface DecodedImage extends RgbImage {
  /** Decoder's name of the format (jpeg, png, webp, gif, tiff, heif, …). */
  format: string;
  /** Pixel size of the stored image, before orientation and any working-size reduction. */
  storedWidth: number;
  storedHeight: number;
}

export interface ImagePixels {
  /** 1024 greyscale values, row-major 32×32: the input of the ISCC Image-Code. */
  pixels: Uint8Array;
  image: DecodedImage;
}

function describeInput(input: string | Uint8Array): string {
  return typeof input === 'string' ? `file ${JSON.stringify(input)}` : `${input.length}-byte input`;
}

function tooLarge(width: number, height: number, maxPixels: number, cause?: unknown): FingerprintError {
  return new FingerprintError(
    'IMAGE_TOO_LARGE',
    `the image is ${width}×${height} pixels, more than the ${maxPixels} allowed (imageMaxPixels)`,
    { cause, details: { width, height, pixels: width * height, maxPixels } },
  );
}

async function readImageHeader(input: string | Uint8Array) {
  try {
    return await sharp(input, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new FingerprintError(
      'IMAGE_INVALID',
      `the ${describeInput(input)} is not an image that can be decoded`,
      {
        cause,
      },
    );
  }
}

/**
 * Decodes an image as iscc-sdk prepares one: EXIF orientation applied, transparency composed over
 * white, sRGB, 8 bits a channel, no alpha. Images above `imageWorkingMaxPixels` are shrunk (bicubic)
 * to bound memory. The stored size is checked against `imageMaxPixels` before any pixel is decoded.
 */
export async function decodeImage(input: string | Uint8Array, options: MediaOptions): Promise<DecodedImage> {
  const header = await readImageHeader(input);
  const { width, height, format } = header;
  if (!(width > 0 && height > 0)) {
    throw new FingerprintError('IMAGE_INVALID', `the ${describeInput(input)} declares no pixel size`);
  }
  if (width * height > options.imageMaxPixels) throw tooLarge(width, height, options.imageMaxPixels);
  let pipeline = sharp(input, {
    limitInputPixels: options.imageMaxPixels,
    autoOrient: true,
    failOn: 'warning',
  });
  if (width * height > options.imageWorkingMaxPixels) {
    const factor = Math.sqrt(options.imageWorkingMaxPixels / (width * height));
    const longest = Math.max(1, Math.floor(Math.max(width, height) * factor));
    pipeline = pipeline.resize({ width: longest, height: longest, fit: 'inside', kernel: 'cubic' });
  }
  try {
    const keepAlpha = header.hasAlpha === true;
    const { data, info } = await (keepAlpha ? pipeline.ensureAlpha() : pipeline.removeAlpha())
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const count = info.width * info.height;
    const rgb =
      info.channels === 4
        ? composeOverWhite(pixels, count)
        : info.channels === 3
          ? pixels
          : expandToRgb(pixels, count, info.channels);
    return { rgb, width: info.width, height: info.height, format, storedWidth: width, storedHeight: height };
  } catch (cause) {
    if (cause instanceof Error && /pixel limit/i.test(cause.message)) {
      throw tooLarge(width, height, options.imageMaxPixels, cause);
    }
    throw new FingerprintError(
      'IMAGE_INVALID',
      `the ${describeInput(input)} could not be decoded: ${firstLine(cause)}`,
      {
        cause,
        details: { format },
      },
    );
  }
}

function firstLine(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split('\n')[0]!.slice(0, 200);
}

// Pillow Image.alpha_composite over opaque white (libImaging/AlphaComposite.c, 7 extra bits of
// precision, rounded divisions by 255), so partly transparent pixels match iscc-sdk's to the unit.
function composeOverWhite(rgba: Uint8Array, count: number): Uint8Array {
  const rgb = new Uint8Array(count * 3);
  for (let p = 0, q = 0; p < count * 4; p += 4, q += 3) {
    const alpha = rgba[p + 3]!;
    if (alpha === 0) {
      rgb.fill(255, q, q + 3);
      continue;
    }
    const blend = 255 * (255 - alpha);
    const outAlpha255 = alpha * 255 + blend;
    const coefficient1 = Math.floor((alpha * 255 * 255 * 128) / outAlpha255);
    const coefficient2 = 255 * 128 - coefficient1;
    for (let c = 0; c < 3; c++) {
      const mixed = rgba[p + c]! * coefficient1 + 255 * coefficient2 + (0x80 << 7);
      rgb[q + c] = (((mixed >>> 8) + mixed) >>> 8) >>> 7;
    }
  }
  return rgb;
}

function expandToRgb(pixels: Uint8Array, count: number, channels: number): Uint8Array {
  const rgb = new Uint8Array(count * 3);
  for (let p = 0; p < count; p++) rgb.fill(pixels[p * channels]!, p * 3, p * 3 + 3);
  return rgb;
}

/**
 * The 32×32 greyscale pixels of an image file (path) or encoded image bytes, normalised as iscc-sdk
 * does. Throws IMAGE_INVALID for anything that is not a decodable image and IMAGE_TOO_LARGE past
 * `imageMaxPixels`.
 */
export async function extractImagePixels(
  input: string | Uint8Array,
  options: MediaOptionsInput = {},
): Promise<ImagePixels> {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new FingerprintError(
      'IMAGE_INVALID',
      'an image is given as a file path or a Uint8Array of its bytes',
    );
  }
  const resolved = resolveMediaOptions(options);
  const image = await decodeImage(input, resolved);
  return { pixels: normalizeImagePixels(image, { trimBorder: resolved.imageTrimBorder }), image };
}
