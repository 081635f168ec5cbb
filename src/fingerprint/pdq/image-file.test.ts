import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { isSealchainError } from '../../errors/index.ts';
import { matchPdq, matchPdqDihedral, pdqDistance } from './distance.ts';
import type { PdqDihedralHashes, PdqHash } from './hash.ts';
import { pdqDihedralFromImageFile, pdqFromImageFile } from './image-file.ts';

const PHOTO_DIR = new URL('../../../test/fixtures/photos/', import.meta.url);
const PHOTOS = ['astronaut', 'camera', 'chelsea', 'coffee', 'coins', 'hubble-deep-field', 'retina', 'rocket'];

type Edit = (image: Sharp, width: number, height: number) => Sharp;

function cropBorders(fraction: number): Edit {
  return (image, width, height) => {
    const left = Math.round(width * fraction);
    const top = Math.round(height * fraction);
    return image.extract({ left, top, width: width - 2 * left, height: height - 2 * top });
  };
}

// Copies an infringer typically makes; each must stay within the match distance.
const MATCHING_EDITS: Record<string, Edit> = {
  'resize to 50%': (image, width) => image.resize({ width: Math.round(width / 2) }).jpeg(),
  'JPEG quality 40': (image) => image.jpeg({ quality: 40 }),
  'gaussian blur σ 1.5': (image) => image.blur(1.5).jpeg(),
  'brightness +10%': (image) => image.modulate({ brightness: 1.1 }).jpeg(),
  'PNG re-encode': (image) => image.png(),
};
// Rotations and mirrors change the plain hash; one of the eight dihedral variants must match.
const DIHEDRAL_EDITS: Record<string, Edit> = {
  'horizontal flip': (image) => image.flop().jpeg(),
  'vertical flip': (image) => image.flip().jpeg(),
  'rotate 90° clockwise': (image) => image.rotate(90).jpeg(),
  'rotate 180°': (image) => image.rotate(180).jpeg(),
};

interface Photo {
  name: string;
  path: string;
  width: number;
  height: number;
  hash: PdqHash;
  dihedral: PdqDihedralHashes;
}

async function hashEdit(photo: Photo, edit: Edit): Promise<PdqHash> {
  const bytes = await edit(sharp(photo.path), photo.width, photo.height).toBuffer();
  return pdqFromImageFile(new Uint8Array(bytes));
}

const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

describe('pdqFromImageFile on real photographs', () => {
  const photos: Photo[] = [];
  before(async () => {
    for (const name of PHOTOS) {
      const path = new URL(`${name}.jpg`, PHOTO_DIR).pathname;
      const { width, height } = await sharp(path).metadata();
      photos.push({
        name,
        path,
        width,
        height,
        hash: await pdqFromImageFile(path),
        dihedral: await pdqDihedralFromImageFile(path),
      });
    }
  });

  it('rates every photograph as trustworthy (quality ≥ 50)', () => {
    for (const photo of photos)
      assert.ok(photo.hash.quality >= 50, `${photo.name}: quality ${photo.hash.quality}`);
  });

  it('keeps every pair of different photographs beyond the match distance', () => {
    const distances: number[] = [];
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) {
        const distance = pdqDistance(photos[i]!.hash.hash, photos[j]!.hash.hash);
        distances.push(distance);
        assert.equal(
          matchPdq(photos[i]!.hash, photos[j]!.hash),
          false,
          `${photos[i]!.name} vs ${photos[j]!.name}`,
        );
        const dihedral = matchPdqDihedral(photos[i]!.dihedral, photos[j]!.hash);
        assert.equal(
          dihedral.matched,
          false,
          `${photos[i]!.name} vs ${photos[j]!.name} (${dihedral.transform})`,
        );
      }
    }
    console.log(`different photographs: distances ${Math.min(...distances)}–${Math.max(...distances)}`);
  });

  for (const [label, edit] of Object.entries(MATCHING_EDITS)) {
    it(`matches each photograph after ${label}`, async () => {
      const distances: string[] = [];
      for (const photo of photos) {
        const edited = await hashEdit(photo, edit);
        distances.push(`${photo.name} ${pdqDistance(photo.hash.hash, edited.hash)}`);
        assert.ok(matchPdq(photo.hash, edited), `${photo.name} after ${label}: ${distances.at(-1)}`);
      }
      console.log(`${label}: ${distances.join(', ')}`);
    });
  }

  for (const [label, edit] of Object.entries(DIHEDRAL_EDITS)) {
    it(`matches each photograph after a ${label} through its dihedral variants`, async () => {
      const distances: string[] = [];
      for (const photo of photos) {
        const edited = await hashEdit(photo, edit);
        const match = matchPdqDihedral(photo.dihedral, edited);
        distances.push(`${photo.name} ${match.distance} (${match.transform})`);
        assert.ok(match.matched, `${photo.name} after ${label}: ${distances.at(-1)}`);
      }
      console.log(`${label}: ${distances.join(', ')}`);
    });
  }

  // PDQ compares DCT phases over the whole frame, so a crop that moves the frame edges shifts every
  // coefficient: light crops survive, a 5% border crop does not (reference behaviour, not a defect).
  it('matches each photograph after a 1% border crop but not after a 5% border crop', async () => {
    const light: string[] = [];
    const heavy: string[] = [];
    for (const photo of photos) {
      const lightCrop = await hashEdit(photo, (image, w, h) => cropBorders(0.01)(image, w, h).jpeg());
      const heavyCrop = await hashEdit(photo, (image, w, h) => cropBorders(0.05)(image, w, h).jpeg());
      light.push(`${photo.name} ${pdqDistance(photo.hash.hash, lightCrop.hash)}`);
      heavy.push(`${photo.name} ${pdqDistance(photo.hash.hash, heavyCrop.hash)}`);
      assert.ok(matchPdq(photo.hash, lightCrop), `${photo.name} 1% crop: ${light.at(-1)}`);
      assert.equal(matchPdqDihedral(photo.dihedral, heavyCrop).matched, false, `${photo.name} 5% crop`);
    }
    console.log(`1% border crop: ${light.join(', ')}`);
    console.log(`5% border crop: ${heavy.join(', ')}`);
  });
});

