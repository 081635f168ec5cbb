import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  UserAnswerSchema,
  UserListSchema,
  UserNameParamSchema,
  UserRequestSchema,
  UserWithPasswordSchema,
  type UserSchema,
} from '../contract/index.ts';
import { ApiError } from '../errors.ts';
import { recordAccountChange } from '../account-audit.ts';
import { jsonResponse } from './json-response.ts';
import { problemResponses } from './problem-responses.ts';

// User accounts, for operators (logged in) and the admin token (`sealchain user …`).

const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];

function usersOf(context: ApiContext) {
  const accounts = context.accounts();
  if (accounts === undefined) throw new ApiError('NOT_READY', 'the node holding the accounts is starting');
  return accounts.users;
}

function showUser(user: z.infer<typeof UserSchema> & { id?: string }): z.infer<typeof UserSchema> {
  const { id: _id, ...shown } = user;
  return shown;
}

/** Who made an operator's change, for the audit log. */
function describeActor(c: Context<ApiEnv>): string {
  const unit = c.get('unit');
  return unit === undefined ? 'the admin token' : unit.name;
}

const noStore = { 'cache-control': 'no-store' };

export function registerUserRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users',
      tags: ['accounts'],
      summary: 'Every user account (operators, admin token)',
      security,
      responses: { 200: jsonResponse('The users', UserListSchema), ...problemResponses(401, 403) },
    }),
    async (c) => c.json({ users: (await usersOf(context).listUsers()).map(showUser) }, 200, noStore),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users',
      tags: ['accounts'],
      summary: 'Create a user account; without a password, a one-time password is returned once',
      security,
      middleware: [limitBody(context.options.maxUnitBodyBytes)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: UserRequestSchema } } },
      },
      responses: {
        201: jsonResponse('The user', UserWithPasswordSchema),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const created = await usersOf(context).createUser({
        name: body.name,
        organisation: body.organisation,
        roles: body.roles,
        ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
        ...(body.password === undefined ? {} : { password: body.password }),
      });
      return c.json({ user: showUser(created.user), oneTimePassword: created.oneTimePassword }, 201, noStore);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{name}/disable',
      tags: ['accounts'],
      summary: 'Disable a user account for good: it cannot log in and its sessions end',
      security,
      request: { params: UserNameParamSchema },
      responses: { 200: jsonResponse('The user', UserAnswerSchema), ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json({ user: showUser(await usersOf(context).disableUser(c.req.valid('param').name)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{name}/password',
      tags: ['accounts'],
      summary: "Reset a user's password: a one-time password is returned once and the user's sessions end",
      security,
      request: { params: UserNameParamSchema },
      responses: {
        200: jsonResponse('The new password', UserWithPasswordSchema),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const reset = await usersOf(context).resetPassword(c.req.valid('param').name);
      return c.json({ user: showUser(reset.user), oneTimePassword: reset.oneTimePassword }, 200, noStore);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{name}/totp/disable',
      tags: ['accounts'],
      summary:
        "Switch off a user's second factor (a lost phone): the user logs in with the password alone and may enrol again",
      security,
      request: { params: UserNameParamSchema },
      responses: {
        200: jsonResponse('The user', UserAnswerSchema),
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const user = await usersOf(context).resetTotp(c.req.valid('param').name);
      await recordAccountChange(
        context,
        c,
        'TOTP_RESET',
        `${describeActor(c)} switched off ${user.name}'s second factor`,
      );
      return c.json({ user: showUser(user) }, 200, noStore);
    },
  );
}
