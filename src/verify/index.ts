export {
  AUTHORITY_ENTRY_TYPES,
  AUTHORITY_TYPE_FAMILIES,
  isAuthorityEntryType,
  type AuthorityEntryType,
  type AuthorityFamily,
  type EntryAuthority,
} from './authorities.ts';
export {
  BUNDLE_FORMAT,
  BUNDLE_MEDIA_TYPE,
  parseBundle,
  type AnchorProof,
  type ProofBundle,
} from './bundle.ts';
export { checkBundle, verifyBundle, type CheckBundleOptions } from './check-bundle.ts';
export { CheckpointChecker, evaluateCheckpoint, type CheckpointOutcome } from './checkpoint-check.ts';
export {
  ENTRY_TIME_PATTERN,
  ENTRY_TYPE_PATTERN,
  ENTRY_VERSION,
  readEntryEnvelope,
  type EntryEnvelope,
} from './entry.ts';
export {
  checkEntryAuthority,
  type AuthorityCheckedEntry,
  type EntryAuthorityCode,
  type EntryAuthorityOutcome,
} from './entry-authority.ts';
export { VerifyError, type VerifyErrorCode } from './errors.ts';
export {
  describeQuorumRule,
  describeQuorumTally,
  isQuorumReached,
  listIndependentWitnesses,
  listOwnWitnesses,
  organisationOf,
  tallyQuorum,
  type QuorumChain,
  type QuorumTally,
} from './independent-quorum.ts';
export type { CheckId, CosignerReport, VerificationCheck, VerificationReport } from './report.ts';
export {
  findTrustedChain,
  MEMBER_ROLES,
  parseTrustFile,
  TRUST_FILE_VERSION,
  type ConsortiumMember,
  type MemberRole,
  type TrustedChain,
  type TrustedSigner,
  type TrustFile,
} from './trust.ts';
