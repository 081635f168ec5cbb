import { join } from 'node:path';
import {
  BrowserPool,
  CaptureService,
  describeSoftware,
  type BrowserPoolOptions,
  type CaptureServiceOptions,
} from '../capture/index.ts';
import type { ApiContext } from '../api/index.ts';
import { createCaptureAnchor } from '../services/index.ts';
import { BlobStore, SqlCaptureStorage, type SqlClient } from '../store/index.ts';

/** Capture settings of a node. */
export interface NodeCaptureOptions {
  /** Chains whose node runs the capture service. */
  chains: string[];
  pool: Partial<BrowserPoolOptions>;
  service: Partial<CaptureServiceOptions>;
  /**
   * `in-process`: this node takes its captures itself. `workers`: `sealchain worker` processes on
   * the same PostgreSQL take them (Chromium runs there) and this node only deposits them.
   */
  jobs: 'in-process' | 'workers';
}

export const DEFAULT_NODE_CAPTURE_OPTIONS: Readonly<NodeCaptureOptions> = Object.freeze({
  chains: ['evidence'],
  pool: Object.freeze({}),
  service: Object.freeze({}),
  jobs: 'in-process',
});

/**
 * Opens the capture service of a node whose chain captures (and attaches it to `context`), or
 * returns undefined. Chromium is started only when the first capture runs.
 */
export async function openNodeCaptures(
  client: SqlClient,
  context: ApiContext,
  node: { chainName: string; dataDir: string; capture?: Partial<NodeCaptureOptions> | undefined },
): Promise<CaptureService | undefined> {
  const options = { ...DEFAULT_NODE_CAPTURE_OPTIONS, ...node.capture };
  const chain = context.chains.get(node.chainName);
  if (!options.chains.includes(node.chainName) || chain === undefined) return undefined;
  const blobs = new BlobStore({ rootDir: join(node.dataDir, 'blobs'), maxBlobBytes: 4 * 1024 ** 3 });
  const service = new CaptureService({
    storage: new SqlCaptureStorage(client),
    pool: new BrowserPool(options.pool),
    anchor: createCaptureAnchor(chain, (name, count) => context.metrics.countEntries(name, count)),
    blobs: {
      writeBlob: (bytes) =>
        blobs.writeBlob(
          (async function* () {
            yield bytes;
          })(),
        ),
    },
    software: describeSoftware(),
    options: options.service,
    logError: context.logError,
    runs: options.jobs === 'workers' ? 'anchor' : 'all',
  });
  await service.start();
  context.captures = service;
  return service;
}
