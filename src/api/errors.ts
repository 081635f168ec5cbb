import { SealchainError } from '../errors/index.ts';

/** Failures the HTTP layer itself detects; each maps to one status in problem.ts. */
export type ApiErrorCode =
  /** A parameter, query or body field fails its schema; `details.issues` lists each problem. */
  | 'REQUEST_INVALID'
  /** The body is not JSON. */
  | 'JSON_INVALID'
  | 'MEDIA_TYPE_UNSUPPORTED'
  /** The path, query, a header or the JSON body is not valid UTF-8; `details.in` says which. */
  | 'TEXT_ENCODING_INVALID'
  /** The path, query, a header or the JSON body holds U+0000; `details.in` (and `details.field`) say where. */
  | 'TEXT_NUL_REFUSED'
  /** The body is larger than the endpoint accepts; `details.maxBytes` says how large it may be. */
  | 'BODY_TOO_LARGE'
  /** The uploaded file has 0 bytes: its digest would be the same for every empty file, so nothing is stored. */
  | 'FILE_EMPTY'
  /** No bearer token, or one the node does not know. */
  | 'UNAUTHENTICATED'
  /** The API key belonged to a unit that has been revoked. */
  | 'API_KEY_REVOKED'
  /** The credential is valid but not for this endpoint (a unit key on an admin endpoint). */
  | 'FORBIDDEN'
  | 'CHAIN_NOT_FOUND'
  | 'ENTRY_NOT_FOUND'
  | 'UNIT_NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  /** Another unit already has (or had) this name. */
  | 'UNIT_NAME_TAKEN'
  /** The unit's token bucket is empty; `details.retryAfterMs` says when to retry. */
  | 'RATE_LIMITED'
  /** The client asked for more certificates than ApiOptions.certificateRendersPerMinute; `details.retryAfterMs`. */
  | 'CERTIFICATE_RATE_LIMITED'
  /** The unit holds its quota of entries on the chain (ApiOptions.unitEntryQuota); waiting does not help. */
  | 'STORAGE_QUOTA_EXCEEDED'
  /** The node is starting or stopping. */
  | 'NOT_READY'
  | 'NODE_OPTIONS_INVALID'
  /** Another running process holds the data directory. */
  | 'DATA_DIR_LOCKED'
  /**
   * A job worker was pointed at an embedded PGlite database another process (the node) holds: an
   * embedded database has one process; workers share a PostgreSQL server (`databaseUrl`).
   */
  | 'WORKER_DATABASE_EMBEDDED'
  | 'INTERNAL_ERROR';

export class ApiError extends SealchainError<ApiErrorCode> {}
