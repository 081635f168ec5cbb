import type { AppendRequest } from '../ledger/index.ts';
import { evaluateCheckpoint, type TrustedChain } from '../verify/index.ts';
import { ANCHOR_ENTRY_TYPE, ANCHOR_UNIT, buildAnchorRequest } from './anchor-entry.ts';
import type { IndexedAnchor } from './chain-index-storage.ts';
import { ConsortiumError } from './errors.ts';

// Cross-chain anchoring (DESIGN.md "Cross-chain"): at a set interval, a sequencer looks at the
// latest final checkpoint of each other chain, proven signed and cosigned by a quorum with the
// consortium file's keys, and deposits it on its own chain only when that chain holds new entries
// since the last anchor (other than anchor entries, see #holdsNewEntries), plus a heartbeat at most
// once per anchorHeartbeatMs that re-deposits the latest final checkpoint even when nothing changed,
// so a verifier sees the other chain is alive. So each chain's history is also protected by the
// other chain's members, and idle chains write nothing between heartbeats.

export interface AnchorerOptions {
  /** Pause between anchoring rounds, in milliseconds. */
  anchorIntervalMs: number;
  /** Longest time without an anchor of a chain that has a final checkpoint, in milliseconds. */
  anchorHeartbeatMs: number;
}

export const DEFAULT_ANCHORER_OPTIONS: Readonly<AnchorerOptions> = Object.freeze({
  anchorIntervalMs: 10_000,
  anchorHeartbeatMs: 86_400_000,
});

/** Most entries of another chain read in one round to tell whether they are only anchors. */
const MAX_ENTRIES_READ_PER_ROUND = 256;

/** The type and unit of one entry of another chain, as its node serves it, or null when unreadable. */
export type EntryKind = { readonly type: string; readonly unit: string } | null;

interface AnchoredState {
  /** The tree size of the latest anchor of the chain on this chain (0: none). */
  anchoredSize: number;
  /** Entries below this size are known to need no anchor (anchored, or anchor entries only). */
  checkedSize: number;
  /** When the latest anchor was written, or when this anchorer first looked (ms since the epoch). */
  anchoredAtMs: number;
}

export interface AnchorerConfig {
  /** The chain the anchors are deposited on. */
  readonly chain: TrustedChain;
  /** The chains whose checkpoints are anchored. */
  readonly anchored: readonly TrustedChain[];
  /** The latest final checkpoint note of `chain` as its node serves it, or null when it has none. */
  readonly readFinalCheckpoint: (chain: TrustedChain) => Promise<string | null>;
  /** The latest anchor of `chain` already on this chain, or null. */
  readonly readLatestAnchor: (chain: TrustedChain) => Promise<IndexedAnchor | null>;
  /**
   * The sequencer time (RFC 3339) of entry `leafIndex` of this chain, or null when it cannot be
   * read: the heartbeat counts from the latest anchor's time, across restarts.
   */
  readonly readEntryTime: (leafIndex: number) => Promise<string | null>;
  /** The type and unit of entry `leafIndex` of `chain` as its node serves it. */
  readonly readEntryKind: (chain: TrustedChain, leafIndex: number) => Promise<EntryKind>;
  /** The clock of the heartbeat, in milliseconds since the epoch (Date.now by default). */
  readonly now?: () => number;
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
  /** `heartbeat`: anchored although the chain holds nothing new, because anchorHeartbeatMs passed. */
  readonly outcome: 'anchored' | 'heartbeat' | 'unchanged' | 'none' | 'failed';
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
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `${key} must be a positive integer`, {
        details: { key },
      });
    }
  }
  return resolved;
}

export class Anchorer {
  readonly options: AnchorerOptions;
  readonly #config: AnchorerConfig;
  readonly #states = new Map<string, AnchoredState>();
  readonly #now: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<AnchorRound[]> | null = null;
  #closed = false;

