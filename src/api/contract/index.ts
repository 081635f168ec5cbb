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
export { CertificateHtmlSchema, CertificatePdfSchema, CertificateQuerySchema } from './certificates.ts';
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
