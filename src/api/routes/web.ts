import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiEnv } from '../context.ts';
import { ApiError } from '../errors.ts';

// The web portal (web/, built by Vite into web/dist): its hashed assets under /assets/, and its
// one HTML page for `/` and for every other GET of a browser that no endpoint answers, so that a
// portal address like /works/2026-0001 opens the portal, which routes it. The files are read once
// and kept in memory: a build changes their names, and a node serves the build it started with.

export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const ASSET_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ASSET_CACHE = 'public, max-age=31536000, immutable';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>sealchain</title></head>
<body><h1>门户尚未构建 · The portal is not built</h1>
<p>请运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）。
Run <code>npm run build:web</code> (<code>npm start</code> builds it for you).</p></body></html>`;

interface WebBuild {
  index: string | null;
  assets: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
  /** Gzipped copies of the compressible assets, made at their first request. */
  gzipped: Map<string, Uint8Array<ArrayBuffer>>;
}

const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json', '.wasm']);

/** The asset as sent: gzipped (made once, then kept) when the client takes gzip and it shrinks. */
function encodeAsset(
  build: WebBuild,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  acceptEncoding: string | undefined,
): { body: Uint8Array<ArrayBuffer>; gzip: boolean } {
  if (!COMPRESSIBLE.has(extname(name)) || !/\bgzip\b/.test(acceptEncoding ?? '')) {
    return { body: bytes, gzip: false };
  }
  let gzipped = build.gzipped.get(name);
  if (gzipped === undefined) {
    gzipped = new Uint8Array(gzipSync(bytes, { level: 9 }));
    build.gzipped.set(name, gzipped);
  }
  return { body: gzipped, gzip: true };
}

async function loadWebBuild(dir: string): Promise<WebBuild> {
  const index = await readFile(join(dir, 'index.html'), 'utf8').catch(() => null);
  const assets = new Map<string, Uint8Array<ArrayBuffer>>();
  if (index !== null) {
    const names = await readdir(join(dir, 'assets')).catch(() => [] as string[]);
    for (const name of names.filter((n) => ASSET_NAME.test(n))) {
      assets.set(name, new Uint8Array(await readFile(join(dir, 'assets', name))));
    }
  }
  return { index, assets, gzipped: new Map() };
}

function servePage(c: Context<ApiEnv>, build: WebBuild): Response {
  return c.html(build.index ?? NOT_BUILT_PAGE, build.index === null ? 503 : 200, {
    'Cache-Control': 'no-cache',
  });
}

/** True for a request a browser makes to open a page: GET, asking for HTML, not an API path. */
export function isPortalPageRequest(method: string, path: string, accept: string | undefined): boolean {
  if (method !== 'GET') return false;
  if (/^\/(?:v1|assets|docs|witness|log)(?:\/|$)/.test(path)) return false;
  return /\btext\/html\b/.test(accept ?? '');
}

export function registerWebRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.get('/', async (c) => servePage(c, await loadCachedBuild(WEB_DIST_DIR)));
  app.get('/assets/:file', async (c) => {
    const name = c.req.param('file');
    const build = await loadCachedBuild(WEB_DIST_DIR);
    const bytes = build.assets.get(name);
    const type = ASSET_TYPES[extname(name)];
    if (bytes === undefined || type === undefined) {
      throw new ApiError('ROUTE_NOT_FOUND', `no portal asset ${JSON.stringify(name.slice(0, 64))}`);
    }
    const sent = encodeAsset(build, name, bytes, c.req.header('accept-encoding'));
    return c.body(sent.body, 200, {
      'Content-Type': type,
      'Cache-Control': ASSET_CACHE,
      Vary: 'Accept-Encoding',
      ...(sent.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
  });
}

/** The portal's page for a browser's GET that no route answers, or undefined for anything else. */
export async function answerPortalFallback(c: Context<ApiEnv>): Promise<Response | undefined> {
  if (!isPortalPageRequest(c.req.method, new URL(c.req.url).pathname, c.req.header('accept')))
    return undefined;
  return servePage(c, await loadCachedBuild(WEB_DIST_DIR));
}

const cachedBuilds = new Map<string, Promise<WebBuild>>();

function loadCachedBuild(dir: string): Promise<WebBuild> {
  let build = cachedBuilds.get(dir);
  if (build === undefined) {
    build = loadWebBuild(dir);
    cachedBuilds.set(dir, build);
  }
  return build;
}
