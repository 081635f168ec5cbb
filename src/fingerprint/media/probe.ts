import { resolve } from 'node:path';
import type { MediaOptions } from './options.ts';
import { runTool, summariseToolError } from './tool.ts';

export interface ProbedStream {
  kind: 'video' | 'audio' | 'other';
  codec: string;
  width?: number;
  height?: number;
  /** A cover picture inside an audio file, not a moving image. */
  attachedPicture: boolean;
}

export interface MediaProbe {
  /** ffprobe's comma-separated demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  /** Undefined when the container does not say. */
  durationSeconds?: number;
  streams: ProbedStream[];
}

export type ProbeResult = { ok: true; probe: MediaProbe } | { ok: false; reason: string };

/** An ffmpeg input argument that names a local file and nothing else (no protocol, no option). */
export function toFfmpegInput(path: string): string {
  return `file:${resolve(path)}`;
}

function readNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function readStream(raw: unknown): ProbedStream {
  const stream = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const type = stream['codec_type'];
  const disposition = (stream['disposition'] ?? {}) as Record<string, unknown>;
  return {
    kind: type === 'video' ? 'video' : type === 'audio' ? 'audio' : 'other',
    codec: typeof stream['codec_name'] === 'string' ? stream['codec_name'] : 'unknown',
    width: readNumber(stream['width']),
    height: readNumber(stream['height']),
    attachedPicture: disposition['attached_pic'] === 1,
  };
}

/**
 * Asks ffprobe what a file holds. A file ffprobe cannot read gives `{ ok: false }` with its message;
 * a missing ffprobe throws TOOL_MISSING.
 */
export async function probeMedia(path: string, options: MediaOptions): Promise<ProbeResult> {
  const run = await runTool(
    'ffprobe',
    ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', toFfmpegInput(path)],
    options,
  );
  if (run.exitCode !== 0) return { ok: false, reason: summariseToolError(run.stderr) };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(run.stdout));
  } catch {
    return { ok: false, reason: 'ffprobe printed no readable description' };
  }
  const root = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const format = (root['format'] ?? {}) as Record<string, unknown>;
  const streams = Array.isArray(root['streams']) ? root['streams'].map(readStream) : [];
  return {
    ok: true,
    probe: {
      formatName: typeof format['format_name'] === 'string' ? format['format_name'] : 'unknown',
      durationSeconds: readNumber(format['duration']),
      streams,
    },
  };
}

/** True when the file has a moving picture (a video stream that is not a cover picture). */
export function hasMovingPicture(probe: MediaProbe): boolean {
  return probe.streams.some((stream) => stream.kind === 'video' && !stream.attachedPicture);
}

export function hasSound(probe: MediaProbe): boolean {
  return probe.streams.some((stream) => stream.kind === 'audio');
}
