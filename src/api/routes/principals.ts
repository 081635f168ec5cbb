import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { limitBody } from '../body-limit.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CreatedUnitSchema,
  OrganisationListSchema,
  OrganisationRequestSchema,
  OrganisationSchema,
  PrincipalIdParamSchema,
  PrincipalRequestSchema,
  UnitListSchema,
} from '../contract/index.ts';
import { jsonResponse } from './json-response.ts';
import { problemResponses } from './problem-responses.ts';

// Principals of any role and the organisations they belong to (docs/permissions.md). Units are
// principals with the role `unit` (routes/units.ts); revoking any principal is DELETE /v1/units/{id}.

const security = [{ bearerAuth: [] }];

export function registerPrincipalRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/principals',
      tags: ['units'],
      summary: 'Create a principal of an organisation with a set of roles; its API key is shown once (admin)',
      security,
      middleware: [limitBody(context.options.maxUnitBodyBytes)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: PrincipalRequestSchema } } },
      },
      responses: {
        201: jsonResponse('The principal and its API key', CreatedUnitSchema),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => c.json(await context.units.createPrincipal(c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/principals',
      tags: ['units'],
      summary: 'Every principal, revoked ones included, with organisation and roles (admin)',
      security,
      responses: {
        200: jsonResponse('The principals, without keys', UnitListSchema),
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ units: await context.units.listUnits() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/principals/{id}/key',
      tags: ['units'],
      summary: 'Rotate a principal’s API key: a new key is shown once and the old one stops working (admin)',
      security,
      request: { params: PrincipalIdParamSchema },
      responses: {
        200: jsonResponse('The principal and its new API key', CreatedUnitSchema),
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await context.units.rotateKey(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/organisations',
      tags: ['units'],
      summary: 'Add an organisation (a platform, an agency…) beside the consortium members (admin)',
      security,
      middleware: [limitBody(context.options.maxUnitBodyBytes)] as const,
      request: {
        body: { required: true, content: { 'application/json': { schema: OrganisationRequestSchema } } },
      },
      responses: {
        201: jsonResponse('The organisation', OrganisationSchema),
        ...problemResponses(400, 401, 403, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const added = await context.units.createOrganisation(c.req.valid('json').name);
      return c.json({ name: added.name, kind: 'added' as const, memberRole: null }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/organisations',
      tags: ['units'],
      summary: 'The consortium members and the organisations added (admin)',
      security,
      responses: {
        200: jsonResponse('The organisations', OrganisationListSchema),
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ organisations: await context.units.listOrganisations() }, 200),
  );
}
