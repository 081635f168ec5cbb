import type { NoteSignature } from '../note/index.ts';
import type { TrustedSigner } from '../verify/index.ts';
import type { CollectorOptions } from './collector-options.ts';
import { collectCosignatures, type CollectorContext, type WitnessOutcome } from './cosignature-collector.ts';

// One witness's pipeline on the sequencer side: it asks its witness to cosign the latest
// checkpoint that witness has not cosigned yet, and backs off while the witness is down or
// refuses. Each witness has a lane of its own, so a slow or absent witness never holds back the
// others, and a checkpoint is final as soon as a quorum of lanes has brought its cosignature.

/** A checkpoint signed by the sequencer. */
export interface SignedCheckpoint {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly note: string;
}

export interface LaneHost {
  readonly closed: boolean;
  /** The latest checkpoint known, or null before the first. */
  latestCheckpoint(): SignedCheckpoint | null;
  /** Resolves once a checkpoint larger than `treeSize` is known, or the host closes. */
  waitForCheckpoint(treeSize: number): Promise<void>;
  /** Resolves after `ms`, or at once when the host closes. */
  pause(ms: number): Promise<void>;
  /**
   * Takes a verified cosignature of `checkpoint`; `witnessSize` is the size the witness now holds.
   * Resolves true once it is stored, false when the host closed before it could be.
   */
  acceptCosignature(
    checkpoint: SignedCheckpoint,
    witness: string,
    cosignature: NoteSignature,
    witnessSize: number,
  ): Promise<boolean>;
  /** Told of every answer (or silence) of the witness. */
  noteOutcome(checkpoint: SignedCheckpoint, outcome: WitnessOutcome): void;
}

export interface LaneTiming {
  readonly retryMs: number;
  readonly maxRetryMs: number;
}

export class WitnessLane {
  readonly witness: TrustedSigner & { url: string };
  readonly #host: LaneHost;
  readonly #context: CollectorContext;
  readonly #collectorOptions: Partial<CollectorOptions>;
  readonly #timing: LaneTiming;
  /** The size the witness is known to hold, sent as the old size of the next request. */
  #knownSize: number;
  /** The largest checkpoint this lane has brought a cosignature for. */
  #cosignedSize: number;

  constructor(
    witness: TrustedSigner & { url: string },
    host: LaneHost,
    context: CollectorContext,
    collectorOptions: Partial<CollectorOptions>,
    timing: LaneTiming,
    start: { knownSize: number; cosignedSize: number },
  ) {
    this.witness = witness;
    this.#host = host;
    this.#context = context;
    this.#collectorOptions = collectorOptions;
    this.#timing = timing;
    this.#knownSize = start.knownSize;
    this.#cosignedSize = start.cosignedSize;
  }

  /** Runs until the host closes. */
  async run(): Promise<void> {
    let delayMs = this.#timing.retryMs;
    while (!this.#host.closed) {
      const target = this.#host.latestCheckpoint();
      if (target === null || target.treeSize <= this.#cosignedSize) {
        await this.#host.waitForCheckpoint(Math.max(this.#cosignedSize, target?.treeSize ?? 0));
        continue;
      }
      const outcome = await this.#ask(target);
      this.#host.noteOutcome(target, outcome);
      if (outcome.kind === 'cosigned' && outcome.cosignature !== undefined) {
        delayMs = this.#timing.retryMs;
        const name = this.witness.name;
        if (await this.#host.acceptCosignature(target, name, outcome.cosignature, this.#knownSize)) {
          this.#cosignedSize = target.treeSize;
        }
        continue;
      }
      await this.#host.pause(delayMs);
      delayMs = Math.min(this.#timing.maxRetryMs, delayMs * 2);
    }
  }

  async #ask(target: SignedCheckpoint): Promise<WitnessOutcome> {
    const collection = await collectCosignatures(
      {
        checkpointNote: target.note,
        witnesses: [this.witness],
        quorum: 0,
        oldSizes: new Map([[this.witness.name, this.#knownSize]]),
      },
      this.#context,
      this.#collectorOptions,
    );
    this.#knownSize = collection.witnessSizes.get(this.witness.name) ?? this.#knownSize;
    return collection.outcomes[0]!;
  }
}
