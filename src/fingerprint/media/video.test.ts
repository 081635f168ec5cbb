import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  haveTools,
  listDir,
  makeMedia,
  makeScratchDir,
  toolsInstalled,
} from '../../../test/fixtures/media/media-tools.ts';
import { FingerprintError } from '../errors.ts';
import { generateVideoCode, isccHammingDistance } from '../iscc/index.ts';
import { parsePdqHex, pdqDistance } from '../pdq/distance.ts';
import { extractFrameSignatures, hashKeyframes } from './video.ts';

async function videoCode(path: string, options = {}): Promise<string> {
  const frames = await extractFrameSignatures(path, options);
  return generateVideoCode(frames.map((frame) => Array.from(frame.vector))).iscc;
}

function isFingerprintError(code: string) {
  return (error: unknown) => error instanceof FingerprintError && error.code === code;
}

describe('video front end', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  let tempDir: string;
  const files: Record<string, string> = {};
  before(async () => {
    scratch = await makeScratchDir('video');
    tempDir = join(scratch.dir, 'tmp');
    await mkdir(tempDir);
    if (!(await toolsInstalled(['ffmpeg']))) return;
    const source = ['-f', 'lavfi', '-i', 'testsrc2=d=5:s=320x240:r=25', '-pix_fmt', 'yuv420p', '-g', '25'];
    files.original = await makeMedia(scratch.dir, 'testsrc2.mp4', source);
    const vp8 = ['-c:v', 'libvpx', '-b:v', '150k', '-deadline', 'realtime', '-cpu-used', '8'];
    const cellular = [
      '-f',
      'lavfi',
      '-i',
      'cellauto=s=320x240:r=25:rule=110',
      '-t',
      '5',
      '-pix_fmt',
      'yuv420p',
    ];
    [files.smaller, files.webm, files.unrelated, files.audioOnly] = await Promise.all([
      makeMedia(scratch.dir, 'small-crf38.mp4', ['-i', files.original, '-vf', 'scale=160:120', '-crf', '38']),
      makeMedia(scratch.dir, 'vp8.webm', ['-i', files.original, ...vp8, '-vf', 'scale=240:180']),
      makeMedia(scratch.dir, 'cellauto.mp4', cellular),
      makeMedia(scratch.dir, 'tone.m4a', ['-f', 'lavfi', '-i', 'sine=d=2']),
    ]);
  });
  after(() => scratch.remove());

  it('reads one MPEG-7 frame signature per sampled frame', async (t) => {
    if (!(await haveTools(t, ['ffmpeg']))) return;
    const frames = await extractFrameSignatures(files.original!, { tempDir });
    assert.equal(frames.length, 25, '5 s at 5 frames a second');
    assert.deepEqual(
      frames.slice(0, 3).map((frame) => frame.elapsedSeconds),
      [0, 0.2, 0.4],
    );
    assert.ok(frames.every((frame) => frame.vector.every((value) => value <= 2)));
    assert.deepEqual(await listDir(tempDir), [], 'the signature file and its directory are gone');
  });

  it('keeps re-encoded, scaled copies near the original and an unrelated clip far from it', async (t) => {
    if (!(await haveTools(t, ['ffmpeg']))) return;
    const original = await videoCode(files.original!);
    const distances = {
      h264Crf38At160x120: isccHammingDistance(original, await videoCode(files.smaller!)),
      vp8At150kAnd240x180: isccHammingDistance(original, await videoCode(files.webm!)),
      unrelatedClip: isccHammingDistance(original, await videoCode(files.unrelated!)),
    };
    console.log(`video code distances from the original (of 64 bits): ${JSON.stringify(distances)}`);
    assert.ok(distances.h264Crf38At160x120 <= 8, 'scaled copy');
    assert.ok(distances.vp8At150kAnd240x180 <= 8, 'vp8 copy');
    assert.ok(distances.unrelatedClip >= 16, 'unrelated clip');
    assert.ok(
      distances.unrelatedClip >= 2 * Math.max(distances.h264Crf38At160x120, distances.vp8At150kAnd240x180, 4),
    );
  });

  it('hashes keyframes spread over the video, alike in a re-encoded copy', async (t) => {
    if (!(await haveTools(t, ['ffmpeg']))) return;
    const keyframes = await hashKeyframes(files.original!, 5, { videoKeyframes: 4 });
    assert.deepEqual(
      keyframes.map((frame) => frame.timeSeconds),
      [0, 2, 4].slice(0, keyframes.length),
    );
    assert.ok(keyframes.length >= 3);
    for (const frame of keyframes) {
      assert.match(frame.pdq.hash, /^[0-9a-f]{64}$/);
      assert.ok(frame.pdq.quality >= 50, `quality ${frame.pdq.quality}`);
    }
    const [copyFirst] = await hashKeyframes(files.smaller!, 5, { videoKeyframes: 1 });
    const distance = pdqDistance(parsePdqHex(keyframes[0]!.pdq.hash), parsePdqHex(copyFirst!.pdq.hash));
    console.log(`PDQ distance of the first keyframe in the 160×120 crf 38 copy: ${distance} of 256`);
    assert.ok(distance <= 31, `distance ${distance}`);
  });

  it('says VIDEO_INVALID for a file with no video stream, text, or a truncated file', async (t) => {
    if (!(await haveTools(t, ['ffmpeg']))) return;
    await assert.rejects(extractFrameSignatures(files.audioOnly!, { tempDir }), (error: unknown) => {
      assert.ok(isFingerprintError('VIDEO_INVALID')(error));
      assert.match((error as Error).message, /has no video stream/);
      return true;
    });
    const text = join(scratch.dir, 'script.mp4');
    await writeFile(text, 'INT. KITCHEN - NIGHT\n'.repeat(50));
    await assert.rejects(extractFrameSignatures(text, { tempDir }), isFingerprintError('VIDEO_INVALID'));
    await assert.rejects(hashKeyframes(text, undefined, { tempDir }), isFingerprintError('VIDEO_INVALID'));
    const bytes = await readFile(files.original!);
    const truncated = join(scratch.dir, 'truncated.mp4');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await assert.rejects(extractFrameSignatures(truncated, { tempDir }), isFingerprintError('VIDEO_INVALID'));
    assert.deepEqual(await listDir(tempDir), [], 'nothing left in the temp dir after failures');
  });
});
