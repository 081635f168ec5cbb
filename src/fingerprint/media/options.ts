import { tmpdir } from 'node:os';

/** External programs the media front ends run, each found on PATH unless given as a path. */
export interface MediaToolPaths {
  ffmpeg: string;
  ffprobe: string;
  fpcalc: string;
}

export interface MediaOptions {
  /** Largest width × height (pixels) of an image that is decoded; a decompression-bomb guard. */
  imageMaxPixels: number;
  /** Images above this many pixels are shrunk before normalisation, bounding memory (pixels). */
  imageWorkingMaxPixels: number;
  /**
   * Trim a uniform border before the Image-Code, as iscc-sdk's image_normalize means to. Its released
   * code in effect never trims (Pillow's getbbox reads only the alpha band of the RGBA image it builds),
   * so `false` reproduces iscc-sdk's codes exactly; `true` also matches letterboxed copies.
   */
  imageTrimBorder: boolean;
  /** Frames a second sampled for the MPEG-7 video signature (iscc-sdk's default is 5). */
  videoFps: number;
  /** How many keyframes of a video are PDQ-hashed, spread over its duration. */
  videoKeyframes: number;
  /** Side (pixels) keyframes are scaled to before PDQ hashing. */
  keyframeSidePx: number;
  /** Largest text file (bytes) turned into a text code; the whole text is held in memory. */
  textMaxBytes: number;
  /** Time limit of one run of an external tool (ms); the child is killed past it. */
  toolTimeoutMs: number;
  /** Most bytes accepted on a tool's standard output; the child is killed past it. */
  toolMaxOutputBytes: number;
  /** Directory under which per-run temporary directories are made and removed. */
  tempDir: string;
  toolPaths: MediaToolPaths;
}

export const DEFAULT_MEDIA_OPTIONS: Readonly<MediaOptions> = Object.freeze({
  imageMaxPixels: 100_000_000,
  imageWorkingMaxPixels: 16_000_000,
  imageTrimBorder: true,
  videoFps: 5,
  videoKeyframes: 8,
  keyframeSidePx: 512,
  textMaxBytes: 16 * 1024 * 1024,
  toolTimeoutMs: 600_000,
  toolMaxOutputBytes: 64 * 1024 * 1024,
  tempDir: tmpdir(),
  toolPaths: Object.freeze({ ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', fpcalc: 'fpcalc' }),
});

const POSITIVE_INTEGER_KEYS = [
  'imageMaxPixels',
  'imageWorkingMaxPixels',
  'videoFps',
  'videoKeyframes',
  'keyframeSidePx',
  'textMaxBytes',
  'toolTimeoutMs',
  'toolMaxOutputBytes',
] as const;
const OPTION_KEYS = new Set(Object.keys(DEFAULT_MEDIA_OPTIONS));
const TOOL_KEYS = new Set(Object.keys(DEFAULT_MEDIA_OPTIONS.toolPaths));

export type MediaOptionsInput = Partial<Omit<MediaOptions, 'toolPaths'>> & {
  toolPaths?: Partial<MediaToolPaths>;
};

/** Fills in defaults; throws TypeError on an unknown key or a value out of range (a caller's bug). */
export function resolveMediaOptions(options: MediaOptionsInput = {}): MediaOptions {
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new TypeError(`unknown media option ${key}`);
  }
  for (const key of Object.keys(options.toolPaths ?? {})) {
    if (!TOOL_KEYS.has(key)) throw new TypeError(`unknown media tool ${key}`);
  }
  const resolved: MediaOptions = {
    ...DEFAULT_MEDIA_OPTIONS,
    ...options,
    toolPaths: { ...DEFAULT_MEDIA_OPTIONS.toolPaths, ...options.toolPaths },
  };
  for (const key of POSITIVE_INTEGER_KEYS) {
    const value = resolved[key];
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`media option ${key} must be a positive integer, not ${String(value)}`);
    }
  }
  if (typeof resolved.imageTrimBorder !== 'boolean') {
    throw new TypeError('media option imageTrimBorder must be a boolean');
  }
  if (typeof resolved.tempDir !== 'string' || resolved.tempDir === '') {
    throw new TypeError('media option tempDir must be a directory path');
  }
  return resolved;
}
