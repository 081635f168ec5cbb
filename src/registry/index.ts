export { discloseValue, openDisclosure, type Disclosure } from './commitments.ts';
export { readRegistryRecordOfEntry, type RegistryRecordOfEntry } from './entry-lookup.ts';
export { RegistryError, type RegistryErrorCode } from './errors.ts';
export {
  LicenseRegistry,
  type LicenseActor,
  type LicenseGrant,
  type LicenseRegistryConfig,
} from './license-registry.ts';
export {
  LICENSE_EXCLUSIVITY,
  LICENSE_SCOPES,
  parseLicenseTerms,
  type LicenseExclusivity,
  type LicenseScope,
  type LicenseTerms,
} from './license-terms.ts';
export { DEFAULT_REGISTRY_OPTIONS, resolveRegistryOptions, type RegistryOptions } from './options.ts';
export {
  computeCheckCharacter,
  formatRegistrationNumber,
  looksLikeRegistrationNumber,
  parseRegistrationNumber,
  type NumberKind,
  type RegistrationNumber,
} from './registration-number.ts';
export {
  describeRegistrationHold,
  readRegistrationStatus,
  readRevoker,
  requireCertifiable,
  toLicenseStatus,
  type LicenseStatus,
  type RegistrationStatus,
} from './review-status.ts';
export { ReviewRegistry, type DecisionRecord, type ReviewRegistryConfig } from './review-registry.ts';
export { findForbiddenCharacter, refuseForbiddenText } from './text-checks.ts';
export type {
  Decision,
  EntryRef,
  EntryRequest,
  NewLicense,
  NewWork,
  RegistryStorage,
  Revocation,
  Revoker,
  ReviewStatus,
  SimilarWork,
  StoredLicense,
  StoredWork,
  WorkCodes,
  WorkQuery,
} from './storage.ts';
export { TextSignatureIndex, type TextCandidate } from './text-signature-index.ts';
export {
  checkUploadFileName,
  receiveUploadForm,
  type UploadForm,
  type UploadFormLimits,
} from './upload-form.ts';
export {
  describeLicenseCertificate,
  describeRevocationCertificate,
  describeWorkCertificate,
  toLicenseView,
  toWorkView,
} from './views.ts';
export { inspectWorkFile, type WorkFingerprint } from './work-file.ts';
export { chooseWorkFileType, DOWNLOAD_TYPE, type WorkFilePreview } from './work-file-type.ts';
export { WorkIndex, type CodeMatch, type IndexedCodes, type SimilarityThresholds } from './work-index.ts';
export {
  normalizeHolderName,
  parseWorkMetadata,
  WORK_TYPES,
  type RightsHolder,
  type WorkMetadata,
  type WorkType,
} from './work-metadata.ts';
export {
  WorkRegistry,
  type Registration,
  type RegistrationRequest,
  type SimilarSearch,
  type WorkFileStore,
  type WorkRegistryConfig,
  type WorksChain,
} from './work-registry.ts';
