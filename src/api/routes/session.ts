import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { ActiveSession } from '../../services/index.ts';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  LoginRequestSchema,
  PasswordChangeRequestSchema,
  SessionSchema,
  TotpDisableRequestSchema,
  TotpEnrolmentRequestSchema,
  TotpEnrolmentSchema,
} from '../contract/index.ts';
import { ApiError } from '../errors.ts';
import { recordAccountChange } from '../account-audit.ts';
import {
  checkOrigin,
  clearSessionCookie,
  readClientAddress,
  requireSession,
  writeSessionCookie,
} from '../session-auth.ts';
import { jsonResponse } from './json-response.ts';
import { problemResponses } from './problem-responses.ts';

// Logging in and out of the web portal (session cookie + CSRF token), and a user's own account.

const MAX_LOGIN_BODY_BYTES = 4 * 1024;

function accountsOf(context: ApiContext) {
  const accounts = context.accounts();
  if (accounts === undefined) throw new ApiError('NOT_READY', 'the node holding the accounts is starting');
  return accounts;
}

function sessionToAnswer(session: ActiveSession) {
  const { user } = session;
  return {
    user: {
      name: user.name,
      displayName: user.displayName,
      organisation: user.organisation,
      roles: user.roles,
      totpEnabled: user.totpEnabled,
      passwordChangeRequired: user.passwordChangeRequired,
    },
    csrfToken: session.csrfToken,
  };
}

const noStore = { 'cache-control': 'no-store' };
const security = [{ sessionCookie: [] }];

export function registerSessionRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'sealchain_session',
    description: 'The web portal session (POST /v1/session); writes also need the X-CSRF-Token header',
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/session',
      tags: ['accounts'],
      summary: 'Log in: sets the session cookie and returns the user and the CSRF token',
      middleware: [limitBody(MAX_LOGIN_BODY_BYTES)] as const,
      request: { body: { required: true, content: { 'application/json': { schema: LoginRequestSchema } } } },
      responses: {
        200: jsonResponse('Logged in', SessionSchema),
        ...problemResponses(400, 401, 403, 413, 415, 422, 429),
      },
    }),
    async (c) => {
      checkOrigin(context, c);
      const accounts = accountsOf(context);
      const body = c.req.valid('json');
      const { sessionId, session } = await accounts.sessions.login({
        name: body.name,
        password: body.password,
        ...(body.totp === undefined ? {} : { totp: body.totp }),
        clientAddress: readClientAddress(c),
      });
      writeSessionCookie(context, c, sessionId, accounts.sessionOptions.absoluteTimeoutMs);
      return c.json(sessionToAnswer(session), 200, noStore);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/session',
      tags: ['accounts'],
      security,
      summary: 'The logged-in user and the CSRF token of the session',
      responses: {
        200: jsonResponse('The session', SessionSchema),
        ...problemResponses(401),
      },
    }),
    (c) => c.json(sessionToAnswer(requireSession(c)), 200, noStore),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/session',
      tags: ['accounts'],
      security,
      summary: 'Log out: the session ends and the cookie is cleared',
      responses: { 204: { description: 'Logged out' }, ...problemResponses(401, 403) },
    }),
    async (c) => {
      await accountsOf(context).sessions.endSession(requireSession(c));
      clearSessionCookie(context, c);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/session/totp',
      tags: ['accounts'],
      security,
      summary:
        'Second factor (judges, registrars, operators): without a code, a new secret as an otpauth:// URI (shown once); with the code it shows, the factor is on',
      middleware: [limitBody(MAX_LOGIN_BODY_BYTES)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: TotpEnrolmentRequestSchema } } },
      },
      responses: {
        200: jsonResponse('The secret to enrol, or the factor switched on', TotpEnrolmentSchema),
        ...problemResponses(400, 401, 403, 413, 415, 422),
      },
    }),
    async (c) => {
      const session = requireSession(c);
      const { code } = c.req.valid('json');
      const users = accountsOf(context).users;
      if (code === undefined) {
        const { otpauthUri } = await users.startTotpEnrolment(session.user.id);
        return c.json({ otpauthUri, totpEnabled: session.user.totpEnabled }, 200, noStore);
      }
      await users.confirmTotp(session.user.id, code);
      return c.json({ totpEnabled: true }, 200, noStore);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/password',
      tags: ['accounts'],
      security,
      summary: 'Change your own password (logged-in users)',
      middleware: [limitBody(MAX_LOGIN_BODY_BYTES)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: PasswordChangeRequestSchema } } },
      },
      responses: { 204: { description: 'Changed' }, ...problemResponses(400, 401, 403, 413, 415, 422) },
    }),
    async (c) => {
      const session = requireSession(c);
      const body = c.req.valid('json');
      await accountsOf(context).users.changePassword(
        session.user.id,
        body.currentPassword,
        body.newPassword,
        session.idHash,
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/totp/disable',
      tags: ['accounts'],
      security,
      summary: 'Switch off your own second factor, with your password and a current code',
      middleware: [limitBody(MAX_LOGIN_BODY_BYTES)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: TotpDisableRequestSchema } } },
      },
      responses: {
        200: jsonResponse('The factor is off', TotpEnrolmentSchema),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const session = requireSession(c);
      const body = c.req.valid('json');
      await accountsOf(context).users.disableOwnTotp(session.user.id, body.password, body.code);
      await recordAccountChange(
        context,
        c,
        'TOTP_DISABLED',
        `${session.user.name} switched off their own second factor`,
      );
      return c.json({ totpEnabled: false }, 200, noStore);
    },
  );
}
