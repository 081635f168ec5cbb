import { SealchainError } from '../errors/index.ts';

/**
 * Failures of the fingerprint module. Engineers who need another code ask for it in
 * `ERRORS_WANTED.txt` beside this file.
 */
export type FingerprintErrorCode =
  /** An ISCC string (unit or composite) is malformed: bad prefix, base32, header, or body length. */
  | 'ISCC_INVALID'
  /** An input to an ISCC generator is malformed: wrong type, range, size, or bit length. */
  | 'ISCC_INPUT_INVALID'
  /** Two ISCC codes that must share main type, sub type, version and length do not. */
  | 'ISCC_TYPE_MISMATCH'
  | 'IMAGE_INVALID'
  | 'IMAGE_TOO_LARGE'
  | 'AUDIO_INVALID'
  | 'VIDEO_INVALID'
  | 'TEXT_INVALID'
  /** A system tool (ffmpeg, fpcalc, …) is not installed; the message names the Debian package. */
  | 'TOOL_MISSING'
  | 'TOOL_FAILED'
  | 'FILE_UNREADABLE'
  /** The file has zero bytes, so there is nothing to fingerprint. */
  | 'FILE_EMPTY'
  /** A PDQ hash is not 32 bytes or not 64 hexadecimal digits. */
  | 'PDQ_HASH_INVALID'
  | 'INDEX_INVALID';

export class FingerprintError extends SealchainError<FingerprintErrorCode> {}
