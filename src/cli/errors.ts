import { SealchainError } from '../errors/index.ts';

/** Failures of the `sealchain` command itself (the server's problems keep their own codes). */
export type CliErrorCode =
  /** Unknown option, missing argument, malformed value. */
  | 'USAGE_INVALID'
  /** The server could not be reached at all. */
  | 'SERVER_UNREACHABLE'
  /** The server answered with a problem; `details.code` is the server's code. */
  | 'SERVER_REFUSED'
  /** The server answered something that is not the API's answer. */
  | 'SERVER_ANSWER_INVALID'
  | 'FILE_UNREADABLE'
  | 'FILE_WRITE_FAILED'
  /** A file to deposit or register holds no bytes: its digest proves nothing about any content. */
  | 'FILE_EMPTY'
  /** A proof file to be written exists already; it is never overwritten. */
  | 'PROOF_FILE_EXISTS';

export class CliError extends SealchainError<CliErrorCode> {}
