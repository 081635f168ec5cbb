import type { CaptureService } from '../capture/index.ts';
import type { PeerClient } from '../consortium/index.ts';
import type { BlobFiles, ChainHandle, UnitQuota, WorksService } from '../services/index.ts';
import type { TrustFile } from '../verify/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { ApiOptions } from './options.ts';
import type { SecurityAudit } from './security-audit.ts';
import type {
  ActiveSession,
  AlarmView,
  ChainServiceOptions,
  NodeMetrics,
  SessionOptions,
  SessionService,
  TokenBucketLimiter,
  UnitRegistry,
  UnitView,
  UserService,
} from '../services/index.ts';

export type { ChainHandle };

/** The consortium as this node sees it. */
export interface ConsortiumContext {
  /** The consortium file: the trust root of every verification. */
  trust: TrustFile;
  /** The nodes of the chains this node does not serve, by chain name. */
  peers: ReadonlyMap<string, PeerClient>;
  options: ChainServiceOptions;
  /** Alarms raised elsewhere that this node shows too (the witnesses of a local consortium). */
  listOtherAlarms: () => Promise<AlarmView[]>;
}

/** User accounts and their sessions (on a local consortium, the home node's, shared by every node). */
export interface AccountServices {
  sessions: SessionService;
  users: UserService;
  sessionOptions: SessionOptions;
}

/** Everything the routes use, built by the composition root. */
export interface ApiContext {
  chains: ReadonlyMap<string, ChainHandle>;
  units: UnitRegistry;
  /** The accounts this node logs users in with; undefined while the node that holds them is not open. */
  accounts: () => AccountServices | undefined;
  blobs: BlobFiles;
  metrics: NodeMetrics;
  limiter: TokenBucketLimiter;
  /** Certificate requests per client (src/api/render-limit.ts). */
  renderLimiter: TokenBucketLimiter;
  /** Entries each unit may hold on each chain. */
  quota: UnitQuota;
  options: ApiOptions;
  consortium: ConsortiumContext;
  /** The node's durable job queue (captures and, later, monitoring and notices). */
  jobs: JobQueue;
  /** The works registry, on the works chain's node only. */
  works?: WorksService;
  /** The capture service, on the node of a chain that captures (set once it is open). */
  captures?: CaptureService;
  /** Where refused requests are written (src/node/security-audit-file.ts on a node). */
  audit: SecurityAudit;
  /** The public base URL of the verify pages (`https://verify.example.org`): the only source of verify links. */
  publicBaseUrl: string;
  /** False while the node starts or stops. */
  isReady: () => boolean;
  /** Where failures that are not the client's fault are reported. */
  logError: (message: string, error: unknown) => void;
}

/** Hono's typing of the values middleware hands to routes. */
export interface ApiEnv {
  Variables: {
    /** The calling principal (any role), once the permission table's middleware authenticated it. */
    unit: UnitView;
    chain: ChainHandle;
    /** True when the caller acts on anyone's record, not only its own (the table's `forAnyone`). */
    actsForAnyone: boolean;
    /** True on a public route whose table entry shows more to this caller (per-unit statistics). */
    seesDetail: boolean;
    publicBaseUrl: string;
    /** The session of a request authenticated by the session cookie. */
    session: ActiveSession;
  };
}
