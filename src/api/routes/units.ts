import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CreatedUnitSchema,
  UnitIdParamsSchema,
  UnitListSchema,
  UnitRequestSchema,
  UnitSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

const security = [{ bearerAuth: [] }];

export function registerUnitRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/units',
      tags: ['units'],
      summary: 'Create an application unit; its API key is shown once (admin)',
      security,
      middleware: [limitBody(context.options.maxUnitBodyBytes)] as const,
      request: { body: { required: true, content: { 'application/json': { schema: UnitRequestSchema } } } },
      responses: {
        201: {
          description: 'The unit and its API key',
          content: { 'application/json': { schema: CreatedUnitSchema } },
        },
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const { name, organisation } = c.req.valid('json');
      return c.json(await context.units.createUnit(name, organisation ?? null), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/units',
      tags: ['units'],
      summary: 'Every application unit, revoked ones included (admin)',
      security,
      responses: {
        200: {
          description: 'The units, without keys',
          content: { 'application/json': { schema: UnitListSchema } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ units: await context.units.listUnits() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/units/{id}',
      tags: ['units'],
      summary: 'Revoke a unit: its API key stops working; its entries stay (admin)',
      security,
      request: {
        params: UnitIdParamsSchema,
      },
      responses: {
        200: { description: 'The revoked unit', content: { 'application/json': { schema: UnitSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await context.units.revokeUnit(c.req.valid('param').id), 200),
  );
}
