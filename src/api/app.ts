import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { authoriseByTable, listUnlistedRoutes } from './auth.ts';
import type { ApiContext, ApiEnv } from './context.ts';
import { ApiError, type ApiErrorCode } from './errors.ts';
import { errorToProblem, problemToResponse } from './problem.ts';
import { isAuditedRefusal } from './security-audit.ts';
import { registerAlarmRoutes } from './routes/alarms.ts';
import { registerBundleRoutes } from './routes/bundles.ts';
import { registerChainRoutes } from './routes/chains.ts';
import { registerDocRoutes } from './routes/docs.ts';
import { registerEntryRoutes } from './routes/entries.ts';
import { registerMeEntryRoutes } from './routes/me-entries.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerLogRoutes } from './routes/log.ts';
import { registerStatsRoutes } from './routes/stats.ts';
import { registerDashboardStatsRoutes } from './routes/dashboard-stats.ts';
import { registerUnitRoutes } from './routes/units.ts';
import { registerPrincipalRoutes } from './routes/principals.ts';
import { registerMeKeyRoutes } from './routes/me-keys.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import { registerCertificateRoutes } from './routes/certificates.ts';
import { registerLicenseRoutes } from './routes/licenses.ts';
import { registerVerifyPageRoutes } from './routes/verify-page.ts';
import { registerWorkRoutes } from './routes/works.ts';
import { registerMyWorkRoutes } from './routes/my-works.ts';
import { registerReviewRoutes } from './routes/reviews.ts';
import { registerWorkFileRoutes } from './routes/work-files.ts';
import { registerVerificationRoutes } from './routes/verifications.ts';
import { registerWitnessPaths } from './routes/witness.ts';
import { registerCaptureRoutes } from './routes/captures.ts';
import { registerCaptureAttachmentRoutes } from './routes/capture-attachments.ts';
import { registerConsortiumRoutes } from './routes/consortium.ts';
import { answerPortalFallback, registerWebRoutes } from './routes/web.ts';
import { registerSessionRoutes } from './routes/session.ts';
import { registerUserRoutes } from './routes/users.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { setSecurityHeaders } from './security-headers.ts';
import { refuseMalformedText } from './text-guard.ts';

const MAX_ISSUES = 20;

/** A module of routes: registers its endpoints on the app, over the node's context. */
export type RegisterRoutes = (app: OpenAPIHono<ApiEnv>, context: ApiContext) => void;

/** The route modules of a chain node, in registration order: a new resource adds one line here. */
export const ROUTE_MODULES: readonly RegisterRoutes[] = [
  registerHealthRoutes,
  registerChainRoutes,
  registerConsortiumRoutes,
  registerEntryRoutes,
  registerMeEntryRoutes,
  registerBundleRoutes,
  registerUploadRoutes,
  registerLogRoutes,
  registerWitnessPaths,
  registerUnitRoutes,
  registerPrincipalRoutes,
  registerMeKeyRoutes,
  registerVerificationRoutes,
  registerStatsRoutes,
  registerDashboardStatsRoutes,
  registerAlarmRoutes,
  registerCaptureRoutes,
  registerCaptureAttachmentRoutes,
  registerJobRoutes,
  registerWorkRoutes,
  registerLicenseRoutes,
  registerReviewRoutes,
  registerWorkFileRoutes,
  registerMyWorkRoutes,
  registerCertificateRoutes,
  registerVerifyPageRoutes,
  registerWebRoutes,
  registerSessionRoutes,
  registerUserRoutes,
];

interface ZodIssueLike {
  path: readonly PropertyKey[];
  message: string;
}

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

function validationError(target: string, issues: readonly ZodIssueLike[]): ApiError {
  const listed = issues.slice(0, MAX_ISSUES).map((issue) => ({
    field: formatIssuePath(issue.path) || target,
    message: issue.message,
  }));
  const first = listed[0];
  return new ApiError(
    'REQUEST_INVALID',
    first === undefined ? `the request ${target} is invalid` : `${first.field}: ${first.message}`,
    { details: { in: target, issues: listed } },
  );
}

