import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

// The OpenAPI 3.1 document, generated from the routes' zod schemas, and Swagger UI rendering it
// from the swagger-ui-dist package's own files (the node must work without reaching any CDN).

const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sealchain API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

const ASSET_CACHE = 'public, max-age=86400';

function locateSwaggerUi(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

export function registerDocRoutes(app: OpenAPIHono<ApiEnv>, version: string): void {
  const loaded = new Map<string, Promise<Uint8Array>>();
  let document: string | undefined;

  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'sealchain node',
          version,
          description:
            'A chain of the sealchain consortium: deposit digests, fetch receipts and proof bundles (final once a quorum of independent witnesses — of organisations other than the chain’s sequencer — cosigned their checkpoint, with the other chains’ anchors), verify bundles and record the verifications, read statistics and alarms, and read the log as C2SP tlog-tiles. Errors are RFC 9457 problem details with a stable code.',
        },
      }),
    );
    return c.body(document, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: "An application unit's API key, or the admin token for /v1/units",
  });

  app.get('/docs', (c) => c.html(PAGE));
  app.get('/docs/init.js', (c) =>
    c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': ASSET_CACHE }),
  );
  app.get('/docs/:asset', async (c) => {
    const name = c.req.param('asset');
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (type === undefined)
      throw new ApiError('ROUTE_NOT_FOUND', `no document ${JSON.stringify(name.slice(0, 64))}`);
    let bytes = loaded.get(name);
    if (bytes === undefined) {
      bytes = readFile(join(locateSwaggerUi(), name));
      loaded.set(name, bytes);
    }
    return c.body((await bytes) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': type,
      'Cache-Control': ASSET_CACHE,
    });
  });
}
