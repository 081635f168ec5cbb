import { SealchainError } from '../errors/index.ts';

export type RegistryErrorCode =
  /** The registration form is malformed: no file, two files, an unknown part, bad metadata JSON. */
  | 'WORK_FORM_INVALID'
  /** A metadata field is missing or out of range; `details.issues` lists each problem. */
  | 'WORK_METADATA_INVALID'
  /** The uploaded file's name is unsafe (a path, control characters, too long). */
  | 'WORK_FILE_NAME_INVALID'
  /** The file is larger than the registry accepts; `details.maxBytes` says how large it may be. */
  | 'WORK_FILE_TOO_LARGE'
  /** The file's content is not of the declared work type; `details` has both types. */
  | 'WORK_TYPE_MISMATCH'
  /** The file cannot be read as what it claims to be: truncated, corrupt, empty. */
  | 'WORK_FILE_UNREADABLE'
  /** Decoding the file would take more than the registry allows (a decompression bomb). */
  | 'WORK_FILE_TOO_COMPLEX'
  /** A system tool the file's type needs is not installed; the message names the Debian package. */
  | 'FINGERPRINT_TOOL_MISSING'
  /** The same file (same SHA-256) is registered already; `details` has the earlier registration. */
  | 'WORK_ALREADY_REGISTERED'
  | 'WORK_NOT_FOUND'
  /** A registration or licence number is malformed or its check character is wrong. */
  | 'REGISTRATION_NUMBER_INVALID'
  | 'LICENSE_INVALID'
  | 'LICENSE_NOT_FOUND'
  /** The licence was revoked already; `details.revokedAt` says when. */
  | 'LICENSE_ALREADY_REVOKED'
  /** Only the unit that registered the work may grant or revoke its licences. */
  | 'NOT_REGISTRANT'
  /** The registration or licence is not on the chain yet (its entry is still being written). */
  | 'REGISTRATION_PENDING'
  /** The registration resembles an earlier one and waits for a registrar's decision: no certificate yet. */
  | 'REGISTRATION_UNDER_REVIEW'
  /** A registrar rejected the registration; `details.reason` says why. */
  | 'REGISTRATION_REJECTED'
  /** A decision was asked for a registration that is not waiting for review (or decided already). */
  | 'REVIEW_NOT_PENDING'
  /** The decision is not approve or reject, or a rejection has no reason. */
  | 'DECISION_INVALID'
  /** The chain entry names a registration or licence whose registry record is another entry. */
  | 'ENTRY_NOT_REGISTRATION'
  /** Text holds NUL, undecodable bytes (U+FFFD) or other characters no field may hold. */
  | 'TEXT_INVALID'
  | 'REGISTRY_OPTIONS_INVALID';

export class RegistryError extends SealchainError<RegistryErrorCode> {}
