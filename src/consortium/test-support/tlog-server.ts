import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEntryBundlePath, parseTilePath } from '../../merkle/index.ts';
import type { TestLog } from './test-log.ts';

// A C2SP tlog-tiles read API over a TestLog on 127.0.0.1, for the audit tests: /checkpoint,
// /tile/<L>/<N>[.p/<W>] and /tile/entries/<N>[.p/<W>] under the returned URL. `hold` may delay
// the answer to a path until the promise it returns settles (a gate a test opens).

export interface RunningTlogServer {
  url: string;
  port: number;
  /** Paths requested so far. */
  requests: string[];
  /** The checkpoint note served; the log's latest by default. */
  servedCheckpoint: () => string;
  close(): Promise<void>;
}

export async function serveTestLog(
  log: TestLog,
  servedCheckpoint?: () => string,
  port = 0,
  hold?: (path: string) => Promise<void> | undefined,
): Promise<RunningTlogServer> {
  const requests: string[] = [];
  const checkpoint = servedCheckpoint ?? (() => log.signCheckpoint());
  const server: Server = createServer(async (request, response) => {
    const path = (request.url ?? '').replace(/^\/log\//, '');
    requests.push(path);
    await hold?.(path);
    try {
      let body: Uint8Array | string;
      if (path === 'checkpoint') body = checkpoint();
      else if (path.startsWith('tile/entries/')) {
        const id = parseEntryBundlePath(path);
        body = log.readEntryBundle(id.index, id.width);
      } else {
        const id = parseTilePath(path);
        body = log.readTile(id);
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/log`,
    port: address.port,
    requests,
    servedCheckpoint: checkpoint,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
