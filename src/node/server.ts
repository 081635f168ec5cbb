import { openEvidenceNode, type EvidenceNode } from './evidence-node.ts';
import { listenFetch } from './http-listen.ts';
import type { NodeOptions } from './node-options.ts';
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

/** Opens a single node, listens, and writes the trust file (with the node's URL) under dataDir. */
export async function startEvidenceNode(
  options: Partial<NodeOptions> = {},
  logError?: (message: string, error: unknown) => void,
): Promise<RunningNode> {
  const node = await openEvidenceNode(options, logError);
  let listening;
  try {
    listening = await listenFetch(node.app.fetch, node.options.port, node.options.host);
  } catch (error) {
    await node.close();
    throw error;
  }
  const { url } = listening;
  // A single node (tests, benchmarks) has no public address configured: its verify links use the URL it listens on.
  node.context.publicBaseUrl = url;
  try {
    await writeTrustFile(node.files.trustFile, node.options.consortiumName, [
      {
        name: node.chain.name,
        origin: node.chain.origin,
        hashAlgorithm: node.chain.hashAlgorithm,
        sequencerKey: node.chain.sequencerKey,
        maxMergeDelayMs: node.chain.ledger.options.maxMergeDelayMs,
        url: listening.unspecifiedHost ? undefined : url,
        serviceKey: node.serviceKey,
      },
    ]);
  } catch (error) {
    await listening.stop(0);
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
        await listening.stop(node.options.shutdownGraceMs);
        await node.close();
      })();
      return closing;
    },
  };
}
