export type { BlobFiles, WrittenBlob } from './blobs.ts';
export { readBundleHead, type BundleHead, type BundleWait } from './bundle-heads.ts';
export {
  createCaptureAnchor,
  findCaptureOfEntry,
  listOwnCaptures,
  parseCaptureCursor,
  readOwnCapture,
  requireCaptures,
  type OwnCapturesPage,
  type OwnCapturesRequest,
} from './captures.ts';
export {
  listOwnEntries,
  mergeChainEntries,
  readChainEntriesPage,
  type ChainEntriesPage,
  type OwnEntriesPage,
  type OwnEntriesRequest,
  type OwnEntry,
} from './own-entries.ts';
export {
  formatOwnEntriesCursor,
  MAX_CURSOR_CHAINS,
  parseOwnEntriesCursor,
  type OwnEntriesCursor,
} from './own-entries-cursor.ts';
export {
  describeCaptureSubject,
  describeEntrySubject,
  describeLicenseSubject,
  describePlainSubject,
  describeRegistrySubject,
  describeVerificationSubject,
  type SubjectSources,
} from './certificate-subjects.ts';
export { formatEntryId, readStoredEntry, requireEntry, type ChainHandle } from './chain.ts';
export { CheckpointWatcher } from './checkpoint-watcher.ts';
export {
  checkEntryTypes,
  depositEntries,
  type DepositPorts,
  type DepositRequest,
  type DepositResult,
  type EntryInput,
  type EntryQuota,
} from './deposits.ts';
export { ServiceError, type ServiceErrorCode, type StoreErrorCode } from './errors.ts';
export { isEntryFinal, type FinalityHead } from './finality.ts';
export {
  buildProofBundle,
  DEFAULT_PROOF_BUNDLE_OPTIONS,
  readBundleUnder,
  readFinalBundle,
  readProofBundle,
  type ProofBundleOptions,
  type ReadBundle,
} from './proof-bundles.ts';
export { readLicenseRevocation } from './license-status.ts';
export { UnitQuota } from './unit-quota.ts';
export {
  isWorksChain,
  registerWork,
  requireWorksService,
  type RegisterWorkInput,
  type WorksService,
} from './works.ts';
export {
  DEFAULT_SESSION_OPTIONS,
  resolveSessionOptions,
  SessionService,
  userToSessionUser,
  type ActiveSession,
  type LoginRequest,
  type SessionOptions,
  type SessionOptionsInput,
  type SessionUser,
} from './sessions.ts';
export { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';
export {
  checkPassword,
  TOTP_ROLES,
  UserService,
  type NewUserRequest,
  type PrincipalDirectory,
  type UserView,
} from './users.ts';
