import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { problemResponses } from './problem-responses.ts';

// User accounts, for operators (logged in) and the admin token (`sealchain user …`).

const security: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];

const UserSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    organisation: z.string().nullable(),
    roles: z.array(z.string()),
    totpEnabled: z.boolean(),
    passwordChangeRequired: z.boolean(),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('User');

const UserWithPasswordSchema = z
  .object({
    user: UserSchema,
    oneTimePassword: z
      .string()
      .nullable()
      .openapi({ description: 'Shown once; null when the password was given' }),
  })
  .openapi('UserWithPassword');

const UserNameSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'judge-li' }),
});

function usersOf(context: ApiContext) {
  const accounts = context.accounts();
  if (accounts === undefined) throw new ApiError('NOT_READY', 'the node holding the accounts is starting');
  return accounts.users;
}

function showUser(user: z.infer<typeof UserSchema> & { id?: string }): z.infer<typeof UserSchema> {
  const { id: _id, ...shown } = user;
  return shown;
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
      responses: {
        200: {
          description: 'The users',
          content: { 'application/json': { schema: z.object({ users: z.array(UserSchema) }) } },
        },
        ...problemResponses(401, 403),
      },
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
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.strictObject({
                name: z.string().min(1).max(255).openapi({ example: 'judge-li' }),
                displayName: z.string().min(1).max(100).optional(),
                organisation: z.string().min(1).max(63).nullable(),
                roles: z.array(z.string().max(32)).min(1).max(8),
                password: z.string().min(1).max(1024).optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: { description: 'The user', content: { 'application/json': { schema: UserWithPasswordSchema } } },
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
      request: { params: UserNameSchema },
      responses: {
        200: {
          description: 'The user',
          content: { 'application/json': { schema: z.object({ user: UserSchema }) } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
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
      request: { params: UserNameSchema },
      responses: {
        200: {
          description: 'The new password',
          content: { 'application/json': { schema: UserWithPasswordSchema } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const reset = await usersOf(context).resetPassword(c.req.valid('param').name);
      return c.json({ user: showUser(reset.user), oneTimePassword: reset.oneTimePassword }, 200, noStore);
    },
  );
}
