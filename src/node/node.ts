import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createEntrySigner, locatePeerUrl, PeerClient } from '../consortium/index.ts';
import { toVerifierKey, type SignerKey } from '../crypto/index.ts';
import { JobQueue } from '../jobs/index.ts';
import { Ledger, resolveLedgerOptions, type LedgerOptions, type UnitStorage } from '../ledger/index.ts';
import {
  BlobStore,
  lockSequencer,
  openDatabase,
  SqlDigestLookup,
  SqlJobStorage,
  SqlLedgerStorage,
  SqlUnitStorage,
  SqlLoginFailureStorage,
  SqlUserStorage,
  type SequencerLock,
  type SequencerLockOptions,
  type SqlClient,
  type StoreError,
} from '../store/index.ts';
import { findTrustedChain, type TrustFile } from '../verify/index.ts';
import {
  type ApiContext,
  type ApiEnv,
  type ApiOptions,
  createApp,
  resolveApiOptions,
  resolvePublicBaseUrl,
} from '../api/index.ts';
import {
  type AlarmView,
  type ChainHandle,
  type ChainServiceOptions,
  CheckpointWatcher,
  initAdminToken,
  isWorksChain,
  NodeMetrics,
  type NodeMetricsOptions,
  resolveChainServiceOptions,
  TokenBucketLimiter,
  UnitQuota,
  UnitRegistry,
} from '../services/index.ts';
import { FileSecurityAudit, SECURITY_AUDIT_FILE } from './security-audit-file.ts';
import { type NodeCaptureOptions, openNodeCaptures } from './captures.ts';
import { openWorksService } from './works-service.ts';
import { openChainServices, type ChainServices } from './chain-services.ts';
import type { AccountServices } from '../api/index.ts';
import {
  resolveSessionOptions,
  SessionService,
  UserService,
  type SessionOptionsInput,
} from '../services/index.ts';
import { initFirstOperator, type FirstOperator } from './first-operator.ts';
import { logToStderr, readProcessLog, type NodeLog } from './node-log.ts';
import { MirroredUnitStorage } from './mirrored-unit-storage.ts';
import { NODE_LEDGER_DEFAULTS } from './node-options.ts';

const MAX_DIGEST_MATCHES = 100;
const DEFAULT_PUBLIC_BASE_URL = 'http://127.0.0.1:8080';

/**
 * A sequencer node: one chain of the consortium, its API, and its consortium services. The caller
 * holds the data directory's lock (holdDataDir).
 */
export interface SequencerNodeConfig {
  /** Directory of the embedded database and the blobs. */
  dataDir: string;
  /** `postgres://…` for a PostgreSQL server; undefined for embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Schema of the node's tables. */
  databaseSchema: string;
  /** The consortium file. */
  trust: TrustFile;
  /** The chain this node sequences. */
  chainName: string;
  /** The chain's sequencer key (it must be the key the consortium file names). */
  signer: SignerKey;
  /**
   * The service keys this node signs its services' entries with (registrations, licences,
   * verification records, captures), by member; each must be one the consortium file authorises.
   */
  serviceKeys?: ReadonlyMap<string, SignerKey>;
  /** Witness submission URLs by witness name, over those of the consortium file. */
  witnessUrls?: ReadonlyMap<string, string>;
  /** API base URLs of the other chains' nodes by chain name, over those the consortium file gives. */
  peerUrls?: ReadonlyMap<string, string>;
  ledger?: Partial<LedgerOptions>;
  api?: Partial<ApiOptions>;
  consortium?: Partial<ChainServiceOptions>;
  capture?: Partial<NodeCaptureOptions>;
  /** How the sequencer lock's connection is watched (PostgreSQL server only). */
  sequencerLock?: Partial<SequencerLockOptions>;
  /** The admin token's hash (`sha256:<hex>`) to store at the first start instead of making a token. */
  adminTokenHash?: string;
  /** Other sequencers' unit storages that receive every unit change of this node (a local consortium). */
  unitMirrors?: readonly UnitStorage[];
  /**
   * False for a node whose admin token comes from the node that mirrors its units to it (the other
   * chains of a local consortium take the home node's, so one token serves every chain's admin routes).
   */
  makeAdminToken?: boolean;
  metrics?: NodeMetricsOptions;
  /** Alarms raised elsewhere that this node shows in GET /v1/alarms too. */
  listOtherAlarms?: () => Promise<AlarmView[]>;
  /** Where failures that are not the client's fault are reported. */
  logError?: (message: string, error: unknown) => void;
  /** Where alarms are written, one line each. */
  logLine?: (line: string) => void;
  /** Where the consortium services log stalls and witness health (the process's log by default). */
  log?: NodeLog;
  /**
   * The public base URL of verify links and QR codes (`public_base_url`, SEALCHAIN_PUBLIC_BASE_URL);
   * by default the chain's URL in the consortium file, else `http://127.0.0.1:8080`.
   */
  publicBaseUrl?: string;
  /** Another node's accounts to log users in with (the home node's, on a local consortium); else its own. */
  accounts?: () => AccountServices | undefined;
  /** Session lifetimes and login throttling, over DEFAULT_SESSION_OPTIONS. */
  sessions?: SessionOptionsInput;
  /** The operator account to create at the first start (the local consortium's home node). */
  firstOperator?: FirstOperator;
  /** The clock of sessions and accounts (tests), in milliseconds since the epoch. */
  clock?: () => number;
}

