// PDQ against the work it cannot avoid, in the same run: hashing decoded pixels against SHA-256 of
// the same RGB bytes, and the whole file front end (decode, orient, resample, hash) against sharp
// decoding the same JPEG to raw RGB alone.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { sha256 } from '../src/crypto/index.ts';
import { computePdq, pdqFromImageFile } from '../src/fingerprint/index.ts';
import { measureRate, percentile, printRow } from './harness.ts';

const PHOTO = new URL('../test/fixtures/photos/rocket.jpg', import.meta.url);
const ROUNDS = 5;
const ROUND_MS = 500;

async function alternate(
  run: () => unknown,
  baseline: () => unknown,
): Promise<{ rate: number; baselineRate: number }> {
  const rates: number[] = [];
  const baselineRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rates.push((await measureRate(run, { minMs: ROUND_MS })).perSecond);
    baselineRates.push((await measureRate(baseline, { minMs: ROUND_MS })).perSecond);
  }
  return { rate: percentile(rates, 50), baselineRate: percentile(baselineRates, 50) };
}

export async function runBench(): Promise<void> {
  const jpeg = new Uint8Array(readFileSync(PHOTO));
  const side = 576;
  const { data } = await sharp(jpeg)
    .resize({ width: side, height: side, fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({
      resolveWithObject: true,
    });
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

  const pixels = await alternate(
    () => computePdq(rgb, side, side),
    () => sha256(rgb),
  );
  printRow({
    name: `computePdq, ${side}×${side} RGB`,
    value: pixels.rate,
    unit: 'images/s',
    baselineName: 'SHA-256 of the same pixels',
    baselineValue: pixels.baselineRate,
  });

  const files = await alternate(
    () => pdqFromImageFile(jpeg),
    () => sharp(jpeg).removeAlpha().raw().toBuffer(),
  );
  printRow({
    name: 'pdqFromImageFile, 640×427 JPEG',
    value: files.rate,
    unit: 'images/s',
    baselineName: 'sharp decode to raw RGB',
    baselineValue: files.baselineRate,
  });
}
