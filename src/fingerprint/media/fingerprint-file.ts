import { FingerprintError } from '../errors.ts';
import {
  generateAudioCode,
  generateImageCode,
  generateIsccCode,
  generateTextCode,
  generateVideoCode,
} from '../iscc/index.ts';
import { pdqFromImageFile } from '../pdq/image-file.ts';
import { extractChromaprint } from './audio.ts';
import { detectMediaType, type MediaType } from './detect.ts';
import { hashFile } from './file-hashes.ts';
import { decodeImage } from './image.ts';
import { normalizeImagePixels } from './image-normalize.ts';
import { resolveMediaOptions, type MediaOptions, type MediaOptionsInput } from './options.ts';
import { extractText } from './text.ts';
import { extractFrameSignatures, hashKeyframes, type VideoKeyframe } from './video.ts';

export type ContentKind = 'image' | 'audio' | 'video' | 'text';

export interface FileFingerprint {
  mediaType: MediaType;
  /** Short format name found from the content (jpeg, mp4, mp3, html, plain, unknown, …). */
  format: string;
  /** Bytes hashed. */
  size: number;
  instance: { iscc: string; sha256: string };
  data: { iscc: string };
  /**
   * The Content-Code; null for data that is none of image, audio, video or text, and for a text
   * file with no visible text or larger than textMaxBytes.
   */
  content: { iscc: string; kind: ContentKind } | null;
  /** The composite ISCC-CODE of the content (if any), data and instance units. */
  iscc: string;
  /** Images: PDQ hash (64 hex digits) and quality (0–100). */
  pdq?: { hash: string; quality: number };
  /** Videos: PDQ hashes of keyframes spread over the duration. */
  keyframes?: VideoKeyframe[];
}

interface ContentResult {
  content: FileFingerprint['content'];
  pdq?: FileFingerprint['pdq'];
  keyframes?: VideoKeyframe[];
}

// The PDQ image front end decodes on its own (shrinking to 512 px on load), so a file hashes the
// same here as anywhere else PDQ is taken from a file.
async function hashImagePdq(path: string, options: MediaOptions): Promise<FileFingerprint['pdq']> {
  const pdq = await pdqFromImageFile(path, { maxInputPixels: options.imageMaxPixels });
  return { hash: pdq.hashHex, quality: pdq.quality };
}

async function computeImageCode(path: string, options: MediaOptions): Promise<string> {
  const image = await decodeImage(path, options);
  return generateImageCode(normalizeImagePixels(image, { trimBorder: options.imageTrimBorder })).iscc;
}

async function fingerprintImage(path: string, options: MediaOptions): Promise<ContentResult> {
  const [iscc, pdq] = await settleBoth(computeImageCode(path, options), hashImagePdq(path, options));
  return { content: { iscc, kind: 'image' }, pdq };
}

// A page of images only, an SVG without text or a text past textMaxBytes is still a file to
// register: it gets no Content-Code, as other data does. Malformed text is still an error.
async function fingerprintTextFile(path: string, options: MediaOptions): Promise<ContentResult> {
  try {
    const { text } = await extractText(path, options);
    return { content: { iscc: generateTextCode(text).iscc, kind: 'text' } };
  } catch (error) {
    const reason = error instanceof FingerprintError ? error.details['reason'] : undefined;
    if (reason === 'empty' || reason === 'too-large') return { content: null };
    throw error;
  }
}

/** Both results once both are done, so no tool or temp dir outlives a failure of the other. */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

async function fingerprintContent(
  path: string,
  mediaType: MediaType,
  durationSeconds: number | undefined,
  options: MediaOptions,
): Promise<ContentResult> {
  switch (mediaType) {
    case 'image':
      return fingerprintImage(path, options);
    case 'audio': {
      const { fingerprint } = await extractChromaprint(path, options);
      return { content: { iscc: generateAudioCode(fingerprint).iscc, kind: 'audio' } };
    }
    case 'video': {
      const [frames, keyframes] = await settleBoth(
        extractFrameSignatures(path, options),
        hashKeyframes(path, durationSeconds, options),
      );
      const signatures = frames.map((frame) => Array.from(frame.vector));
      return { content: { iscc: generateVideoCode(signatures).iscc, kind: 'video' }, keyframes };
    }
    case 'text':
      return fingerprintTextFile(path, options);
    case 'binary':
      return { content: null };
  }
}

/**
 * ISCC codes of a file (Instance-Code with SHA-256, Data-Code, the Content-Code its media type
 * allows, the composite ISCC-CODE) and perceptual hashes (PDQ for images, keyframe PDQs for videos).
 * The media type is found from the content; instance and data codes are streamed. Throws
 * FingerprintError: FILE_UNREADABLE, FILE_EMPTY, IMAGE_INVALID, IMAGE_TOO_LARGE, AUDIO_INVALID,
 * VIDEO_INVALID, TEXT_INVALID, TOOL_MISSING, TOOL_FAILED.
 */
export async function fingerprintFile(
  path: string,
  options: MediaOptionsInput = {},
): Promise<FileFingerprint> {
  if (typeof path !== 'string' || path === '') {
    throw new FingerprintError('FILE_UNREADABLE', 'a file path must be a non-empty string');
  }
  const resolved = resolveMediaOptions(options);
  const detection = await detectMediaType(path, resolved);
  if (detection.size === 0) {
    throw new FingerprintError(
      'FILE_EMPTY',
      `${JSON.stringify(path)} is empty: there is nothing to fingerprint`,
      {
        details: { path },
      },
    );
  }
  const [hashes, { content, pdq, keyframes }] = await settleBoth(
    hashFile(path),
    fingerprintContent(path, detection.mediaType, detection.probe?.durationSeconds, resolved),
  );
  const units = [content?.iscc, hashes.dataCode, hashes.instanceCode].filter((unit) => unit !== undefined);
  const fingerprint: FileFingerprint = {
    mediaType: detection.mediaType,
    format: detection.format,
    size: hashes.size,
    instance: { iscc: hashes.instanceCode, sha256: hashes.sha256 },
    data: { iscc: hashes.dataCode },
    content,
    iscc: generateIsccCode(units).iscc,
  };
  if (pdq !== undefined) fingerprint.pdq = pdq;
  if (keyframes !== undefined) fingerprint.keyframes = keyframes;
  return fingerprint;
}