export interface SequencerNode {
  app: OpenAPIHono<ApiEnv>;
  context: ApiContext;
  chain: ChainHandle;
  /** The admin token, only at the node's first start (it is stored hashed and never shown again). */
  adminToken: string | null;
  /** The first operator's one-time password, only at the start that created the account (and not from the environment). */
  operatorPassword: string | null;
  /** The node's own unit storage (for mirrors of a local consortium). */
  unitStorage: UnitStorage;
  /** Marks the node ready (after it listens) or not (while it stops). */
  setReady: (ready: boolean) => void;
  /**
   * Resolves when the node stopped sequencing by itself: on a PostgreSQL server, the session
   * holding its sequencer lock ended (SEQUENCER_LOCK_LOST). The node is then closed and not ready.
   */
  halted: Promise<StoreError>;
  /** Stops the consortium services and the ledger (committing and integrating what is queued), closes the database. */
  close: () => Promise<void>;
}

export function readPackageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export { logToStderr };

function openPeers(config: SequencerNodeConfig, logError: (m: string, e: unknown) => void) {
  const peers = new Map<string, PeerClient>();
  for (const other of config.trust.chains) {
    if (other.name === config.chainName) continue;
    try {
      peers.set(other.name, new PeerClient(locatePeerUrl(other, config.peerUrls)));
    } catch (error) {
      logError(`chain ${other.name} is not reachable from this node (no anchoring of it)`, error);
    }
  }
  return peers;
}

/**
 * The composition root of a sequencer node: on a PostgreSQL server, first takes the chain's
 * sequencer lock (SEQUENCER_ALREADY_RUNNING when another node holds it; PGlite is guarded by the
 * data directory's lock); then opens the database (PGlite under dataDir, or the server of
 * databaseUrl) with its migrations, the chain's ledger with its sequencer key, the unit
 * registry (creating the admin token at first start), the blob store, the consortium services
 * (witnessing and finality, the index, anchoring) and the HTTP app over them.
 */
