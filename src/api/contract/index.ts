// The HTTP contract: request and response schemas (zod, OpenAPI 3.1), shared by the routes and
// the web portal's typed client.
export {
  AlarmSchema,
  AnchorProofSchema,
  AnchorSchema,
  BatchRequestSchema,
  BatchResultSchema,
  CaseNumberSchema,
  ChainInfoSchema,
  ChainParamSchema,
  CreatedUnitSchema,
  DepositResultSchema,
  DigestSchema,
  EntryListSchema,
  EntryRequestSchema,
  EntrySignatureSchema,
  IdempotencyHeaderSchema,
  IndexParamSchema,
  MetaSchema,
  PendingSchema,
  PrincipalRequestSchema,
  ProblemSchema,
  ProofBundleSchema,
  QuorumTallySchema,
  StoredEntrySchema,
  UnitListSchema,
  UnitRequestSchema,
  UnitSchema,
  UploadResultSchema,
  VerificationRecordSchema,
  VerificationRequestSchema,
  VerificationResultSchema,
  WitnessStatusSchema,
} from './schemas.ts';
export {
  ReviewDecidedSchema,
  ReviewDecisionSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  WorkFileSchema,
  WorkNumberParamSchema,
  WorkViewSchema,
} from './reviews.ts';
export { AnchoredParamSchema, AnchorQuerySchema, ChainListSchema } from './chains.ts';
export { TrustFileSchema } from './consortium.ts';
export {
  LicenseAnswerSchema,
  LicenseGrantSchema,
  LicenseListSchema,
  LicenseNumberParamSchema,
  LicenseRevocationRequestSchema,
  LicenseRevocationSchema,
  LicenseRevokerSchema,
  LicenseSchema,
  LicenseTermsSchema,
} from './licenses.ts';
export {
  MAX_META_QUERY_CHARS,
  UploadBodySchema,
  UploadParamsSchema,
  UploadQuerySchema,
  type UploadResult,
} from './uploads.ts';
export {
  CaseVerificationsQuerySchema,
  CaseVerificationsSchema,
  type CaseVerifications,
  type VerificationRecord,
  type VerificationRequest,
  type VerificationResult,
} from './verifications.ts';
export { AlarmListSchema, type Alarm, type AlarmList } from './alarms.ts';
export {
  CAPTURE_ATTACHMENT_TYPES,
  CaptureAttachmentParamsSchema,
  CaptureAttachmentSchema,
} from './capture-attachments.ts';
export {
  CertificateHtmlSchema,
  CertificatePdfSchema,
  CertificateQuerySchema,
  EntryCertificateParamsSchema,
} from './certificates.ts';
export { MetricsTextSchema, StatusSchema, type Status } from './health.ts';
export {
  JOB_STATUSES,
  JobIdSchema,
  JobListQuerySchema,
  JobListSchema,
  JobSchema,
  type JobList,
  type JobView,
} from './jobs.ts';
export {
  KEY_LABEL_PATTERN,
  KeyIdSchema,
  KeyListSchema,
  KeyRequestSchema,
  type CreatedKey,
  type KeyList,
  type KeyRequest,
} from './me-keys.ts';
export { UnitIdParamsSchema, type CreatedUnit, type Unit, type UnitList } from './units.ts';
export {
  CheckpointNoteSchema,
  EntryBundleParamsSchema,
  HashTileParamsSchema,
  LogBinarySchema,
  LogParamsSchema,
} from './log.ts';
export {
  CASES_PAGE_MAX,
  CaseListParamsSchema,
  CaseListSchema,
  CasesQuerySchema,
  CaseSummarySchema,
  ChainStatsSchema,
  StatsSchema,
  VerificationSummarySchema,
  type CaseList,
  type CaseSummary,
  type ChainStatsAnswer,
  type Stats,
} from './stats.ts';
export {
  AddCheckpointBodySchema,
  CosignatureLinesSchema,
  TlogSizeSchema,
  WitnessAlarmListSchema,
  WitnessAlarmSchema,
  WitnessParamsSchema,
  type WitnessAlarmList,
  type WitnessAlarmView,
} from './witness.ts';
export {
  JsonAnswerSchema,
  MyWorksQuerySchema,
  NumberParamSchema,
  RegistrationQuerySchema,
  WORK_TYPES,
  WorkFormSchema,
  WorkListQuerySchema,
  WorkNumberParamsSchema,
  type MyWorksAnswer,
  type RegistrationAnswer,
  type RegistrationStatus,
  type ReviewSimilarView,
  type ReviewView,
  type SimilarWorkView,
  type WorkAnswer,
  type WorkLinks,
  type WorkListAnswer,
  type WorkType,
  type WorkView,
} from './works.ts';
export type { ChainInfo, ChainList, EntryList, StoredEntry } from './answers.ts';
export {
  LoginRequestSchema,
  OrganisationListSchema,
  OrganisationRequestSchema,
  OrganisationSchema,
  PasswordChangeRequestSchema,
  PrincipalIdParamSchema,
  SessionSchema,
  SessionUserSchema,
  TotpDisableRequestSchema,
  TotpEnrolmentRequestSchema,
  TotpEnrolmentSchema,
  UserAnswerSchema,
  UserListSchema,
  UserNameParamSchema,
  UserRequestSchema,
  UserSchema,
  UserWithPasswordSchema,
} from './accounts.ts';
export {
  CAPTURE_STATUSES,
  CaptureIdParamSchema,
  CaptureJobSchema,
  CaptureListQuerySchema,
  CaptureListSchema,
  CaptureRequestSchema,
  CaptureSummarySchema,
  DEFAULT_CAPTURE_PAGE,
  MAX_CAPTURE_PAGE,
  type CaptureList,
  type CaptureSummary,
} from './captures.ts';
export {
  DEFAULT_ENTRIES_PAGE,
  MAX_ENTRIES_PAGE,
  MyEntriesPageSchema,
  MyEntriesQuerySchema,
  MyEntrySchema,
  type MyEntriesPage,
  type MyEntry,
} from './me-entries.ts';
