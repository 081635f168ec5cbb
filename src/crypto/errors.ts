import { SealchainError } from '../errors/index.ts';

export type CryptoErrorCode =
  | 'ENCODING_INVALID'
  | 'HASH_ALGORITHM_UNKNOWN'
  | 'HASH_FINALIZED'
  | 'KEY_TEXT_INVALID'
  | 'KEY_ID_MISMATCH'
  | 'KEY_INVALID'
  | 'OPTIONS_INVALID'
  | 'SIGNATURE_INVALID';

export class CryptoError extends SealchainError<CryptoErrorCode> {}
