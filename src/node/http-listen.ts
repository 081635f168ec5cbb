import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

// Serving a fetch handler over HTTP on Node: listening, the URL it answers on, a graceful stop.

const UNSPECIFIED_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export interface ListeningServer {
  server: Server;
  address: AddressInfo;
  /** Base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /** The URL this host reaches the server on (loopback when it listens on every interface). */
  localUrl: string;
  /** True when the server listens on every interface (its URL is then not a public one). */
  unspecifiedHost: boolean;
  /** Refuses new connections and waits up to `graceMs` for requests in flight. */
  stop: (graceMs: number) => Promise<void>;
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function stopServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Answers `Expect: 100-continue` only once the application reads the body (RFC 9110 §10.1.1): a
 * request its route refuses first (a Content-Length over the body limit, no credentials) gets that
 * final answer and never `100 Continue`, so the client does not send the body at all. Node sends
 * 100 Continue at once unless the server listens for checkContinue.
 */
export function deferContinue(server: Server): void {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    request.once('resume', () => {
      if (!response.headersSent && !response.writableEnded) response.writeContinue();
    });
    server.emit('request', request, response);
  });
}

export async function listenFetch(
  /** `env` carries the Node request (`incoming`), where the client's address is. */
  fetchHandler: (request: Request, env?: unknown) => Response | Promise<Response>,
  port: number,
  host: string,
): Promise<ListeningServer> {
  const server = createAdaptorServer({ fetch: fetchHandler }) as Server;
  deferContinue(server);
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
  const url = formatUrl(address);
  const unspecifiedHost = UNSPECIFIED_HOSTS.has(host);
  const localUrl = unspecifiedHost
    ? `http://${address.family === 'IPv6' ? '[::1]' : '127.0.0.1'}:${address.port}`
    : url;
  return { server, address, url, localUrl, unspecifiedHost, stop: (graceMs) => stopServer(server, graceMs) };
}
