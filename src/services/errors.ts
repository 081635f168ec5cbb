import { SealchainError } from '../errors/index.ts';

/** Failures a use case itself detects; each maps to one status in src/api/problem.ts. */
export type ServiceErrorCode =
  /** An input outside what the use case takes (a wait longer than allowed, a digest of another algorithm); `details.field` names it. */
  | 'REQUEST_INVALID'
  /** No entry at that index; `details.size` is the chain's size. */
  | 'ENTRY_NOT_FOUND'
  /** This node does not run the service (the works registry or captures live on another chain's node). */
  | 'ROUTE_NOT_FOUND'
  /** The file is empty: its digest would be the same for every empty file. */
  | 'FILE_EMPTY'
  /** The unit holds its quota of entries on the chain; waiting does not help. */
  | 'STORAGE_QUOTA_EXCEEDED'
  /** The unit's token bucket is empty; `details.retryAfterMs` says when to retry. */
  | 'RATE_LIMITED'
  /** No bearer token, or one the node does not know. */
  | 'UNAUTHENTICATED'
  /** The API key belonged to a unit that has been revoked. */
  | 'API_KEY_REVOKED'
  /** The caller may not do this (a key role its owner does not hold). */
  | 'FORBIDDEN'
  | 'UNIT_NOT_FOUND'
  /** Another unit already has (or had) this name. */
  | 'UNIT_NAME_TAKEN'
  /** No node this one can reach serves the chain; `details.chains` lists those it can. */
  | 'CHAIN_NOT_FOUND'
  /** A node or consortium option is out of range or unknown; `details.key` names it. */
  | 'NODE_OPTIONS_INVALID'
  /** A chain answered something that cannot be (a case listed twice): not the client's fault. */
  | 'INTERNAL_ERROR';

export class ServiceError extends SealchainError<ServiceErrorCode> {}

/**
 * Storage failures a use case passes on as they are (DATABASE_UNAVAILABLE, BLOB_NOT_FOUND, …): part
 * of every use case's contract, so the HTTP layer maps them without reaching into src/store.
 */
export type { StoreErrorCode } from '../store/index.ts';
