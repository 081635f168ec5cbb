import type { CapturePhase, CaptureResult } from './capture-result.ts';
import type { JobStorage } from '../jobs/index.ts';
import type { CaptureOptions } from './options.ts';

// The capture queue's storage contract. Jobs are durable: a job accepted is captured even if the
// node restarts, and a job's steps (package written, entry deposited, bundle stored) are recorded
// as they happen so that a restart resumes after the last one instead of capturing again.

/** Job kind of a capture's browser part: capture, package, store (any process with Chromium). */
export const CAPTURE_JOB_KIND = 'capture';
/**
 * Job kind of a capture's chain part: deposit the entry, store the bundle. Only the chain's node
 * appends to it, so a capture taken by a worker process is handed off to this kind after packaging.
 */
export const CAPTURE_ANCHOR_JOB_KIND = 'capture-anchor';

export type CaptureJobStatus = 'queued' | 'running' | 'done' | 'failed';

export type CaptureJobPhase = 'queued' | CapturePhase | 'packaging' | 'anchoring' | 'waiting-for-checkpoint';

export interface PackageFile {
  path: string;
  /** `sha256:<hex>`. */
  hash: string;
  bytes: number;
}

export interface CaptureJobResult {
  state: CaptureResult['state'];
  reasons: string[];
  requestedUrl: string;
  finalUrl: string;
  title: string;
  targetStatus: number | null;
  startedAt: string;
  endedAt: string;
  exchanges: number;
  refusedRequests: number;
  /** The browser that captured (absent in jobs recorded before it was kept). */
  browser?: { name: string; version: string };
  /** The clean-environment checks of the provenance record (absent in jobs recorded before it was kept). */
  cleanEnvironment?: { clean: boolean; checks: { id: string; status: string }[] };
  /** Absent for a failed capture. */
  package?: {
    /** Address of the .wacz in the blob store (SHA-256 hex). */
    sha256: string;
    bytes: number;
    /** The digest deposited on the chain, with the chain's algorithm (`sha256:…` or `sm3:…`). */
    digest: string;
    datapackageHash: string;
    files: PackageFile[];
  };
}

export interface CaptureJobAnchor {
  chain: string;
  index: number;
  /** The entry's sequencer time. */
  time: string;
  /** Blob address of the proof bundle stored beside the package, once a checkpoint covered the entry. */
  bundleSha256: string | null;
}

export interface CaptureJobError {
  code: string;
  message: string;
}

export interface CaptureJob {
  id: string;
  /** The application unit that asked for the capture (and on whose behalf it is deposited). */
  unit: string;
  url: string;
  /** The options the caller gave (merged over the service's defaults when captured). */
  options: Partial<CaptureOptions>;
  status: CaptureJobStatus;
  phase: CaptureJobPhase | null;
  /** Times the job was taken from the queue. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: CaptureJobResult | null;
  anchor: CaptureJobAnchor | null;
  error: CaptureJobError | null;
}

export type CaptureJobChanges = Partial<
  Pick<CaptureJob, 'status' | 'phase' | 'attempts' | 'finishedAt' | 'result' | 'anchor' | 'error'>
>;

/** Where a page of a listing ended: the last job listed (jobs are listed newest first). */
export interface CaptureJobCursor {
  createdAt: string;
  id: string;
}

export interface CaptureJobListQuery {
  /** The units whose jobs are listed (a person and their API keys); none lists nothing. */
  units: readonly string[];
  /** Only jobs with this status; every status when absent. */
  status?: CaptureJobStatus;
  /** Only jobs listed after this one (older, or as old with a smaller id); from the newest when null. */
  after: CaptureJobCursor | null;
  limit: number;
}

export interface CaptureJobStorage {
  /** The job queue that holds capture jobs (kinds `capture` and `capture-anchor`); workers run them from it. */
  readonly jobs: JobStorage;
  /** Stores a new queued job; MUST be durable when it resolves. */
  insertJob(job: CaptureJob): Promise<void>;
  readJob(id: string): Promise<CaptureJob | null>;
  /**
   * Takes the oldest queued job: marks it running, sets startedAt, adds one to attempts and
   * returns it; null when none is queued. Two callers MUST never take the same job.
   */
  claimNextJob(now: string): Promise<CaptureJob | null>;
  /** Writes the given fields (and updatedAt); MUST be durable when it resolves. */
  updateJob(id: string, changes: CaptureJobChanges, now: string): Promise<void>;
  /** Jobs with this status, of every unit or of `unit` only. */
  countJobs(status: CaptureJobStatus, unit?: string): Promise<number>;
  /** The job whose capture was deposited as entry `index` of `chain`; null when no job was. */
  findJobByEntry(chain: string, index: number): Promise<CaptureJob | null>;
  /**
   * The jobs of `query.units`, newest first (by createdAt, then id, both descending), at most
   * `limit`. MUST read through an index: the cost depends on `limit` and the number of units, not
   * on how many jobs the node holds.
   */
  listJobs(query: CaptureJobListQuery): Promise<CaptureJob[]>;
}

const PHASE_PERCENT: Readonly<Record<CaptureJobPhase, number>> = Object.freeze({
  queued: 0,
  starting: 5,
  loading: 15,
  scrolling: 35,
  'waiting-for-network': 50,
  attachments: 60,
  finishing: 70,
  packaging: 80,
  anchoring: 90,
  'waiting-for-checkpoint': 95,
});

/** The progress a capture job shows (0–100 and its phase): what the captures API and the job queue report. */
export function describeCaptureProgress(job: Pick<CaptureJob, 'status' | 'phase'>): {
  percent: number;
  message: string;
} {
  if (job.status === 'done') return { percent: 100, message: 'done' };
  if (job.status === 'failed') return { percent: 100, message: 'failed' };
  const phase = job.phase ?? 'queued';
  return { percent: PHASE_PERCENT[phase] ?? 0, message: phase };
}
