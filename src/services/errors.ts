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
  | 'STORAGE_QUOTA_EXCEEDED';

export class ServiceError extends SealchainError<ServiceErrorCode> {}

/**
 * Storage failures a use case passes on as they are (DATABASE_UNAVAILABLE, BLOB_NOT_FOUND, …): part
 * of every use case's contract, so the HTTP layer maps them without reaching into src/store.
 */
export type { StoreErrorCode } from '../store/index.ts';
