import { SealchainError } from '../errors/index.ts';

/** Failures of web evidence capture: refused targets, the browser, packages and the capture queue. */
export type CaptureErrorCode =
  /** Capture, pool or service options are malformed or unknown; `details.key` names the option. */
  | 'CAPTURE_OPTIONS_INVALID'
  /** The target is not an absolute http:// or https:// URL. */
  | 'CAPTURE_URL_INVALID'
  /** The target's scheme or address is not allowed (loopback, private, link-local, metadata…). */
  | 'CAPTURE_URL_REFUSED'
  /** Chromium is missing or could not be started; `details.executablePath` says where it was looked for. */
  | 'BROWSER_UNAVAILABLE'
  /** The browser, the recorder or the page failed while capturing. */
  | 'CAPTURE_FAILED'
  /** A WACZ package cannot be read (not a ZIP, a required file missing, malformed JSON). */
  | 'PACKAGE_INVALID'
  /** An archive holds more files than allowed; `details.maxEntries`. */
  | 'ARCHIVE_TOO_MANY_ENTRIES'
  /** A file or the whole archive inflates past a bound, or past the size its entry declares; `details.limit`. */
  | 'ARCHIVE_TOO_LARGE'
  /** A DEFLATEd file declares a compression ratio above the bound (a deflate bomb); `details.ratio`. */
  | 'ARCHIVE_RATIO_TOO_HIGH'
  /** No capture job has this id. */
  | 'CAPTURE_NOT_FOUND'
  /** The capture's package is not written yet (the job is queued or running) or the job failed. */
  | 'PACKAGE_NOT_READY'
  /** Too many capture jobs are waiting; `details.retryAfterMs` says when to retry. */
  | 'CAPTURE_QUEUE_FULL'
  /** The unit already has its share of the queue waiting; `details.retryAfterMs` says when to retry. */
  | 'CAPTURE_UNIT_QUEUE_FULL'
  /** The capture service has stopped. */
  | 'CAPTURE_SERVICE_CLOSED';

export class CaptureError extends SealchainError<CaptureErrorCode> {}
