export {
  createAddCheckpointPoster,
  formatTlogSize,
  parseTlogSize,
  TLOG_SIZE_MEDIA_TYPE,
  type AddCheckpointResponse,
  type PostAddCheckpoint,
} from './add-checkpoint-client.ts';
export {
  DEFAULT_MAX_ADD_CHECKPOINT_BYTES,
  formatAddCheckpointRequest,
  MAX_CONSISTENCY_PROOF_LINES,
  parseAddCheckpointRequest,
  type AddCheckpointRequest,
} from './add-checkpoint-request.ts';
export type {
  CaseSummary,
  ChainIndexBatch,
  ChainIndexStorage,
  IndexedAnchor,
  IndexedVerification,
  UnitTypeCount,
  DailyCount,
  DailyTypeCount,
  DailyUnitCount,
  UnitEntry,
  VerificationSummary,
} from './chain-index-storage.ts';
export {
  DEFAULT_COLLECTOR_OPTIONS,
  resolveCollectorOptions,
  type CollectorOptions,
} from './collector-options.ts';
export {
  ANCHOR_ENTRY_TYPE,
  ANCHOR_UNIT,
  buildAnchorRequest,
  digestAnchoredCheckpoint,
  readAnchorEntry,
  type AnchorEntryMeta,
} from './anchor-entry.ts';
export {
  collectAnchorProofs,
  waitForAnchorProofs,
  type AnchoringChain,
  type AnchorProofSource,
} from './anchor-proofs.ts';
export {
  Anchorer,
  DEFAULT_ANCHORER_OPTIONS,
  resolveAnchorerOptions,
  type AnchorerConfig,
  type AnchorerOptions,
  type AnchorRound,
  type EntryKind,
} from './anchorer.ts';
export {
  ChainIndexer,
  DEFAULT_CHAIN_INDEXER_OPTIONS,
  type ChainIndexerConfig,
  type ChainIndexerOptions,
} from './chain-indexer.ts';
export {
  assembleConsortium,
  DEFAULT_CONSORTIUM_ASSEMBLY_OPTIONS,
  type ConsortiumAssemblyOptions,
  type MemberSource,
} from './consortium-assembly.ts';
export { CONSORTIUM_DIGEST_PATTERN, digestConsortiumFile } from './consortium-digest.ts';
export {
  consortiumFileToJson,
  createConsortiumFile,
  formatConsortiumFile,
  relocateMembers,
  writeConsortiumFile,
} from './consortium-file.ts';
export {
  DEFAULT_CONSORTIUM_INIT_OPTIONS,
  DEFAULT_INDEPENDENT_WITNESSES,
  DEFAULT_MEMBER_NAMES,
  initConsortium,
  locateConsortiumFile,
  resolveConsortiumInitOptions,
  type ConsortiumInitOptions,
  type DefaultMemberName,
  type InitializedConsortium,
} from './consortium-init.ts';
export {
  loadConsortiumKeys,
  readConsortiumFile,
  readConsortiumFileDigest,
  readServiceKeyFile,
  type ConsortiumKeys,
} from './consortium-keys.ts';
export {
  collectCosignatures,
  type CollectorContext,
  type CosignatureCollection,
  type CosignatureRequest,
  type WitnessOutcome,
  type WitnessOutcomeKind,
} from './cosignature-collector.ts';
export { describeConsortium } from './describe-consortium.ts';
export { ConsortiumError, type ConsortiumErrorCode } from './errors.ts';
export {
  DEFAULT_FINALITY_OPTIONS,
  resolveFinalityOptions,
  type FinalityOptions,
} from './finality-options.ts';
export type { CosignedTreeHead, FinalityStorage, ForkReport, NewForkReport } from './finality-storage.ts';
export { Finalizer, type FinalizerConfig } from './finalizer.ts';
export {
  STALL_REPEAT_MS,
  type FinalityEvent,
  type WitnessHealth,
  type WitnessState,
} from './finality-health.ts';
export { createEntrySigner, type EntrySigner } from './entry-signer.ts';
export { locateKeyFiles, locateKeyFilesIn, readSignerKeyFile, writeSignerKeyFile } from './key-files.ts';
export {
  formatMemberFile,
  MAX_MEMBER_FILE_BYTES,
  MEMBER_FILE_FORMAT,
  parseMemberFile,
  planMember,
  type MemberFile,
  type MemberPlan,
  type MemberPlanOptions,
  type MemberSequencer,
  type MemberWitness,
  type PlannedMemberKey,
} from './member-file.ts';
export { initMember, readMemberFile, type InitializedMember, type MemberInitOptions } from './member-init.ts';
export {
  auditServedLog,
  DEFAULT_SERVED_LOG_AUDIT_OPTIONS,
  type ServedLogAuditOptions,
  type ServedLogAuditReport,
  type ServedLogAuditRequest,
  type ServedLogDivergence,
  type ServedLogDivergenceKind,
} from './served-log-audit.ts';
export {
  DEFAULT_TLOG_CLIENT_OPTIONS,
  TlogClient,
  type FetchFunction,
  type TlogClientOptions,
} from './tlog-client.ts';
export {
  DEFAULT_PEER_CLIENT_OPTIONS,
  locatePeerUrl,
  PeerClient,
  type PeerBundleAnswer,
  type PeerChainInfo,
  type PeerClientOptions,
} from './peer-client.ts';
export { SizeWaiters } from './size-waiters.ts';
export { Witness, type CosignedCheckpoint, type WitnessConfig, type WitnessedLog } from './witness.ts';
export { DEFAULT_WITNESS_OPTIONS, resolveWitnessOptions, type WitnessOptions } from './witness-options.ts';
export type {
  AdvanceOutcome,
  NewWitnessAlarm,
  WitnessAlarm,
  WitnessAlarmKind,
  WitnessedCheckpoint,
  WitnessLogState,
  WitnessStorage,
} from './witness-storage.ts';
export {
  buildVerificationFields,
  CASE_NUMBER_PATTERN,
  readVerificationEntry,
  VERIFICATION_ENTRY_TYPE,
  type VerificationEntryMeta,
} from './verification-entry.ts';
export { listWitnessedLogs } from './witnessed-logs.ts';
export { WitnessLane, type LaneHost, type LaneTiming, type SignedCheckpoint } from './witness-lane.ts';
