import type { CertificateErrorCode } from '../certificate/index.ts';
import type { RegistryErrorCode } from '../registry/index.ts';

// HTTP statuses of the works registry's and the certificates' error codes, spread into the one
// table of problem.ts. Kept apart from the route modules so that problem.ts imports no routes.

export const REGISTRY_PROBLEM_STATUS: Readonly<Record<RegistryErrorCode, number>> = {
  WORK_FORM_INVALID: 400,
  WORK_METADATA_INVALID: 400,
  WORK_FILE_NAME_INVALID: 400,
  WORK_FILE_TOO_LARGE: 413,
  WORK_TYPE_MISMATCH: 422,
  WORK_FILE_UNREADABLE: 422,
  WORK_FILE_TOO_COMPLEX: 422,
  FINGERPRINT_TOOL_MISSING: 503,
  WORK_ALREADY_REGISTERED: 409,
  WORK_NOT_FOUND: 404,
  REGISTRATION_NUMBER_INVALID: 400,
  LICENSE_INVALID: 400,
  LICENSE_NOT_FOUND: 404,
  LICENSE_ALREADY_REVOKED: 409,
  NOT_REGISTRANT: 403,
  REGISTRATION_PENDING: 503,
  REGISTRATION_UNDER_REVIEW: 409,
  REGISTRATION_REJECTED: 409,
  REVIEW_NOT_PENDING: 409,
  DECISION_INVALID: 400,
  ENTRY_NOT_REGISTRATION: 409,
  TEXT_INVALID: 422,
  REGISTRY_OPTIONS_INVALID: 500,
};

export const CERTIFICATE_PROBLEM_STATUS: Readonly<Record<CertificateErrorCode, number>> = {
  CERTIFICATE_INPUT_INVALID: 400,
  CERTIFICATE_UNVERIFIED: 409,
  FONT_MISSING: 503,
  CERTIFICATE_RENDER_FAILED: 500,
  CERTIFICATE_PDF_INVALID: 422,
};
