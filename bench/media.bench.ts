// Image front ends on 1-megapixel JPEGs, each beside sharp's bare decode of the same JPEGs to raw
// RGB measured in the same run: ISCC Image-Codes (decode, orient, flatten, trim, Pillow-exact
// bicubic to 32×32, DCT), PDQ hashes (pdqFromImageFile), and fingerprintFile on the files on disk.
// The JPEGs are made here from the test photographs (or synthetic pictures if there are none).
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  extractImagePixels,
  fingerprintFile,
  generateImageCode,
  pdqFromImageFile,
} from '../src/fingerprint/index.ts';
import { measureRate, percentile, printRow } from './harness.ts';

const PHOTOS = new URL('../test/fixtures/photos/', import.meta.url);
const TARGET_PIXELS = 1_000_000;
const ROUNDS = 5;
const ROUND_MS = 600;

async function resizeToMegapixel(
  source: ReturnType<typeof sharp>,
  width: number,
  height: number,
): Promise<Uint8Array> {
  const scale = Math.sqrt(TARGET_PIXELS / (width * height));
  const jpeg = await source
    .resize({ width: Math.round(width * scale), height: Math.round(height * scale), fit: 'fill' })
    .jpeg({ quality: 85 })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}

async function makeJpegs(): Promise<{ jpegs: Uint8Array[]; origin: string }> {
  const dir = PHOTOS.pathname;
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.jpg')) : [];
  if (names.length > 0) {
    const jpegs: Uint8Array[] = [];
    for (const name of names.sort()) {
      const { width, height } = await sharp(join(dir, name)).metadata();
      jpegs.push(await resizeToMegapixel(sharp(join(dir, name)), width, height));
    }
    return { jpegs, origin: `${names.length} test photographs` };
  }
  const jpegs: Uint8Array[] = [];
  for (let seed = 0; seed < 4; seed++) {
    const noise = sharp({
      create: {
        width: 400,
        height: 300,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 + seed * 10 },
      },
    });
    jpegs.push(await resizeToMegapixel(noise.blur(3 + seed), 400, 300));
  }
  return { jpegs, origin: '4 synthetic pictures (no test photographs found)' };
}

async function alternate(run: () => Promise<unknown>, baseline: () => Promise<unknown>, batch: number) {
  const rates: number[] = [];
  const baselineRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rates.push((await measureRate(run, { batch, minMs: ROUND_MS })).perSecond);
    baselineRates.push((await measureRate(baseline, { batch, minMs: ROUND_MS })).perSecond);
  }
  return { rate: percentile(rates, 50), baselineRate: percentile(baselineRates, 50) };
}

function eachInTurn(jpegs: readonly Uint8Array[], work: (jpeg: Uint8Array) => Promise<unknown>) {
  return async () => {
    for (const jpeg of jpegs) await work(jpeg);
  };
}

export async function runBench(): Promise<void> {
  const { jpegs, origin } = await makeJpegs();
  console.log(`inputs: ${origin}, re-encoded as ~1-megapixel JPEGs (quality 85), one image at a time`);
  const decode = eachInTurn(jpegs, (jpeg) => sharp(jpeg).removeAlpha().raw().toBuffer());

  const iscc = await alternate(
    eachInTurn(jpegs, async (jpeg) => generateImageCode((await extractImagePixels(jpeg)).pixels)),
    decode,
    jpegs.length,
  );
  printRow({
    name: 'ISCC Image-Code, 1 MP JPEG (decode included)',
    value: iscc.rate,
    unit: 'images/s',
    baselineName: 'sharp decode to raw RGB',
    baselineValue: iscc.baselineRate,
  });

  const pdq = await alternate(
    eachInTurn(jpegs, (jpeg) => pdqFromImageFile(jpeg)),
    decode,
    jpegs.length,
  );
  printRow({
    name: 'PDQ hash, 1 MP JPEG (decode included)',
    value: pdq.rate,
    unit: 'images/s',
    baselineName: 'sharp decode to raw RGB',
    baselineValue: pdq.baselineRate,
  });

  const dir = await mkdtemp(join(tmpdir(), 'sealchain-bench-media-'));
  try {
    const paths = await Promise.all(
      jpegs.map(async (jpeg, i) => {
        const path = join(dir, `photo-${i}.jpg`);
        await writeFile(path, jpeg);
        return path;
      }),
    );
    const files = await alternate(
      async () => {
        for (const path of paths) await fingerprintFile(path);
      },
      async () => {
        for (const path of paths) await sharp(path).removeAlpha().raw().toBuffer();
      },
      paths.length,
    );
    printRow({
      name: 'fingerprintFile, 1 MP JPEG on disk (instance, data, image code, PDQ)',
      value: files.rate,
      unit: 'images/s',
      baselineName: 'sharp decode of the file to raw RGB',
      baselineValue: files.baselineRate,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
