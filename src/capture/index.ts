export {
  BrowserPool,
  DEFAULT_BROWSER_POOL_OPTIONS,
  findBrowserProblem,
  formatLaunchArgs,
  resolveBrowserPoolOptions,
  type BrowserLease,
  type BrowserPoolOptions,
} from './browser-pool.ts';
export { captureUrl, type CaptureEnvironment } from './capture.ts';
export type {
  CaptureJob,
  CaptureJobAnchor,
  CaptureJobChanges,
  CaptureJobCursor,
  CaptureJobError,
  CaptureJobListQuery,
  CaptureJobPhase,
  CaptureJobResult,
  CaptureJobStatus,
  CaptureJobStorage,
  PackageFile,
} from './capture-queue.ts';
export { CAPTURE_ANCHOR_JOB_KIND, CAPTURE_JOB_KIND, describeCaptureProgress } from './capture-queue.ts';
export type {
  CaptureAttachment,
  CapturePhase,
  CaptureResult,
  CaptureState,
  EnvironmentCheck,
  PartialReason,
} from './capture-result.ts';
export {
  buildCaptureMeta,
  CaptureService,
  DEFAULT_CAPTURE_SERVICE_OPTIONS,
  resolveCaptureServiceOptions,
  type CaptureAnchor,
  type CaptureBlobs,
  type CaptureChainClock,
  type CaptureJobsRun,
  type CaptureServiceConfig,
  type CaptureServiceOptions,
} from './capture-service.ts';
export { CaptureError, type CaptureErrorCode } from './errors.ts';
export type {
  CertificateInfo,
  FailedRequest,
  RecordedExchange,
  RecordedResponse,
  RefusalReason,
  RefusedRequest,
  TlsPeerRecord,
  TruncationReason,
} from './exchange.ts';
export {
  ALLOWABLE_CLASSES,
  checkCaptureUrl,
  classifyAddress,
  NetworkPolicy,
  type AddressClass,
} from './network-policy.ts';
export { DEFAULT_CAPTURE_OPTIONS, resolveCaptureOptions, type CaptureOptions } from './options.ts';
export { checkCapturePackage, type CaptureVerificationReport, type PackageCheck } from './package-check.ts';
export {
  buildProvenance,
  renderProvenanceHtml,
  type Provenance,
  type SoftwareDescription,
} from './provenance.ts';
export type { ResolveHost } from './recorder.ts';
export { describeSoftware } from './software.ts';
export {
  captureToWacz,
  WACZ_MEDIA_TYPE,
  WACZ_VERSION,
  type CaptureDescription,
  type PackageResource,
  type WaczPackage,
} from './wacz.ts';
export { digestZipEntries, type DigestedZipEntry } from './zip-digest.ts';
export { DEFAULT_ZIP_LIMITS, readZip, writeZip, type ZipFile, type ZipLimits } from './zip.ts';