export async function openSequencerNode(config: SequencerNodeConfig): Promise<SequencerNode> {
  const logError = config.logError ?? logToStderr;
  const log = config.log ?? readProcessLog();
  const logLine = config.logLine ?? ((line: string) => log.write('info', line));
  const apiOptions = resolveApiOptions(config.api);
  const serviceOptions = resolveChainServiceOptions(config.consortium);
  const ledgerOptions = resolveLedgerOptions({ ...NODE_LEDGER_DEFAULTS, ...config.ledger });
  const listed = findTrustedChain(config.trust, config.chainName);
  const trusted = {
    ...listed,
    witnesses: listed.witnesses.map((w) => {
      const url = config.witnessUrls?.get(w.name) ?? w.url;
      return url === undefined ? { name: w.name, key: w.key } : { ...w, url };
    }),
  };
  let lock: SequencerLock | undefined;
  let client: SqlClient | undefined;
  let ledger: Ledger | undefined;
  let services: ChainServices | undefined;
  try {
    if (config.databaseUrl !== undefined) {
      lock = await lockSequencer(
        {
          databaseUrl: config.databaseUrl,
          schema: config.databaseSchema,
          origin: trusted.origin,
          chainName: trusted.name,
        },
        config.sequencerLock,
      );
    }
    client = await openDatabase({
      databaseUrl: config.databaseUrl,
      schema: config.databaseSchema,
      pgliteDir: join(config.dataDir, 'pglite'),
    });
    const storage = await SqlLedgerStorage.open(client, trusted.origin, trusted.hashAlgorithm);
    ledger = await Ledger.open({ storage, signer: config.signer, options: ledgerOptions });
    const ownUnits = new SqlUnitStorage(client);
    const mirrored = new MirroredUnitStorage(ownUnits, config.unitMirrors ?? []);
    const adminToken =
      config.makeAdminToken === false ? null : await initAdminToken(mirrored, config.adminTokenHash);
    await mirrored.syncMirrors();
    const metrics = new NodeMetrics(config.metrics);
    const peers = openPeers(config, logError);
    services = await openChainServices({
      trust: config.trust,
      chain: trusted,
      ledger,
      client,
      peers,
      options: serviceOptions,
      metrics,
      logError,
      logAlarm: logLine,
      log,
    });
    const digests = new SqlDigestLookup(client, trusted.origin);
    const signEntry = createEntrySigner(config.trust, trusted, config.serviceKeys ?? new Map());
    const chainName = trusted.name;
    const openedLedger = ledger;
    const chain: ChainHandle = {
      name: chainName,
      origin: trusted.origin,
      hashAlgorithm: trusted.hashAlgorithm,
      ledger,
      sequencerKey: toVerifierKey(config.signer),
      watcher: new CheckpointWatcher(ledger, apiOptions.checkpointPollMs, (checkpoint) =>
        metrics.noteCheckpoint(chainName, checkpoint),
      ),
      findEntriesByDigest: (digest) => digests.findEntriesByDigest(digest, MAX_DIGEST_MATCHES),
      trusted,
      finality: services.finality,
      finalityStorage: services.finalityStorage,
      index: services.index,
      indexer: services.indexer,
      anchorSource: services.anchorSource,
      signEntry,
    };
    metrics.watchLedger(chainName, ledger);
    await chain.watcher.refresh();
    let ready = false;
    const units = new UnitRegistry(mirrored, apiOptions.unitCacheMs, Date.now, config.trust.members);
    const clock = config.clock ?? Date.now;
    const userStorage = new SqlUserStorage(client);
    const sessionOptions = resolveSessionOptions(config.sessions);
    const ownAccounts: AccountServices = {
      sessions: new SessionService(userStorage, new SqlLoginFailureStorage(client), sessionOptions, clock),
      users: new UserService(userStorage, units, clock),
      sessionOptions,
    };
    const operatorPassword =
      config.firstOperator === undefined
        ? null
        : await initFirstOperator(ownAccounts.users, userStorage, config.firstOperator);
    const context: ApiContext = {
      chains: new Map([[chainName, chain]]),
      units,
      accounts: config.accounts ?? (() => ownAccounts),
      audit: new FileSecurityAudit(join(config.dataDir, SECURITY_AUDIT_FILE), logError),
      blobs: new BlobStore({
        rootDir: join(config.dataDir, 'blobs'),
        maxBlobBytes: apiOptions.maxUploadBytes,
      }),
      metrics,
      limiter: new TokenBucketLimiter(apiOptions.unitEntriesPerSecond, apiOptions.unitEntryBurst),
      renderLimiter: new TokenBucketLimiter(
        apiOptions.certificateRendersPerMinute / 60,
        apiOptions.certificateRenderBurst,
      ),
      quota: new UnitQuota(apiOptions.unitEntryQuota),
      jobs: new JobQueue(new SqlJobStorage(client)),
      options: apiOptions,
      consortium: {
        trust: config.trust,
        peers,
        options: serviceOptions,
        listOtherAlarms: config.listOtherAlarms ?? (async () => []),
      },
      works: isWorksChain(chainName)
        ? await openWorksService({
            client,
            chainName,
            ledger,
            signEntry,
            hashAlgorithm: trusted.hashAlgorithm,
            dataDir: config.dataDir,
            maxFileBytes: apiOptions.maxUploadBytes,
          })
        : undefined,
      publicBaseUrl: resolvePublicBaseUrl(
        config.publicBaseUrl ?? trusted.sequencer.url ?? DEFAULT_PUBLIC_BASE_URL,
      ),
      isReady: () => ready,
      logError,
    };
    services.start();
    // Before it takes a deposit, the node hears each witness once: one holding a larger tree of
    // this chain than storage (a restore from an older backup) stops it here (LOG_BEHIND_WITNESS).
    await services.finality.waitForFirstAnswers();
    services.finality.checkNotBehindWitnesses();
    const captures = await openNodeCaptures(client, context, config);
    const openedClient = client;
    const openedServices = services;
    const openedLock = lock;
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        ready = false;
        chain.watcher.close();
        try {
          await captures?.close();
          await openedServices.close();
          await openedLedger.close();
        } finally {
          await openedClient.close();
          await openedLock?.release();
        }
      })();
      return closing;
    };
    // Without its lock the node could race a successor for the chain: it stops at once, so
    // deposits answer 503 and /readyz fails, and the operator (or the service manager) restarts it.
    let stopped = false;
    const halted = new Promise<StoreError>((resolve) => {
      void openedLock?.lost.then((error) => {
        stopped = true;
        ready = false;
        logLine(error.message);
        void close()
          .catch((closeError: unknown) => logError('closing after the sequencer lock was lost', closeError))
          .finally(() => resolve(error));
      });
    });
    return {
      app: createApp(context, readPackageVersion()),
      context,
      chain,
      adminToken,
      operatorPassword,
      unitStorage: ownUnits,
      setReady: (value) => {
        ready = value && !stopped;
      },
      halted,
      close,
    };
  } catch (error) {
    await services?.close().catch(() => undefined);
    await ledger?.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await lock?.release();
    throw error;
  }
}
