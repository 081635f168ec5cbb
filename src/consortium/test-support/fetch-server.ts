import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

// A fetch handler (a Hono app's `fetch`) served over HTTP on 127.0.0.1, for tests that need a
// real socket: a witness that can go down and come back on the same port.

export interface RunningFetchServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveFetch(
  fetchHandler: (request: Request) => Response | Promise<Response>,
  port = 0,
): Promise<RunningFetchServer> {
  const server = createAdaptorServer({ fetch: fetchHandler }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
