import { SealchainError } from '../errors/index.ts';

export type VerifyErrorCode =
  | 'TRUST_FILE_INVALID'
  | 'BUNDLE_INVALID'
  /** The bundle endpoint's 202 "not final yet" answer, given where a bundle was expected. */
  | 'BUNDLE_PENDING'
  | 'BUNDLE_NOT_VERIFIED'
  | 'CHAIN_UNKNOWN';

/** Raised when a trust file or bundle cannot even be read; failed checks go in the report instead. */
export class VerifyError extends SealchainError<VerifyErrorCode> {}
