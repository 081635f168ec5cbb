import type { AccountsErrorCode } from '../accounts/index.ts';
import type { CaptureErrorCode } from '../capture/index.ts';
import type { ConsortiumErrorCode } from '../consortium/index.ts';
import type { CertificateErrorCode } from '../certificate/index.ts';
import type { CryptoErrorCode } from '../crypto/index.ts';
import type { JobErrorCode } from '../jobs/index.ts';
import { isSealchainError } from '../errors/index.ts';
import type { LedgerErrorCode } from '../ledger/index.ts';
import type { MerkleErrorCode } from '../merkle/index.ts';
import type { NoteErrorCode } from '../note/index.ts';
import type { RegistryErrorCode } from '../registry/index.ts';
import type { ServiceErrorCode, StoreErrorCode } from '../services/index.ts';
import type { VerifyErrorCode } from '../verify/index.ts';
import type { ApiErrorCode } from './errors.ts';
import { CONSORTIUM_ERROR_STATUS } from './consortium-status.ts';
import { CAPTURE_PROBLEM_STATUS } from './capture-status.ts';
import { JOB_PROBLEM_STATUS } from './job-status.ts';
import { ACCOUNTS_PROBLEM_STATUS } from './accounts-status.ts';
import { CERTIFICATE_PROBLEM_STATUS, REGISTRY_PROBLEM_STATUS } from './registry-status.ts';

// RFC 9457 problem details. Every typed error code that can reach the API has exactly one HTTP
// status here; a code missing from a module's union is a compile error, not a silent 500.

export type ProblemCode =
  | ApiErrorCode
  | ServiceErrorCode
  | LedgerErrorCode
  | StoreErrorCode
  | MerkleErrorCode
  | NoteErrorCode
  | CryptoErrorCode
  | ConsortiumErrorCode
  | CaptureErrorCode
  | JobErrorCode
  | VerifyErrorCode
  | RegistryErrorCode
  | CertificateErrorCode
  | AccountsErrorCode;

export const PROBLEM_STATUS: Readonly<Record<ProblemCode, number>> = Object.freeze({
  REQUEST_INVALID: 400,
  JSON_INVALID: 400,
  TEXT_ENCODING_INVALID: 422,
  TEXT_NUL_REFUSED: 422,
  MEDIA_TYPE_UNSUPPORTED: 415,
  BODY_TOO_LARGE: 413,
  FILE_EMPTY: 422,
  STORAGE_QUOTA_EXCEEDED: 507,
  UNAUTHENTICATED: 401,
  API_KEY_REVOKED: 401,
  FORBIDDEN: 403,
  CHAIN_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  UNIT_NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  UNIT_NAME_TAKEN: 409,
  RATE_LIMITED: 429,
  CERTIFICATE_RATE_LIMITED: 429,
  NOT_READY: 503,
  NODE_OPTIONS_INVALID: 500,
  DATA_DIR_LOCKED: 409,
  WORKER_DATABASE_EMBEDDED: 409,
  INTERNAL_ERROR: 500,

  ENTRY_INVALID: 400,
  BATCH_TOO_LARGE: 413,
  // draft-ietf-httpapi-idempotency-key-header §2.7: a reused key with another payload is 422.
  IDEMPOTENCY_KEY_REUSED: 422,
  OVERLOADED: 503,
  LEDGER_OPTIONS_INVALID: 500,
  LEDGER_CLOSED: 503,
  LEDGER_HALTED: 503,
  STORAGE_CONFLICT: 503,
  STORAGE_CORRUPT: 500,
  STORAGE_UNAVAILABLE: 503,
  INDEX_OUT_OF_RANGE: 404,
  TREE_SIZE_INVALID: 400,
  CHECKPOINT_NOT_FOUND: 404,
  TILE_NOT_FOUND: 404,

  STORE_OPTIONS_INVALID: 500,
  DATABASE_UNAVAILABLE: 503,
  DATABASE_ERROR: 500,
  SCHEMA_TOO_NEW: 500,
  MIGRATION_MISMATCH: 500,
  MIGRATION_FAILED: 500,
  DURABILITY_UNAVAILABLE: 500,
  STORE_CLOSED: 503,
  SEQUENCER_ALREADY_RUNNING: 409,
  SEQUENCER_LOCK_LOST: 503,
  BLOB_TOO_LARGE: 413,
  BLOB_NOT_FOUND: 404,
  BLOB_ADDRESS_INVALID: 400,
  BLOB_DIGEST_MISMATCH: 400,
  BLOB_WRITE_FAILED: 500,

  HASH_ALGORITHM_UNKNOWN: 400,
  HASH_SIZE_INVALID: 500,
  PROOF_SIZE_INVALID: 500,
  INCLUSION_PROOF_INVALID: 500,
  CONSISTENCY_PROOF_INVALID: 500,
  NODE_MISSING: 500,
  COMPACT_RANGE_INVALID: 500,
  TILE_PATH_INVALID: 400,
  TILE_DATA_INVALID: 500,
  ENTRY_BUNDLE_INVALID: 500,

  OPTIONS_INVALID: 500,
  KEY_INVALID: 500,
  VERIFIER_KEYS_AMBIGUOUS: 500,
  NOTE_MALFORMED: 500,
  NOTE_TOO_LARGE: 500,
  NOTE_TOO_MANY_SIGNATURES: 500,
  SIGNATURE_INVALID: 500,
  NO_TRUSTED_SIGNATURE: 500,
  CHECKPOINT_MALFORMED: 500,
  CHECKPOINT_ORIGIN_MISMATCH: 500,
  COSIGNATURE_MALFORMED: 500,
  COSIGNATURE_INVALID: 500,
  COSIGNATURE_QUORUM_NOT_MET: 500,
  RECEIPT_MALFORMED: 500,
  RECEIPT_ORIGIN_MISMATCH: 500,
  CANONICAL_JSON_INVALID: 400,

  ENCODING_INVALID: 400,
  HASH_FINALIZED: 500,
  KEY_TEXT_INVALID: 500,
  KEY_ID_MISMATCH: 500,

  ...CONSORTIUM_ERROR_STATUS,
  ...CAPTURE_PROBLEM_STATUS,
  ...JOB_PROBLEM_STATUS,
  ...REGISTRY_PROBLEM_STATUS,
  ...CERTIFICATE_PROBLEM_STATUS,
  ...ACCOUNTS_PROBLEM_STATUS,

  TRUST_FILE_INVALID: 500,
  BUNDLE_INVALID: 400,
  BUNDLE_PENDING: 400,
  BUNDLE_NOT_VERIFIED: 422,
  CHAIN_UNKNOWN: 404,
});

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  details?: Record<string, unknown>;
}

