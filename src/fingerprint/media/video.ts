import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FingerprintError } from '../errors.ts';
import { computePdq } from '../pdq/hash.ts';
import { parseMp7Signature, type FrameSignature } from './mp7-signature.ts';
import { resolveMediaOptions, type MediaOptions, type MediaOptionsInput } from './options.ts';
import { toFfmpegInput } from './probe.ts';
import { withTempDir } from './temp-dir.ts';
import { runTool, summariseToolError } from './tool.ts';

export interface VideoKeyframe {
  /** Presentation time of the keyframe, in seconds. */
  timeSeconds: number;
  /** PDQ of the keyframe scaled to keyframeSidePx square: hash as 64 hex digits, quality 0–100. */
  pdq: { hash: string; quality: number };
}

const SIGNATURE_FILE = 'signature.mp7';

function invalidVideo(path: string, reason: string, cause?: unknown): FingerprintError {
  return new FingerprintError(
    'VIDEO_INVALID',
    `${JSON.stringify(path)} is not video ffmpeg can read: ${reason}`,
    {
      cause,
      details: { path },
    },
  );
}

// ISO/IEC 15938-3 Amd 4 video signature through ffmpeg's `signature` filter, sampled at videoFps
// frames a second as iscc-sdk's video_mp7sig_extract does; the file is written in a private
// directory (ffmpeg runs there, so the filter argument needs no escaping).
/** The MPEG-7 frame signatures of the first video stream. Throws VIDEO_INVALID, TOOL_MISSING. */
export async function extractFrameSignatures(
  path: string,
  options: MediaOptionsInput = {},
): Promise<FrameSignature[]> {
  const resolved = resolveMediaOptions(options);
  return withTempDir(resolved.tempDir, async (dir) => {
    const filter = `fps=fps=${resolved.videoFps},signature=format=binary:filename=${SIGNATURE_FILE}`;
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', toFfmpegInput(path)];
    args.push('-map', '0:V:0', '-an', '-sn', '-dn', '-vf', filter, '-f', 'null', '-');
    const run = await runTool('ffmpeg', args, resolved, { cwd: dir });
    if (run.exitCode !== 0) throw invalidVideo(path, describeFfmpegFailure(run.stderr));
    let signature: Uint8Array;
    try {
      signature = await readFile(join(dir, SIGNATURE_FILE));
    } catch (cause) {
      throw invalidVideo(path, 'ffmpeg wrote no video signature', cause);
    }
    const frames = parseMp7Signature(signature);
    if (frames.length === 0) throw invalidVideo(path, 'the video has no frames');
    return frames;
  });
}

function describeFfmpegFailure(stderr: string): string {
  if (/matches no streams/.test(stderr)) return 'the file has no video stream';
  return summariseToolError(stderr);
}

function readShowinfoTimes(stderr: string): number[] {
  const times: number[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.includes('Parsed_showinfo')) continue;
    const match = /\bpts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/.exec(line);
    if (match) times.push(Number(match[1]));
  }
  return times;
}

function buildKeyframeFilter(options: MediaOptions, durationSeconds: number | undefined): string {
  const side = options.keyframeSidePx;
  const spacing =
    durationSeconds !== undefined && durationSeconds > 0 ? durationSeconds / options.videoKeyframes : 0;
  const select = `select='isnan(prev_selected_t)+gte(t-prev_selected_t,${spacing.toFixed(3)})'`;
  return `${select},scale=${side}:${side}:flags=area,format=rgb24,showinfo`;
}

/**
 * PDQ hashes of up to `videoKeyframes` keyframes (I-frames), spread over the duration when it is
 * known. Only keyframes are decoded. Throws VIDEO_INVALID, TOOL_MISSING.
 */
export async function hashKeyframes(
  path: string,
  durationSeconds: number | undefined,
  options: MediaOptionsInput = {},
): Promise<VideoKeyframe[]> {
  const resolved = resolveMediaOptions(options);
  const side = resolved.keyframeSidePx;
  const frameBytes = side * side * 3;
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info', '-skip_frame', 'nokey'];
  args.push('-i', toFfmpegInput(path), '-map', '0:V:0', '-an', '-sn', '-dn');
  args.push('-vf', buildKeyframeFilter(resolved, durationSeconds), '-fps_mode', 'vfr');
  args.push('-frames:v', String(resolved.videoKeyframes), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const run = await runTool('ffmpeg', args, {
    ...resolved,
    toolMaxOutputBytes: Math.max(resolved.toolMaxOutputBytes, frameBytes * resolved.videoKeyframes),
  });
  if (run.exitCode !== 0) throw invalidVideo(path, describeFfmpegFailure(run.stderr));
  const times = readShowinfoTimes(run.stderr);
  const count = Math.floor(run.stdout.length / frameBytes);
  const keyframes: VideoKeyframe[] = [];
  for (let i = 0; i < count; i++) {
    const pdq = computePdq(run.stdout.subarray(i * frameBytes, (i + 1) * frameBytes), side, side);
    keyframes.push({ timeSeconds: times[i] ?? Number.NaN, pdq: { hash: pdq.hashHex, quality: pdq.quality } });
  }
  return keyframes;
}
