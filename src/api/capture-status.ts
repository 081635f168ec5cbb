import type { CaptureErrorCode } from '../capture/index.ts';

/** HTTP statuses of capture errors, for the problem table. */
export const CAPTURE_PROBLEM_STATUS: Readonly<Record<CaptureErrorCode, number>> = Object.freeze({
  CAPTURE_OPTIONS_INVALID: 400,
  CAPTURE_URL_INVALID: 400,
  CAPTURE_URL_REFUSED: 422,
  BROWSER_UNAVAILABLE: 503,
  CAPTURE_FAILED: 500,
  PACKAGE_INVALID: 400,
  ARCHIVE_TOO_MANY_ENTRIES: 413,
  ARCHIVE_TOO_LARGE: 413,
  ARCHIVE_RATIO_TOO_HIGH: 413,
  CAPTURE_NOT_FOUND: 404,
  PACKAGE_NOT_READY: 409,
  CAPTURE_QUEUE_FULL: 503,
  CAPTURE_SERVICE_CLOSED: 503,
});
