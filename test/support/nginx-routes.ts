// The routing of the nginx sites in docs/deploy/nginx/, run as a plain-HTTP proxy for tests:
// `location = PATH` (exact) before the longest `location PATH` prefix, each with `proxy_pass URL`
// (a URL with a path replaces the matched part, as nginx does) or `return CODE`. TLS and the
// other directives are nginx's business; the routes are what the deployment relies on.
import { request, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NginxLocation {
  exact: boolean;
  path: string;
  /** The proxy_pass URL as written: with a path, it replaces the matched part of the request's. */
  proxyPass?: string;
  returnStatus?: number;
}

/** The locations of the TLS server block (the one that proxies) of an nginx site file. */
export function parseNginxLocations(config: string): NginxLocation[] {
  const locations: NginxLocation[] = [];
  const pattern = /location\s+(=\s+)?(\S+)\s*\{([^}]*)\}/g;
  for (const match of config.matchAll(pattern)) {
    const body = match[3]!;
    const proxy = /proxy_pass\s+(\S+);/.exec(body)?.[1];
    const status = /return\s+(\d{3})\b/.exec(body)?.[1];
    if (proxy === undefined && status === undefined)
      throw new Error(`location ${match[2]} neither proxies nor returns`);
    locations.push({
      exact: match[1] !== undefined,
      path: match[2]!,
      ...(proxy === undefined ? {} : { proxyPass: proxy }),
      ...(status === undefined ? {} : { returnStatus: Number(status) }),
    });
  }
  return locations;
}

/** The location nginx picks for `path`: an exact match, else the longest matching prefix. */
export function matchNginxLocation(
  locations: readonly NginxLocation[],
  path: string,
): NginxLocation | undefined {
  const exact = locations.find((l) => l.exact && l.path === path);
  if (exact !== undefined) return exact;
  return locations
    .filter((l) => !l.exact && path.startsWith(l.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** Where a request for `target` (path and query) goes through `location`, or its status. */
export function routeNginxRequest(
  location: NginxLocation,
  target: string,
  mapPort: (port: number) => number,
): { url: URL } | { status: number } {
  if (location.proxyPass === undefined) return { status: location.returnStatus! };
  const [, origin, uri] = /^(https?:\/\/[^/]+)(\/.*)?$/.exec(location.proxyPass)!;
  const [path = '/', query] = target.split(/\?(.*)/s);
  const url = new URL(`${origin}${uri === undefined ? path : uri + path.slice(location.path.length)}`);
  url.port = String(mapPort(Number(url.port)));
  if (query !== undefined) url.search = `?${query}`;
  return { url };
}

/** A proxy on 127.0.0.1 with the routes of the given site files; `use` swaps them (a reload). */
export async function startNginxRoutes(mapPort: (port: number) => number): Promise<{
  port: number;
  use: (siteFiles: readonly string[]) => void;
  close: () => Promise<void>;
}> {
  let locations: NginxLocation[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const location = matchNginxLocation(locations, (incoming.url ?? '/').split('?')[0]!);
    const route =
      location === undefined ? { status: 502 } : routeNginxRequest(location, incoming.url ?? '/', mapPort);
    if ('status' in route) {
      outgoing.writeHead(route.status).end();
      incoming.resume();
      return;
    }
    const upstream = request(route.url, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    use: (siteFiles) => {
      locations = siteFiles.flatMap(parseNginxLocations);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