describe('pdqFromImageFile input checks', () => {
  it('rejects bytes that are not an image with IMAGE_INVALID', async () => {
    await assert.rejects(
      pdqFromImageFile(new TextEncoder().encode('not an image at all')),
      hasCode('IMAGE_INVALID'),
    );
  });

  it('rejects a missing file with FILE_UNREADABLE and zero bytes with FILE_EMPTY', async () => {
    await assert.rejects(pdqFromImageFile('/nonexistent/photo.jpg'), hasCode('FILE_UNREADABLE'));
    await assert.rejects(pdqFromImageFile(new Uint8Array(0)), hasCode('FILE_EMPTY'));
  });

  it('refuses an image whose header declares too many pixels, before decoding it, with IMAGE_TOO_LARGE', async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
        .png()
        .toBuffer(),
    );
    const view = new DataView(png.buffer, png.byteOffset);
    view.setUint32(16, 200_000);
    view.setUint32(20, 150_000);
    view.setUint32(29, crc32(png.subarray(12, 29)));
    await assert.rejects(pdqFromImageFile(png), (error: unknown) => {
      const details = (error as { details?: { width?: number; height?: number } }).details;
      return hasCode('IMAGE_TOO_LARGE')(error) && details?.width === 200_000 && details.height === 150_000;
    });
  });

  it('applies a lower pixel limit given as an option', async () => {
    const path = new URL('coins.jpg', PHOTO_DIR).pathname;
    await assert.rejects(pdqFromImageFile(path, { maxInputPixels: 100_000 }), hasCode('IMAGE_TOO_LARGE'));
    assert.equal((await pdqFromImageFile(path, { maxInputPixels: 120_000 })).quality, 100);
  });

  it('composes transparency over white and follows EXIF orientation', async () => {
    const opaque = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ffffff' } })
      .composite([
        {
          input: Buffer.from('<svg width="30" height="20"><rect width="30" height="20"/></svg>'),
          left: 5,
          top: 5,
        },
      ])
      .png()
      .toBuffer();
    const transparent = await sharp({
      create: { width: 64, height: 48, channels: 4, background: '#00000000' },
    })
      .composite([
        {
          input: Buffer.from('<svg width="30" height="20"><rect width="30" height="20"/></svg>'),
          left: 5,
          top: 5,
        },
      ])
      .png()
      .toBuffer();
    const a = await pdqFromImageFile(new Uint8Array(opaque));
    const b = await pdqFromImageFile(new Uint8Array(transparent));
    assert.equal(pdqDistance(a.hash, b.hash), 0);

    const rotatedPixels = await sharp(opaque).rotate(90).toBuffer();
    const tagged = async (orientation: number) =>
      pdqFromImageFile(
        new Uint8Array(
          await sharp(rotatedPixels).withMetadata({ orientation }).jpeg({ quality: 95 }).toBuffer(),
        ),
      );
    const straight = await pdqFromImageFile(
      new Uint8Array(await sharp(opaque).jpeg({ quality: 95 }).toBuffer()),
    );
    assert.ok(matchPdq(await tagged(8), straight), 'orientation 8 turns the stored pixels upright');
    assert.equal(matchPdq(await tagged(1), straight), false, 'without the tag the pixels stay rotated');
  });

  it('rejects an unknown option as a caller bug', async () => {
    await assert.rejects(
      pdqFromImageFile(new Uint8Array(1), { maxPixels: 5 } as unknown as { maxInputPixels: number }),
      TypeError,
    );
  });
});
