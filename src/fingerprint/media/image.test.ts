import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { makeScratchDir } from '../../../test/fixtures/media/media-tools.ts';
import { buildPngBomb, buildPngHeaderOnly } from '../../../test/fixtures/media/png-bomb.ts';
import { FingerprintError } from '../errors.ts';
import { generateImageCode, isccHammingDistance } from '../iscc/index.ts';
import { extractImagePixels } from './image.ts';

const FIXTURES = new URL('../../../test/fixtures/media/', import.meta.url);
const PHOTOS = new URL('../../../test/fixtures/photos/', import.meta.url);

interface PillowVector {
  trimBox: number[] | null;
  asReleasedHex: string;
  trimmedHex: string;
}

function toHex(pixels: Uint8Array): string {
  return Buffer.from(pixels).toString('hex');
}

function isFingerprintError(code: string) {
  return (error: unknown) => {
    assert.ok(error instanceof FingerprintError, `expected a FingerprintError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

async function imageCode(input: string | Uint8Array, options = {}): Promise<string> {
  return generateImageCode((await extractImagePixels(input, options)).pixels).iscc;
}

describe('extractImagePixels', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  before(async () => {
    scratch = await makeScratchDir('image');
  });
  after(() => scratch.remove());

  it('gives exactly the pixels of iscc-sdk normalisation under Pillow, trimmed or as released', async () => {
    const reference = JSON.parse(await readFile(new URL('pillow-normalized.json', FIXTURES), 'utf8')) as {
      files: Record<string, PillowVector>;
    };
    assert.equal(Object.keys(reference.files).length, 4);
    for (const [name, vector] of Object.entries(reference.files)) {
      const path = new URL(name, FIXTURES).pathname;
      const released = await extractImagePixels(path, { imageTrimBorder: false });
      assert.equal(toHex(released.pixels), vector.asReleasedHex, `${name} as released`);
      const trimmed = await extractImagePixels(path, { imageTrimBorder: true });
      assert.equal(toHex(trimmed.pixels), vector.trimmedHex, `${name} trimmed`);
    }
  });

  it('applies the EXIF orientation before anything else', async () => {
    const { image } = await extractImagePixels(new URL('astronaut-exif-rotated.jpg', FIXTURES).pathname);
    assert.deepEqual([image.storedWidth, image.storedHeight, image.width, image.height], [64, 48, 48, 64]);
  });

  it('gives a letterboxed copy the same image code once the border is trimmed', async () => {
    const photo = new URL('coffee.jpg', PHOTOS).pathname;
    const letterboxed = await sharp(photo)
      .extend({ top: 60, bottom: 60, left: 0, right: 0, background: '#000000' })
      .png()
      .toBuffer();
    const original = await imageCode(photo);
    const trimmed = await imageCode(letterboxed, { imageTrimBorder: true });
    const untrimmed = await imageCode(letterboxed, { imageTrimBorder: false });
    const trimmedDistance = isccHammingDistance(original, trimmed);
    const untrimmedDistance = isccHammingDistance(original, untrimmed);
    console.log(
      `letterboxed coffee.jpg: distance ${trimmedDistance} trimmed, ${untrimmedDistance} untrimmed`,
    );
    assert.ok(trimmedDistance <= 4, `trimmed distance ${trimmedDistance}`);
    assert.ok(untrimmedDistance > trimmedDistance);
  });

  it('shrinks a large image to the working size with nearly the same code', async () => {
    const photo = new URL('retina.jpg', PHOTOS).pathname;
    const full = await extractImagePixels(photo);
    const reduced = await extractImagePixels(photo, { imageWorkingMaxPixels: 100_000 });
    assert.ok(reduced.image.width * reduced.image.height <= 100_000);
    assert.ok(full.image.width * full.image.height > 100_000);
    const distance = isccHammingDistance(
      generateImageCode(full.pixels).iscc,
      generateImageCode(reduced.pixels).iscc,
    );
    assert.ok(distance <= 4, `distance ${distance}`);
  });

  it('refuses a decompression bomb from its header, before decoding a pixel', async () => {
    const bomb = join(scratch.dir, 'bomb.png');
    await writeFile(bomb, await buildPngBomb(10_001, 10_001));
    const { size } = await stat(bomb);
    assert.ok(size < 200_000, `the bomb is ${size} bytes for 100,020,001 pixels`);
    await assert.rejects(extractImagePixels(bomb), (error: unknown) => {
      isFingerprintError('IMAGE_TOO_LARGE')(error);
      assert.deepEqual((error as FingerprintError).details, {
        width: 10_001,
        height: 10_001,
        pixels: 100_020_001,
        maxPixels: 100_000_000,
      });
      return true;
    });
    await assert.rejects(
      extractImagePixels(await buildPngHeaderOnly(60_000, 60_000)),
      isFingerprintError('IMAGE_TOO_LARGE'),
    );
    const photo = new URL('coffee.jpg', PHOTOS).pathname;
    await assert.rejects(
      extractImagePixels(photo, { imageMaxPixels: 1000 }),
      isFingerprintError('IMAGE_TOO_LARGE'),
    );
  });

  it('decodes the same bomb when a caller raises the limit above its size', async () => {
    const bomb = await buildPngBomb(2_000, 1_500);
    const { pixels } = await extractImagePixels(bomb, { imageMaxPixels: 3_000_000 });
    assert.ok(pixels.every((value) => value === 0));
    await assert.rejects(
      extractImagePixels(bomb, { imageMaxPixels: 2_999_999 }),
      isFingerprintError('IMAGE_TOO_LARGE'),
    );
  });

  it('says IMAGE_INVALID for bytes that are not an image', async () => {
    await assert.rejects(
      extractImagePixels(new TextEncoder().encode('just some text')),
      isFingerprintError('IMAGE_INVALID'),
    );
    await assert.rejects(extractImagePixels(new Uint8Array(0)), isFingerprintError('IMAGE_INVALID'));
    await assert.rejects(
      extractImagePixels(join(scratch.dir, 'missing.png')),
      isFingerprintError('IMAGE_INVALID'),
    );
    await assert.rejects(extractImagePixels(42 as never), isFingerprintError('IMAGE_INVALID'));
  });

  it('says IMAGE_INVALID for a truncated JPEG', async () => {
    const jpeg = await readFile(new URL('coffee.jpg', PHOTOS));
    const truncated = join(scratch.dir, 'truncated.jpg');
    await writeFile(truncated, jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    await assert.rejects(extractImagePixels(truncated), isFingerprintError('IMAGE_INVALID'));
  });
});
