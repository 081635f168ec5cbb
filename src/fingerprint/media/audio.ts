import { resolve } from 'node:path';
import { FingerprintError } from '../errors.ts';
import { resolveMediaOptions, type MediaOptionsInput } from './options.ts';
import { runTool, summariseToolError } from './tool.ts';

export interface Chromaprint {
  /** Raw Chromaprint fingerprint: signed 32-bit integers, about eight a second of audio. */
  fingerprint: Int32Array;
  durationSeconds: number;
}

// fpcalc exits 3 when it hit a decoding error yet printed a fingerprint (chromaprint src/cmd/fpcalc.cpp);
// Debian bookworm's build does so at the end of every file (acoustid/chromaprint#122).
const FPCALC_OK_STATUSES = new Set([0, 3]);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

function invalidAudio(path: string, reason: string, cause?: unknown): FingerprintError {
  return new FingerprintError(
    'AUDIO_INVALID',
    `${JSON.stringify(path)} is not audio fpcalc can read: ${reason}`,
    {
      cause,
      details: { path },
    },
  );
}

function parseFpcalcOutput(path: string, stdout: Uint8Array): Chromaprint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(stdout));
  } catch (cause) {
    throw invalidAudio(path, 'fpcalc printed no readable fingerprint', cause);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const values = record['fingerprint'];
  const duration = record['duration'];
  if (!Array.isArray(values) || typeof duration !== 'number' || !Number.isFinite(duration)) {
    throw invalidAudio(path, 'fpcalc printed no fingerprint');
  }
  const fingerprint = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value: unknown = values[i];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
      throw invalidAudio(path, `fpcalc printed a fingerprint value out of range at ${i}`);
    }
    fingerprint[i] = value;
  }
  if (fingerprint.length === 0) throw invalidAudio(path, 'the audio is too short to fingerprint');
  return { fingerprint, durationSeconds: duration };
}

// Chromaprint (acoustid.org/chromaprint) via its fpcalc tool, called as iscc-sdk's
// audio_features_extract does: whole file (-length 0), raw signed integers, JSON.
/**
 * The raw Chromaprint fingerprint of an audio file (or the audio track of a video). Throws
 * AUDIO_INVALID when fpcalc cannot decode it, TOOL_MISSING without fpcalc.
 */
export async function extractChromaprint(
  path: string,
  options: MediaOptionsInput = {},
): Promise<Chromaprint> {
  const resolved = resolveMediaOptions(options);
  const run = await runTool(
    'fpcalc',
    ['-raw', '-signed', '-json', '-length', '0', '--', resolve(path)],
    resolved,
  );
  if (!FPCALC_OK_STATUSES.has(run.exitCode)) throw invalidAudio(path, summariseToolError(run.stderr));
  return parseFpcalcOutput(path, run.stdout);
}