  constructor(config: AnchorerConfig) {
    this.#config = config;
    this.options = resolveAnchorerOptions(config.options);
    this.#now = config.now ?? Date.now;
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
      const state = await this.#readState(chain);
      const now = this.#now();
      let outcome: 'anchored' | 'heartbeat';
      if (treeSize > state.anchoredSize && (await this.#holdsNewEntries(chain, state, treeSize))) {
        outcome = 'anchored';
      } else if (
        treeSize >= state.anchoredSize &&
        now - state.anchoredAtMs >= this.options.anchorHeartbeatMs
      ) {
        outcome = 'heartbeat';
      } else {
        return { chain: chain.name, outcome: 'unchanged', treeSize };
      }
      const { leafIndex } = await this.#config.append(
        buildAnchorRequest(
          this.#config.chain,
          chain,
          note,
          treeSize,
          outcome === 'heartbeat' ? now : undefined,
        ),
      );
      Object.assign(state, { anchoredSize: treeSize, checkedSize: treeSize, anchoredAtMs: now });
      this.#config.onAnchor?.({ chain: chain.name, treeSize, leafIndex });
      return { chain: chain.name, outcome, treeSize, leafIndex };
    } catch (error) {
      this.#config.onError?.(`${this.#config.chain.name}: anchoring chain ${chain.name} failed`, error);
      return { chain: chain.name, outcome: 'failed' };
    }
  }

  /**
   * What this chain last anchored of `chain` and when, read from its own entries (the index and
   * the anchor entry's time) the first time, so that a restart neither anchors the same checkpoint
   * again nor puts the heartbeat off: it stays due a heartbeat period after the latest anchor.
   * Without an anchor, or when its time cannot be read, the heartbeat counts from this first look.
   */
  async #readState(chain: TrustedChain): Promise<AnchoredState> {
    let state = this.#states.get(chain.name);
    if (state === undefined) {
      const latest = await this.#config.readLatestAnchor(chain);
      const anchoredSize = latest?.anchoredTreeSize ?? 0;
      const now = this.#now();
      const written = latest === null ? null : await this.#config.readEntryTime(latest.leafIndex);
      const writtenMs = written === null ? Number.NaN : Date.parse(written);
      const anchoredAtMs = Number.isFinite(writtenMs) ? Math.min(writtenMs, now) : now;
      state = { anchoredSize, checkedSize: anchoredSize, anchoredAtMs };
      this.#states.set(chain.name, state);
    }
    return state;
  }

  /**
   * True when `chain`'s entries from the last anchored size up to `treeSize` hold one that is not an
   * anchor entry. The rule breaks the ping-pong of idle chains: chain A anchoring B's checkpoint
   * appends an anchor entry to A, so A has a new final checkpoint; if B anchored that, B would have
   * a new checkpoint for A to anchor, and two idle chains would anchor each other every interval
   * forever (and three chains would pass the ball round). An anchor entry carries no data of its
   * own, only another chain's checkpoint, which that chain's own anchors protect; so a checkpoint
   * whose only new entries are anchor entries (of any chain) needs no anchor, except by the
   * heartbeat. Entries are read in order from where the last round stopped, at most
   * MAX_ENTRIES_READ_PER_ROUND a round, stopping at the first that is not an anchor. They are
   * read as the other chain's node serves them, unproven: a node that lied would only delay the
   * anchor of its own chain until the heartbeat, never make this chain anchor what is not final.
   */
  async #holdsNewEntries(chain: TrustedChain, state: AnchoredState, treeSize: number): Promise<boolean> {
    const end = Math.min(treeSize, state.checkedSize + MAX_ENTRIES_READ_PER_ROUND);
    for (let index = state.checkedSize; index < end; index++) {
      const kind = await this.#config.readEntryKind(chain, index);
      if (kind === null || kind.type !== ANCHOR_ENTRY_TYPE || kind.unit !== ANCHOR_UNIT) return true;
      state.checkedSize = index + 1;
    }
    return false;
  }

  #schedule(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      void this.anchorNow().finally(() => this.#schedule());
    }, this.options.anchorIntervalMs);
    this.#timer.unref?.();
  }
}
