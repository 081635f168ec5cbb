import { describeQuorumTally, type QuorumTally } from '../verify/index.ts';
import type { WitnessOutcome } from './cosignature-collector.ts';

// What an operator needs to see of finality: each witness's last answer (and since when it has
// been failing, with the reason), and whether finality is stalled — the oldest checkpoint not yet
// final is older than the chain's merge delay — with the reason in one sentence. The finalizer
// feeds it; it turns each change of state into one event, never one per retry.

export type WitnessState = 'unknown' | 'ok' | 'failing';

export interface WitnessHealth {
  readonly witness: string;
  /** `unknown` before its first answer, `ok` after a cosignature, `failing` after anything else. */
  readonly state: WitnessState;
  /** The kind of its last answer (cosigned, unreachable, alarm, ahead, refused, failed). */
  readonly lastOutcome?: WitnessOutcome['kind'];
  /** The problem code of its last refusal, when it sent one. */
  readonly code?: string;
  /** Why its last answer was not a cosignature. */
  readonly reason?: string;
  /** Milliseconds since the epoch of the first failure in the current run of failures. */
  readonly failingSince?: number;
  /** The largest checkpoint whose cosignature by this witness is stored, and when it was stored. */
  readonly lastCosignedSize?: number;
  readonly lastCosignedAt?: number;
}

export type FinalityEvent =
  | {
      readonly kind: 'witness-failing';
      readonly witness: string;
      readonly outcome: string;
      readonly reason: string;
    }
  | { readonly kind: 'witness-recovered'; readonly witness: string; readonly failedForMs: number }
  | {
      readonly kind: 'stalled';
      readonly treeSize: number;
      readonly finalTreeSize: number;
      readonly pendingForMs: number;
      readonly reason: string;
    }
  | { readonly kind: 'resumed'; readonly finalTreeSize: number; readonly stalledForMs: number }
  | {
      /** The witness cosigned a larger tree than this log has: this log's storage was rewound. */
      readonly kind: 'behind-witness';
      readonly witness: string;
      readonly witnessSize: number;
      readonly treeSize: number;
    };

/** Repeats a stall's event at most this often while it lasts. */
export const STALL_REPEAT_MS = 60_000;

export class FinalityHealth {
  readonly #witnesses = new Map<string, WitnessHealth>();
  readonly #emit: (event: FinalityEvent) => void;
  #stalledSince: number | undefined;
  #stallReportedAt = 0;

  constructor(witnesses: readonly string[], emit: (event: FinalityEvent) => void) {
    for (const witness of witnesses) this.#witnesses.set(witness, { witness, state: 'unknown' });
    this.#emit = emit;
  }

  list(): WitnessHealth[] {
    return [...this.#witnesses.values()];
  }

  /** Takes a witness's answer; a cosignature counts as `ok` only once stored (noteStored). */
  noteOutcome(outcome: WitnessOutcome, now: number): void {
    if (outcome.kind === 'cosigned') return;
    const before = this.#witnesses.get(outcome.witness) ?? { witness: outcome.witness, state: 'unknown' };
    const reason = outcome.reason ?? outcome.code ?? outcome.kind;
    this.#witnesses.set(outcome.witness, {
      ...before,
      state: 'failing',
      lastOutcome: outcome.kind,
      ...(outcome.code === undefined ? {} : { code: outcome.code }),
      reason,
      failingSince: before.state === 'failing' ? before.failingSince : now,
    });
    if (before.state !== 'failing') {
      this.#emit({ kind: 'witness-failing', witness: outcome.witness, outcome: outcome.kind, reason });
    }
  }

  noteStored(witness: string, treeSize: number, now: number): void {
    const before = this.#witnesses.get(witness) ?? { witness, state: 'unknown' };
    this.#witnesses.set(witness, {
      witness,
      state: 'ok',
      lastOutcome: 'cosigned',
      lastCosignedSize: Math.max(treeSize, before.lastCosignedSize ?? 0),
      lastCosignedAt: now,
    });
    if (before.state === 'failing') {
      this.#emit({ kind: 'witness-recovered', witness, failedForMs: now - (before.failingSince ?? now) });
    }
  }

  /**
   * Checks for a stall: `pendingSince` is when the oldest checkpoint not yet final was signed
   * (undefined when every checkpoint is final). Emits `stalled` when it is older than
   * `maxMergeDelayMs` (again every STALL_REPEAT_MS), `resumed` when it clears.
   */
  check(
    status: {
      readonly treeSize: number;
      readonly finalTreeSize: number;
      readonly pendingSince: number | undefined;
      readonly cosigners: readonly string[];
      /** The cosigners counted against the chain's quorum of independent witnesses. */
      readonly tally: QuorumTally;
      readonly maxMergeDelayMs: number;
    },
    now: number,
  ): void {
    const pendingForMs = status.pendingSince === undefined ? 0 : now - status.pendingSince;
    if (pendingForMs <= status.maxMergeDelayMs) {
      if (this.#stalledSince !== undefined) {
        this.#emit({
          kind: 'resumed',
          finalTreeSize: status.finalTreeSize,
          stalledForMs: now - this.#stalledSince,
        });
        this.#stalledSince = undefined;
      }
      return;
    }
    if (this.#stalledSince !== undefined && now - this.#stallReportedAt < STALL_REPEAT_MS) return;
    this.#stalledSince ??= now;
    this.#stallReportedAt = now;
    this.#emit({
      kind: 'stalled',
      treeSize: status.treeSize,
      finalTreeSize: status.finalTreeSize,
      pendingForMs,
      reason: this.#explain(status),
    });
  }

  /** One sentence: the checkpoint's independent cosignatures against the quorum, and who fails why. */
  #explain(status: { treeSize: number; cosigners: readonly string[]; tally: QuorumTally }): string {
    const failing = this.list()
      .filter((health) => health.state === 'failing')
      .map((health) => `${health.witness} (${health.lastOutcome}: ${health.reason})`);
    const silent = this.list()
      .filter((health) => health.state === 'unknown' && !status.cosigners.includes(health.witness))
      .map((health) => health.witness);
    const parts = [`checkpoint ${status.treeSize} is ${describeQuorumTally(status.tally)}`];
    if (failing.length > 0) parts.push(`failing: ${failing.join('; ')}`);
    if (silent.length > 0) parts.push(`no answer yet from ${silent.join(', ')}`);
    return parts.join('; ');
  }
}
