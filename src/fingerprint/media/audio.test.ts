import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  haveTools,
  makeMedia,
  makeScratchDir,
  melodyExpression,
  toolsInstalled,
} from '../../../test/fixtures/media/media-tools.ts';
import { FingerprintError } from '../errors.ts';
import { generateAudioCode, isccHammingDistance } from '../iscc/index.ts';
import { extractChromaprint } from './audio.ts';

const TOOLS = ['ffmpeg', 'fpcalc'] as const;

async function audioCode(path: string): Promise<string> {
  return generateAudioCode((await extractChromaprint(path)).fingerprint).iscc;
}

function isFingerprintError(code: string) {
  return (error: unknown) => error instanceof FingerprintError && error.code === code;
}

describe('extractChromaprint', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  const files: Record<string, string> = {};
  before(async () => {
    scratch = await makeScratchDir('audio');
    if (!(await toolsInstalled(TOOLS))) return;
    const [original, unrelated] = await Promise.all([
      makeMedia(scratch.dir, 'melody.wav', ['-f', 'lavfi', '-i', melodyExpression(5, 220)]),
      makeMedia(scratch.dir, 'other.wav', ['-f', 'lavfi', '-i', melodyExpression(7, 293)]),
    ]);
    files.original = original;
    files.unrelated = unrelated;
    [files.mp3, files.resampled] = await Promise.all([
      makeMedia(scratch.dir, 'melody-64k.mp3', ['-i', original, '-b:a', '64k', '-ar', '22050']),
      makeMedia(scratch.dir, 'melody-16k.wav', ['-i', original, '-ar', '16000', '-af', 'volume=-6dB']),
    ]);
  });
  after(() => scratch.remove());

  it('gives signed 32-bit Chromaprint values for the whole file', async (t) => {
    if (!(await haveTools(t, TOOLS))) return;
    const { fingerprint, durationSeconds } = await extractChromaprint(files.original!);
    assert.ok(Math.abs(durationSeconds - 8) < 0.1, `duration ${durationSeconds}`);
    assert.ok(fingerprint.length > 40, `${fingerprint.length} values for 8 s`);
    assert.ok(fingerprint.some((value) => value < 0) || fingerprint.some((value) => value > 0));
  });

  it('keeps re-encoded copies near the original and an unrelated clip far from it', async (t) => {
    if (!(await haveTools(t, TOOLS))) return;
    const original = await audioCode(files.original!);
    const distances = {
      mp3At64kAnd22kHz: isccHammingDistance(original, await audioCode(files.mp3!)),
      wavAt16kHzQuieter: isccHammingDistance(original, await audioCode(files.resampled!)),
      unrelatedMelody: isccHammingDistance(original, await audioCode(files.unrelated!)),
    };
    console.log(`audio code distances from the original (of 64 bits): ${JSON.stringify(distances)}`);
    assert.ok(distances.mp3At64kAnd22kHz <= 8, 'mp3 copy');
    assert.ok(distances.wavAt16kHzQuieter <= 8, 'resampled copy');
    assert.ok(distances.unrelatedMelody >= 16, 'unrelated clip');
    assert.ok(
      distances.unrelatedMelody >= 2 * Math.max(distances.mp3At64kAnd22kHz, distances.wavAt16kHzQuieter, 4),
    );
  });

  it('says AUDIO_INVALID for a file that is not audio', async (t) => {
    if (!(await haveTools(t, TOOLS))) return;
    const text = join(scratch.dir, 'notes.mp3');
    await writeFile(text, 'these are notes, not sound\n'.repeat(100));
    await assert.rejects(extractChromaprint(text), isFingerprintError('AUDIO_INVALID'));
  });

  it('says AUDIO_INVALID for an mp3 cut off after its first frames', async (t) => {
    if (!(await haveTools(t, TOOLS))) return;
    const bytes = await readFile(files.mp3!);
    const truncated = join(scratch.dir, 'cut.mp3');
    await writeFile(truncated, bytes.subarray(0, 400));
    await assert.rejects(extractChromaprint(truncated), isFingerprintError('AUDIO_INVALID'));
  });

  it('says TOOL_MISSING, naming the package, without fpcalc', async () => {
    await assert.rejects(
      extractChromaprint('whatever.wav', { toolPaths: { fpcalc: '/nonexistent/fpcalc' } }),
      /^FingerprintError: fpcalc not found: install the Debian package libchromaprint-tools$/,
    );
  });
});
