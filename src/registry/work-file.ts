import {
  computeTextSignature,
  detectMediaType,
  extractText,
  fingerprintFile,
  FingerprintError,
  type ContentKind,
  type MediaOptionsInput,
  type MediaType,
  type TextSignature,
} from '../fingerprint/index.ts';
import { RegistryError } from './errors.ts';
import type { WorkType } from './work-metadata.ts';

/** Everything the registry computes from a work's file. */
export interface WorkFingerprint {
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
  sizeBytes: number;
  mediaType: MediaType;
  format: string;
  /** The composite ISCC-CODE and its units. */
  iscc: string;
  instanceCode: string;
  dataCode: string;
  content?: { iscc: string; kind: ContentKind };
  pdq?: { hash: string; quality: number };
  /** Texts only: the near-duplicate signature for rewritten text. */
  textSignature?: TextSignature;
}

/** The media types a declared work type may be; software and other works may be any file. */
const ACCEPTED_MEDIA: Readonly<Record<WorkType, readonly MediaType[] | 'any'>> = {
  text: ['text'],
  image: ['image'],
  audio: ['audio'],
  video: ['video'],
  software: ['text', 'binary'],
  other: 'any',
};

const UNREADABLE_CODES = new Set([
  'IMAGE_INVALID',
  'AUDIO_INVALID',
  'VIDEO_INVALID',
  'TEXT_INVALID',
  'FILE_EMPTY',
  'TOOL_FAILED',
]);

function toRegistryError(error: unknown, declaredType: WorkType): unknown {
  if (!(error instanceof FingerprintError)) return error;
  if (error.code === 'IMAGE_TOO_LARGE') {
    return new RegistryError(
      'WORK_FILE_TOO_COMPLEX',
      `the image is too large to decode (${error.message}); a registered image may have at most the pixels the registry allows`,
      { cause: error, details: { reason: error.code } },
    );
  }
  if (error.code === 'TOOL_MISSING') {
    return new RegistryError('FINGERPRINT_TOOL_MISSING', error.message, { cause: error });
  }
  if (UNREADABLE_CODES.has(error.code)) {
    return new RegistryError(
      'WORK_FILE_UNREADABLE',
      `the file cannot be read as a ${declaredType} work: it is empty, truncated or corrupt`,
      { cause: error, details: { reason: error.code } },
    );
  }
  return error;
}

/**
 * Checks that the file at `path` is what the registrant declared and computes its fingerprints:
 * SHA-256, the ISCC codes, PDQ for images and the text signature for texts. Throws
 * WORK_TYPE_MISMATCH, WORK_FILE_UNREADABLE, WORK_FILE_TOO_COMPLEX or FINGERPRINT_TOOL_MISSING.
 */
export async function inspectWorkFile(
  path: string,
  declaredType: WorkType,
  options: MediaOptionsInput = {},
): Promise<WorkFingerprint> {
  try {
    const detection = await detectMediaType(path, options);
    if (detection.size === 0) {
      throw new RegistryError('WORK_FILE_UNREADABLE', 'the file is empty: there is no work to register', {
        details: { reason: 'FILE_EMPTY' },
      });
    }
    const accepted = ACCEPTED_MEDIA[declaredType];
    if (accepted !== 'any' && !accepted.includes(detection.mediaType)) {
      throw new RegistryError(
        'WORK_TYPE_MISMATCH',
        `the file is ${detection.mediaType} (${detection.format}), not a ${declaredType} work as declared`,
        { details: { declaredType, detectedType: detection.mediaType, format: detection.format } },
      );
    }
    const fingerprint = await fingerprintFile(path, options);
    if (declaredType === 'text' && fingerprint.content === null) {
      throw new RegistryError('WORK_FILE_UNREADABLE', 'the text has no visible text to register', {
        details: { reason: 'empty' },
      });
    }
    const work: WorkFingerprint = {
      sha256: fingerprint.instance.sha256,
      sizeBytes: fingerprint.size,
      mediaType: fingerprint.mediaType,
      format: fingerprint.format,
      iscc: fingerprint.iscc,
      instanceCode: fingerprint.instance.iscc,
      dataCode: fingerprint.data.iscc,
    };
    if (fingerprint.content !== null) work.content = fingerprint.content;
    if (fingerprint.pdq !== undefined) work.pdq = fingerprint.pdq;
    if (fingerprint.content?.kind === 'text') {
      work.textSignature = computeTextSignature((await extractText(path, options)).text);
    }
    return work;
  } catch (error) {
    throw toRegistryError(error, declaredType);
  }
}
