import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { NodeOptions } from './node-options.ts';
import { openEvidenceNode, type EvidenceNode } from './node.ts';
import { writeTrustFile } from './node-files.ts';

export interface RunningNode {
  node: EvidenceNode;
  /** Base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /**
   * Graceful stop: refuses new connections, answers waiting bundle requests, lets requests in
   * flight finish (up to shutdownGraceMs), then commits and integrates what is queued.
   */
  close: () => Promise<void>;
}

const UNSPECIFIED_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
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

/** Opens the node, listens, and writes the trust file (with the node's URL) under dataDir. */
export async function startEvidenceNode(
  options: Partial<NodeOptions> = {},
  logError?: (message: string, error: unknown) => void,
): Promise<RunningNode> {
  const node = await openEvidenceNode(options, logError);
  const server = createAdaptorServer({ fetch: node.app.fetch }) as Server;
  let address: AddressInfo;
  try {
    address = await listen(server, node.options.port, node.options.host);
  } catch (error) {
    await node.close();
    throw error;
  }
  const url = formatUrl(address);
  try {
    await writeTrustFile(node.files.trustFile, node.options.consortiumName, [
      {
        name: node.chain.name,
        origin: node.chain.origin,
        hashAlgorithm: node.chain.hashAlgorithm,
        sequencerKey: node.chain.sequencerKey,
        maxMergeDelayMs: node.chain.ledger.options.maxMergeDelayMs,
        url: UNSPECIFIED_HOSTS.has(node.options.host) ? undefined : url,
      },
    ]);
  } catch (error) {
    await stopServer(server, 0);
    await node.close();
    throw error;
  }
  node.setReady(true);
  let closing: Promise<void> | undefined;
  return {
    node,
    url,
    close: () => {
      closing ??= (async () => {
        node.setReady(false);
        node.chain.watcher.close();
        await stopServer(server, node.options.shutdownGraceMs);
        await node.close();
      })();
      return closing;
    },
  };
}
