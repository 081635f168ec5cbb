import { SealchainError } from '../errors/index.ts';

export type CertificateErrorCode =
  /** A certificate's input is malformed: a missing field, a bad URL, a value of the wrong type. */
  | 'CERTIFICATE_INPUT_INVALID'
  /**
   * The proof bundle behind a certificate does not verify against the trust file, or is not final
   * yet (no checkpoint cosigned by a quorum covers it); `details.failedChecks` lists why.
   */
  | 'CERTIFICATE_UNVERIFIED'
  /** No CJK font is installed; the message names the Debian package. */
  | 'FONT_MISSING'
  | 'CERTIFICATE_RENDER_FAILED'
  /**
   * A certificate PDF given to be checked is too large, malformed where its embedded proof bundle
   * or statement is read, names one attachment twice, or lacks them.
   */
  | 'CERTIFICATE_PDF_INVALID';

export class CertificateError extends SealchainError<CertificateErrorCode> {}