const EXCEPTION_CODES: Readonly<Record<number, ApiErrorCode>> = {
  400: 'JSON_INVALID',
  413: 'BODY_TOO_LARGE',
  415: 'MEDIA_TYPE_UNSUPPORTED',
};

function exceptionToError(exception: HTTPException): unknown {
  const code = EXCEPTION_CODES[exception.status];
  if (code === undefined) return exception;
  const message =
    code === 'JSON_INVALID'
      ? 'the request body is not valid JSON'
      : code === 'MEDIA_TYPE_UNSUPPORTED'
        ? 'this endpoint takes Content-Type: application/json'
        : 'the request body is too large';
  return new ApiError(code, message);
}

async function answerError(context: ApiContext, error: unknown, c: Context<ApiEnv>): Promise<Response> {
  const thrown = error instanceof HTTPException ? exceptionToError(error) : error;
  const answer = errorToProblem(thrown);
  // 503 (overload) and 507 (a unit's quota) are the client's to act on, not node failures.
  if (answer.problem.status >= 500 && answer.problem.status !== 503 && answer.problem.status !== 507) {
    context.logError(`${c.req.method} ${new URL(c.req.url).pathname} failed`, thrown);
  }
  if (isAuditedRefusal(answer.problem.status, answer.problem.code)) {
    const principal = c.get('unit');
    await context.audit.record({
      time: new Date().toISOString(),
      method: c.req.method,
      path: new URL(c.req.url).pathname.slice(0, 512),
      status: answer.problem.status,
      code: answer.problem.code,
      principal: principal?.name ?? null,
      organisation: principal?.organisation ?? null,
      message: answer.problem.detail ?? '',
    });
  }
  const response = problemToResponse(answer);
  // A refused request whose body was not read would leave the connection unusable for the next
  // request (the rest of the body is still on the wire), so it is closed after this answer.
  if (c.req.raw.body !== null && !c.req.raw.bodyUsed) response.headers.set('connection', 'close');
  return response;
}

/**
 * The HTTP API of a node over `context`: every route, problem answers, metrics and docs. Throws
 * when a route of `modules` has no entry in the permission table (src/accounts/permissions.ts).
 */
export function createApp(
  context: ApiContext,
  version: string,
  modules: readonly RegisterRoutes[] = ROUTE_MODULES,
): OpenAPIHono<ApiEnv> {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.target, result.error.issues);
      return undefined;
    },
  });
  app.use('*', async (c, next) => {
    // Verify links and QR codes are built on the configured public base URL, never on the
    // request's Host or X-Forwarded-Host (anyone could make a certificate point elsewhere).
    c.set('publicBaseUrl', context.publicBaseUrl);
    const started = performance.now();
    await next();
    context.metrics.observeRequest(
      c.req.method,
      routePath(c, -1),
      c.res.status,
      (performance.now() - started) / 1000,
    );
  });
  app.use('*', setSecurityHeaders());
  app.use('*', refuseMalformedText());
  app.use('*', authoriseByTable(context));
  app.onError((error, c) => answerError(context, error, c));
  app.notFound(
    async (c) =>
      (await answerPortalFallback(c)) ??
      answerError(
        context,
        new ApiError(
          'ROUTE_NOT_FOUND',
          `no endpoint ${c.req.method} ${new URL(c.req.url).pathname.slice(0, 256)}`,
        ),
        c,
      ),
  );
  for (const register of modules) register(app, context);
  registerDocRoutes(app, version);
  const unlisted = listUnlistedRoutes(app.routes);
  if (unlisted.length > 0) {
    throw new ApiError(
      'INTERNAL_ERROR',
      `routes without an entry in the permission table (src/accounts/permissions.ts): ${unlisted.join(', ')}`,
      { details: { routes: unlisted } },
    );
  }
  return app;
}