export interface ProblemAnswer {
  problem: Problem;
  /** Seconds, for Retry-After on 429 and 503. */
  retryAfterSeconds?: number;
}

function statusOf(code: string): number {
  return Object.hasOwn(PROBLEM_STATUS, code) ? PROBLEM_STATUS[code as ProblemCode] : 500;
}

function problemType(code: string): string {
  return `urn:sealchain:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

function readRetryAfterSeconds(details: Readonly<Record<string, unknown>>): number | undefined {
  const ms = details['retryAfterMs'];
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0
    ? Math.max(1, Math.ceil(ms / 1000))
    : undefined;
}

/**
 * The problem answer for any thrown value. Only typed errors of a 4xx or 503 status show their
 * message and details; anything else is reported as an internal error without internals.
 */
export function errorToProblem(error: unknown): ProblemAnswer {
  if (!isSealchainError(error)) return internalProblem();
  const status = statusOf(error.code);
  if (status === 500) return internalProblem();
  const problem: Problem = {
    type: problemType(error.code),
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
  };
  if (Object.keys(error.details).length > 0) problem.details = { ...error.details };
  const retryAfterSeconds =
    status === 429 || status === 503 ? (readRetryAfterSeconds(error.details) ?? 1) : undefined;
  return retryAfterSeconds === undefined ? { problem } : { problem, retryAfterSeconds };
}

function internalProblem(): ProblemAnswer {
  return {
    problem: {
      type: problemType('INTERNAL_ERROR'),
      title: TITLES[500]!,
      status: 500,
      detail: 'the node failed to answer; the failure is in its log',
      code: 'INTERNAL_ERROR',
    },
  };
}

/** The Response carrying a problem, with Retry-After when it has one. */
export function problemToResponse(answer: ProblemAnswer): Response {
  const headers = new Headers({ 'content-type': PROBLEM_MEDIA_TYPE, 'cache-control': 'no-store' });
  if (answer.retryAfterSeconds !== undefined) headers.set('retry-after', String(answer.retryAfterSeconds));
  return new Response(JSON.stringify(answer.problem), { status: answer.problem.status, headers });
}
