import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { consortiumFileToJson } from '../../consortium/index.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import { TrustFileSchema } from '../contract/index.ts';

// GET /v1/consortium: this node's consortium (trust) file, the trust root the public verify page
// checks bundles against in the browser, in the form the consortium file is written in. A reader
// who does not trust this node loads their own copy instead.

export function registerConsortiumRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  const body = consortiumFileToJson(context.consortium.trust);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/consortium',
      tags: ['chains'],
      summary: "This node's consortium trust file, for verifying bundles in a browser",
      responses: {
        200: { description: 'The trust file', content: { 'application/json': { schema: TrustFileSchema } } },
      },
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(body, 200);
    },
  );
}
