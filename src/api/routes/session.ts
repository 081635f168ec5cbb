import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { ActiveSession } from '../../services/index.ts';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import {
  checkOrigin,
  clearSessionCookie,
  readClientAddress,
  requireSession,
  writeSessionCookie,
} from '../session-auth.ts';
import { problemResponses } from './problem-responses.ts';

// Logging in and out of the web portal (session cookie + CSRF token), and a user's own account.

const MAX_LOGIN_BODY_BYTES = 4 * 1024;

export const SessionUserSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    organisation: z.string().nullable(),
    roles: z.array(z.string()),
    totpEnabled: z.boolean(),
    passwordChangeRequired: z.boolean(),
  })
  .openapi('SessionUser');

const SessionSchema = z
  .object({
    user: SessionUserSchema,
    csrfToken: z
      .string()
      .openapi({ description: 'Send as X-CSRF-Token on every write made with the session cookie' }),
  })
  .openapi('Session');

const LoginSchema = z.strictObject({
  name: z.string().min(1).max(255),
  password: z.string().min(1).max(1024),
  totp: z
    .string()
    .regex(/^[0-9]{6}$/, 'must be the 6-digit code')
    .optional(),
});

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
      request: { body: { required: true, content: { 'application/json': { schema: LoginSchema } } } },
      responses: {
        200: { description: 'Logged in', content: { 'application/json': { schema: SessionSchema } } },
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
        200: { description: 'The session', content: { 'application/json': { schema: SessionSchema } } },
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
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                code: z
                  .string()
                  .regex(/^[0-9]{6}$/, 'must be the 6-digit code')
                  .optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: {
          description: 'The secret to enrol, or the factor switched on',
          content: {
            'application/json': {
              schema: z.object({ otpauthUri: z.string().optional(), totpEnabled: z.boolean() }),
            },
          },
        },
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
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                currentPassword: z.string().min(1).max(1024),
                newPassword: z.string().min(1).max(1024),
              }),
            },
          },
        },
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
}
