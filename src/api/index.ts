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
export { resolvePublicBaseUrl } from './public-base-url.ts';
export type { SecurityAudit, SecurityAuditEvent } from './security-audit.ts';
export { createWitnessRoutes } from './routes/witness.ts';
export { CSRF_HEADER, SESSION_COOKIE } from './session-auth.ts';
