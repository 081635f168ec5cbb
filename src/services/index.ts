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
export { readWorkFile, type WorkFile, type WorkFileReader } from './work-files.ts';
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
export { forkReportToView, sortAlarms, witnessAlarmToView, type AlarmView } from './alarm-view.ts';
export {
  CASE_PAGE_SIZE,
  countCaseUnion,
  readAllCases,
  type CaseTotals,
  type ReadCasePage,
} from './case-totals.ts';
export {
  DEFAULT_CHAIN_SERVICE_OPTIONS,
  pickFinalityOptions,
  resolveChainServiceOptions,
  type ChainServiceOptions,
} from './chain-service-options.ts';
export { readChainStats, type ChainStats, type UnitStats } from './chain-stats.ts';
export {
  DEFAULT_DASHBOARD_DAYS,
  listWindowDays,
  MAX_DASHBOARD_DAYS,
  readChainDailyStats,
  type ChainDailyStats,
} from './dashboard-stats.ts';
export { NodeMetrics, type NodeMetricsOptions } from './metrics.ts';
export { TokenBucketLimiter, type TakeResult } from './rate-limit.ts';
export {
  chooseKeyRoles,
  formatKeyName,
  isKeyOf,
  KEY_LABEL_PATTERN,
  SELF_SERVICE_KEY_ROLES,
} from './self-service-keys.ts';
export {
  createAdminToken,
  initAdminToken,
  isAdminTokenHash,
  UnitRegistry,
  viewToPrincipal,
  type CreatedUnit,
  type MemberName,
  type PrincipalRequest,
  type UnitView,
} from './unit-registry.ts';
export { admitEntries, runAdmitted, type AdmissionPorts, type EntryBuckets } from './admission.ts';
export { depositUpload, type UploadPorts, type UploadRequest, type UploadResult } from './uploads.ts';
export {
  listCaseVerifications,
  verifyAndRecord,
  type VerificationOutcome,
  type VerificationPorts,
  type VerificationRequest,
} from './verifications.ts';
