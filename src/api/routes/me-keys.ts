import { randomBytes } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import {
  CreatedUnitSchema,
  KeyIdSchema,
  KeyListSchema,
  KeyRequestSchema,
  UnitSchema,
} from '../contract/index.ts';
import { chooseKeyRoles, formatKeyName, isKeyOf } from '../../services/index.ts';
import { problemResponses } from './problem-responses.ts';

// The caller's own API keys (src/services/self-service-keys.ts): list, create (the key shown once),
// revoke. Only the caller's keys are ever listed or revoked here.

const security = [{ bearerAuth: [] }];
const noStore = { 'cache-control': 'no-store' };

export function registerMeKeyRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/keys',
      tags: ['units'],
      summary: 'Your own API keys, revoked ones included',
      security,
      responses: {
        200: {
          description: 'The keys, without secrets',
          content: { 'application/json': { schema: KeyListSchema } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const owner = c.get('unit').name;
      const keys = (await context.units.listUnits()).filter((unit) => isKeyOf(owner, unit.name));
      return c.json({ keys }, 200, noStore);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/keys',
      tags: ['units'],
      summary: 'Create an API key of your organisation holding some of your deposit roles; shown once',
      security,
      middleware: [limitBody(4 * 1024)] as const,
      request: { body: { required: true, content: { 'application/json': { schema: KeyRequestSchema } } } },
      responses: {
        201: { description: 'The key', content: { 'application/json': { schema: CreatedUnitSchema } } },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const owner = c.get('unit');
      const body = c.req.valid('json');
      if (owner.organisation === null) {
        throw new ApiError('FORBIDDEN', 'a principal of no organisation cannot make keys', {
          details: { principal: owner.name },
        });
      }
      const roles = chooseKeyRoles(owner.roles, body.roles);
      if (roles.length === 0)
        throw new ApiError('FORBIDDEN', 'you hold no role a key may have (unit, platform)');
      const label = body.label ?? `key-${randomBytes(4).toString('hex')}`;
      const created = await context.units.createPrincipal({
        name: formatKeyName(owner.name, label),
        organisation: owner.organisation,
        roles,
      });
      return c.json(created, 201, noStore);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/me/keys/{id}',
      tags: ['units'],
      summary: 'Revoke one of your API keys: it stops working at once',
      security,
      request: { params: KeyIdSchema },
      responses: {
        200: { description: 'The revoked key', content: { 'application/json': { schema: UnitSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const owner = c.get('unit').name;
      const key = (await context.units.listUnits()).find((unit) => unit.id === id);
      if (key === undefined || !isKeyOf(owner, key.name)) {
        throw new ApiError('UNIT_NOT_FOUND', `you have no key ${id}`, { details: { id } });
      }
      return c.json(await context.units.revokeUnit(id), 200, noStore);
    },
  );
}
