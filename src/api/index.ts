export { createApp, ROUTE_MODULES, type RegisterRoutes } from './app.ts';
export type { AccountServices, ApiContext, ApiEnv, ChainHandle } from './context.ts';
export { ApiError, type ApiErrorCode } from './errors.ts';
export { DEFAULT_ENTRIES_PAGE, MyEntriesPageSchema, MyEntriesQuerySchema } from './contract/index.ts';
export { DEFAULT_API_OPTIONS, resolveApiOptions, type ApiOptions } from './options.ts';
export {
  errorToProblem,
  PROBLEM_MEDIA_TYPE,
  PROBLEM_STATUS,
  type Problem,
  type ProblemCode,
} from './problem.ts';
export {
  createAdminToken,
  initAdminToken,
  isAdminTokenHash,
  UnitRegistry,
  type CreatedUnit,
  type UnitView,
} from './unit-registry.ts';
export { forkReportToView, sortAlarms, witnessAlarmToView, type AlarmView } from './alarm-view.ts';
export {
  pickFinalityOptions,
  resolveChainServiceOptions,
  type ChainServiceOptions,
} from './chain-service-options.ts';
export { NodeMetrics, type NodeMetricsOptions } from './metrics.ts';
export { resolvePublicBaseUrl } from './public-base-url.ts';
export { TokenBucketLimiter } from './rate-limit.ts';
export { FileSecurityAudit, SECURITY_AUDIT_FILE } from './security-audit.ts';
export { createWitnessRoutes } from './routes/witness.ts';
export { CSRF_HEADER, SESSION_COOKIE } from './session-auth.ts';
