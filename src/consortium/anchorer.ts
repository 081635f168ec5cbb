import type { AppendRequest } from '../ledger/index.ts';
import { evaluateCheckpoint, type TrustedChain } from '../verify/index.ts';
import { buildAnchorRequest } from './anchor-entry.ts';
import type { IndexedAnchor } from './chain-index-storage.ts';
import { ConsortiumError } from './errors.ts';

// Cross-chain anchoring (DESIGN.md "Cross-chain"): at a set interval, a sequencer deposits on its
// own chain the latest final checkpoint of each other chain, once the checkpoint is proven signed
// and cosigned by a quorum with the consortium file's keys, and only when it grew since the last
// anchor. So each chain's history is also protected by the other chain's members.

export interface AnchorerOptions {
  /** Pause between anchoring rounds, in milliseconds. */
  anchorIntervalMs: number;
}

export const DEFAULT_ANCHORER_OPTIONS: Readonly<AnchorerOptions> = Object.freeze({
  anchorIntervalMs: 10_000,
});

export interface AnchorerConfig {
  /** The chain the anchors are deposited on. */
  readonly chain: TrustedChain;
  /** The chains whose checkpoints are anchored. */
  readonly anchored: readonly TrustedChain[];
  /** The latest final checkpoint note of `chain` as its node serves it, or null when it has none. */
  readonly readFinalCheckpoint: (chain: TrustedChain) => Promise<string | null>;
  /** The latest anchor of `chain` already on this chain, or null. */
  readonly readLatestAnchor: (chain: TrustedChain) => Promise<IndexedAnchor | null>;
  /** Appends an entry to this chain; resolves once it is durable. */
  readonly append: (request: AppendRequest) => Promise<{ leafIndex: number; replayed: boolean }>;
  readonly options?: Partial<AnchorerOptions>;
  /** Told of each anchor deposited; MUST NOT throw. */
  readonly onAnchor?: (anchor: { chain: string; treeSize: number; leafIndex: number }) => void;
  /** Where failures are reported (a peer down, a checkpoint that does not verify); MUST NOT throw. */
  readonly onError?: (message: string, error: unknown) => void;
}

export interface AnchorRound {
  readonly chain: string;
  readonly outcome: 'anchored' | 'unchanged' | 'none' | 'failed';
  readonly treeSize?: number;
  readonly leafIndex?: number;
}

export function resolveAnchorerOptions(options: Partial<AnchorerOptions> = {}): AnchorerOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_ANCHORER_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown anchorer option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_ANCHORER_OPTIONS, ...options };
  if (!Number.isSafeInteger(resolved.anchorIntervalMs) || resolved.anchorIntervalMs < 1) {
    throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', 'anchorIntervalMs must be a positive integer', {
      details: { key: 'anchorIntervalMs' },
    });
  }
  return resolved;
}

export class Anchorer {
  readonly options: AnchorerOptions;
  readonly #config: AnchorerConfig;
  readonly #anchoredSizes = new Map<string, number>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<AnchorRound[]> | null = null;
  #closed = false;

  constructor(config: AnchorerConfig) {
    this.#config = config;
    this.options = resolveAnchorerOptions(config.options);
  }

  start(): void {
    this.#schedule();
  }

  /** One round over every anchored chain (shared by concurrent callers). */
  anchorNow(): Promise<AnchorRound[]> {
    this.#round ??= Promise.all(this.#config.anchored.map((chain) => this.#anchor(chain))).finally(() => {
      this.#round = null;
    });
    return this.#round;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#round?.catch(() => undefined);
  }

  async #anchor(chain: TrustedChain): Promise<AnchorRound> {
    try {
      const note = await this.#config.readFinalCheckpoint(chain);
      if (note === null) return { chain: chain.name, outcome: 'none' };
      const checked = evaluateCheckpoint(chain, note);
      if (!checked.final || checked.checkpoint === undefined) {
        throw new ConsortiumError(
          'PEER_UNAVAILABLE',
          `the final checkpoint served for chain ${chain.name} does not verify`,
          {
            details: {
              chain: chain.name,
              reason: checked.cosignatures?.summary ?? checked.signature.summary,
            },
          },
        );
      }
      const treeSize = checked.checkpoint.treeSize;
      let anchoredSize = this.#anchoredSizes.get(chain.name);
      if (anchoredSize === undefined) {
        anchoredSize = (await this.#config.readLatestAnchor(chain))?.anchoredTreeSize ?? 0;
        this.#anchoredSizes.set(chain.name, anchoredSize);
      }
      if (treeSize <= anchoredSize) return { chain: chain.name, outcome: 'unchanged', treeSize };
      const { leafIndex } = await this.#config.append(
        buildAnchorRequest(this.#config.chain, chain, note, treeSize),
      );
      this.#anchoredSizes.set(chain.name, treeSize);
      this.#config.onAnchor?.({ chain: chain.name, treeSize, leafIndex });
      return { chain: chain.name, outcome: 'anchored', treeSize, leafIndex };
    } catch (error) {
      this.#config.onError?.(`${this.#config.chain.name}: anchoring chain ${chain.name} failed`, error);
      return { chain: chain.name, outcome: 'failed' };
    }
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.anchorNow().finally(() => this.#schedule());
    }, this.options.anchorIntervalMs);
    this.#timer.unref?.();
  }
}
