import { readFileSync } from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { toVerifierKey } from '../crypto/index.ts';
import { Ledger, resolveLedgerOptions } from '../ledger/index.ts';
import {
  BlobStore,
  openDatabase,
  SqlDigestLookup,
  SqlLedgerStorage,
  SqlUnitStorage,
  type SqlClient,
} from '../store/index.ts';
import { createApp } from './app.ts';
import { CheckpointWatcher } from './checkpoint-watcher.ts';
import { EntryBlockCache } from './entry-cache.ts';
import { InclusionProver } from './inclusion-prover.ts';
import type { ApiContext, ApiEnv, ChainHandle } from './context.ts';
import { NodeMetrics } from './metrics.ts';
import { lockDataDir } from './data-lock.ts';
import { loadSequencerKey } from './node-files.ts';
import {
  locateNodeFiles,
  NODE_LEDGER_DEFAULTS,
  resolveNodeOptions,
  type NodeOptions,
} from './node-options.ts';
import { resolveApiOptions } from './options.ts';
import { TokenBucketLimiter } from './rate-limit.ts';
import { initAdminToken, UnitRegistry } from './unit-registry.ts';

const MAX_DIGEST_MATCHES = 100;

/** A node wired together but not listening: its HTTP app, chain and credentials. */
export interface EvidenceNode {
  options: NodeOptions;
  app: OpenAPIHono<ApiEnv>;
  context: ApiContext;
  chain: ChainHandle;
  /** The admin token, only at the node's first start (it is stored hashed and never shown again). */
  adminToken: string | null;
  files: ReturnType<typeof locateNodeFiles>;
  /** Marks the node ready (after it listens) or not (while it stops). */
  setReady: (ready: boolean) => void;
  /** Stops the ledger (committing and integrating what is queued) and closes the database. */
  close: () => Promise<void>;
}

function readVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function logToStderr(message: string, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`sealchain: ${message}: ${detail}\n`);
}

/**
 * The composition root: opens the database (PGlite under dataDir, or the server of databaseUrl)
 * with its migrations, the chain's ledger with its sequencer key, the unit registry (creating
 * the admin token at first start), the blob store and the HTTP app over them.
 */
export async function openEvidenceNode(
  options: Partial<NodeOptions> = {},
  logError: (message: string, error: unknown) => void = logToStderr,
): Promise<EvidenceNode> {
  const resolved = resolveNodeOptions(options);
  const apiOptions = resolveApiOptions(resolved.api);
  const ledgerOptions = resolveLedgerOptions({ ...NODE_LEDGER_DEFAULTS, ...resolved.ledger });
  const files = locateNodeFiles(resolved.dataDir, resolved.chainName);
  const unlock = await lockDataDir(resolved.dataDir);
  let client: SqlClient | undefined;
  let ledger: Ledger | undefined;
  try {
    const signer = await loadSequencerKey(files.sequencerKey, resolved.origin);
    client = await openDatabase({
      databaseUrl: resolved.databaseUrl,
      schema: resolved.databaseSchema,
      pgliteDir: files.pgliteDir,
    });
    const openedClient = client;
    const storage = await SqlLedgerStorage.open(client, resolved.origin, resolved.hashAlgorithm);
    ledger = await Ledger.open({ storage, signer, options: ledgerOptions });
    const units = new SqlUnitStorage(client);
    const adminToken = await initAdminToken(units);
    const metrics = new NodeMetrics();
    const digests = new SqlDigestLookup(client, resolved.origin);
    const chainName = resolved.chainName;
    const chain: ChainHandle = {
      name: chainName,
      origin: resolved.origin,
      hashAlgorithm: resolved.hashAlgorithm,
      ledger,
      sequencerKey: toVerifierKey(signer),
      watcher: new CheckpointWatcher(ledger, apiOptions.checkpointPollMs, (checkpoint) =>
        metrics.noteCheckpoint(chainName, checkpoint),
      ),
      entries: new EntryBlockCache(
        (start, end) => storage.readEntries(start, end),
        apiOptions.entryCacheBlocks,
      ),
      prover: new InclusionProver(ledger, apiOptions.proofTileCacheSize),
      findEntriesByDigest: (digest) => digests.findEntriesByDigest(digest, MAX_DIGEST_MATCHES),
    };
    metrics.watchLedger(chainName, ledger);
    await chain.watcher.refresh();
    let ready = false;
    const context: ApiContext = {
      chains: new Map([[chainName, chain]]),
      units: new UnitRegistry(units, apiOptions.unitCacheMs),
      blobs: new BlobStore({ rootDir: files.blobDir, maxBlobBytes: apiOptions.maxUploadBytes }),
      metrics,
      limiter: new TokenBucketLimiter(apiOptions.unitEntriesPerSecond, apiOptions.unitEntryBurst),
      options: apiOptions,
      isReady: () => ready,
      logError,
    };
    const openedLedger = ledger;
    let closing: Promise<void> | undefined;
    return {
      options: resolved,
      app: createApp(context, readVersion()),
      context,
      chain,
      adminToken,
      files,
      setReady: (value) => {
        ready = value;
      },
      close: () => {
        closing ??= (async () => {
          ready = false;
          chain.watcher.close();
          try {
            await openedLedger.close();
          } finally {
            await openedClient.close();
            await unlock();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await ledger?.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await unlock();
    throw error;
  }
}
