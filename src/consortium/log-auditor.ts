import { equalBytes, type VerifierKey } from '../crypto/index.ts';
import type { Checkpoint } from '../note/index.ts';
import { ConsortiumError } from './errors.ts';
import {
  checkMirrorRoot,
  checkServedCheckpoint,
  extendMirror,
  openMirror,
  type MirrorBase,
  type MirrorSource,
  type MirrorState,
} from './log-audit.ts';

// One audit-mode log's mirror and its audit job. An audit that cannot finish within a request's
// budget goes on in the background (one job per log at a time) and the request is refused with
// WITNESS_AUDIT_PENDING; the job keeps its progress step by step, so that the next request goes
// on from where it stopped. Progress is a cache: a checkpoint is accepted only once the mirror,
// grown to its size, has its root (log-audit.ts checkMirrorRoot).

export interface LogAuditorConfig {
  readonly source: MirrorSource;
  readonly logKey: VerifierKey;
  /** Entry bundles folded into the mirror between two saves of its progress. */
  readonly stepBundles: number;
}

/** The audit job's view of the checkpoint it audits, for its alarm if it finds one. */
export type AuditFailureHandler = (error: ConsortiumError) => Promise<void>;

interface AuditJob {
  readonly checkpoint: Checkpoint;
  /** Resolves with the job's failure, or null once the checkpoint's root is proven; never rejects. */
  readonly done: Promise<ConsortiumError | Error | null>;
}

const ALARM_CODES = new Set(['WITNESS_AUDIT_MISMATCH', 'WITNESS_FORK_DETECTED']);

function sameHead(a: MirrorBase, b: MirrorBase): boolean {
  return a.treeSize === b.treeSize && equalBytes(a.rootHash, b.rootHash);
}

function waitFor<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, ms));
  });
  return Promise.race([promise.then((value) => ({ value })), timeout]).finally(() => clearTimeout(timer));
}

export class LogAuditor {
  readonly #config: LogAuditorConfig;
  #state: MirrorState | null = null;
  #job: AuditJob | null = null;
  #closed = false;

  constructor(config: LogAuditorConfig) {
    this.#config = config;
  }

  /** The size mirrored so far, and the size of the checkpoint the running job audits (if any). */
  get progress(): { readonly auditedSize: number; readonly targetSize: number | null } {
    return { auditedSize: this.#state?.treeSize ?? 0, targetSize: this.#job?.checkpoint.treeSize ?? null };
  }

  /**
   * Resolves once the mirror proves `checkpoint` (its root recomputed from the entries, on top of
   * `base`, the tree head cosigned last). Waits at most `budgetMs` for the audit job; past it the
   * job goes on and this throws ConsortiumError WITNESS_AUDIT_PENDING (details: auditedSize,
   * targetSize). Throws WITNESS_AUDIT_MISMATCH or WITNESS_FORK_DETECTED after `onFailure` (given
   * by whichever request started the job) has recorded the alarm, or WITNESS_AUDIT_UNAVAILABLE.
   */
  async audit(
    base: MirrorBase,
    checkpoint: Checkpoint,
    budgetMs: number,
    onFailure: AuditFailureHandler,
  ): Promise<void> {
    const deadline = performance.now() + budgetMs;
    for (;;) {
      if (this.#proves(base, checkpoint)) return;
      if (this.#closed) throw this.#pending(checkpoint, 'the witness is stopping');
      const job = this.#job ?? this.#startJob(base, checkpoint, onFailure);
      const settled = await waitFor(job.done, deadline - performance.now());
      if (settled === undefined) throw this.#pending(checkpoint, 'the audit goes on in the background');
      if (settled.value !== null) throw settled.value;
      if (sameHead(job.checkpoint, checkpoint)) return;
    }
  }

  /** Stops the running job after its current step; resolves once it has stopped. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#job?.done;
  }

  /** Resolves once no audit job runs. */
  async settle(): Promise<void> {
    while (this.#job !== null) await this.#job.done;
  }

  #proves(base: MirrorBase, checkpoint: Checkpoint): boolean {
    const state = this.#usableState(base, checkpoint);
    return (
      this.#job === null &&
      state !== null &&
      state.treeSize === checkpoint.treeSize &&
      equalBytes(state.rootHash, checkpoint.rootHash)
    );
  }

  /** The mirror, when it grew from `base` (or reached it) and is not past `checkpoint`. */
  #usableState(base: MirrorBase, checkpoint: Checkpoint): MirrorState | null {
    const state = this.#state;
    if (state === null || state.treeSize > checkpoint.treeSize) return null;
    if (sameHead(state.base, base)) return state;
    if (sameHead(state, base)) return { ...state, base };
    return null;
  }

  #startJob(base: MirrorBase, checkpoint: Checkpoint, onFailure: AuditFailureHandler): AuditJob {
    const job: AuditJob = {
      checkpoint,
      done: this.#run(base, checkpoint).then(
        () => null,
        async (error: unknown) => {
          if (!(error instanceof ConsortiumError))
            return error instanceof Error ? error : new Error(String(error));
          if (!ALARM_CODES.has(error.code)) return error;
          this.#state = null;
          try {
            await onFailure(error);
          } catch (failure) {
            return failure instanceof Error ? failure : new Error(String(failure));
          }
          return error;
        },
      ),
    };
    this.#job = job;
    void job.done.then(() => {
      if (this.#job === job) this.#job = null;
    });
    return job;
  }

  async #run(base: MirrorBase, checkpoint: Checkpoint): Promise<void> {
    const { source, logKey, stepBundles } = this.#config;
    await checkServedCheckpoint(source.client, logKey, checkpoint);
    if (sameHead(base, checkpoint)) return;
    let state = this.#usableState(base, checkpoint);
    if (state === null) {
      this.#state = null;
      state = await openMirror(source, base);
      this.#state = state;
    }
    while (state.treeSize < checkpoint.treeSize) {
      if (this.#closed) throw this.#pending(checkpoint, 'the witness is stopping');
      state = await extendMirror(source, state, checkpoint.treeSize, stepBundles);
      this.#state = state;
    }
    checkMirrorRoot(state, checkpoint);
  }

  #pending(checkpoint: Checkpoint, reason: string): ConsortiumError {
    const { auditedSize, targetSize } = this.progress;
    return new ConsortiumError(
      'WITNESS_AUDIT_PENDING',
      `the audit of ${checkpoint.origin} has mirrored ${auditedSize} of ${targetSize ?? checkpoint.treeSize} entries: ${reason}; retry later`,
      {
        details: {
          origin: checkpoint.origin,
          treeSize: checkpoint.treeSize,
          auditedSize,
          targetSize: targetSize ?? checkpoint.treeSize,
        },
      },
    );
  }
}
