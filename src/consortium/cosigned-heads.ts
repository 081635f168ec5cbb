import { equalBytes } from '../crypto/index.ts';
import type { CosignedTreeHead } from './finality-storage.ts';
import { toUncosignedHead } from './finality-rule.ts';
import type { SignedCheckpoint } from './witness-lane.ts';

// The finalizer's view of the latest few checkpoints: each as storage last answered for it (its
// cosigners, its note with their cosignatures, whether it is final), never what is only in
// memory. After a restart, the latest checkpoint stored is taken back.

export interface HeadState {
  readonly checkpoint: SignedCheckpoint;
  /** The version storage holds, or the uncosigned checkpoint before anything was stored. */
  head: CosignedTreeHead;
}

const KEPT_STATES = 8;

export class CosignedHeads {
  readonly #restored: CosignedTreeHead | null;
  readonly #states = new Map<number, HeadState>();

  constructor(restored: CosignedTreeHead | null) {
    this.#restored = restored;
  }

  get(treeSize: number): HeadState | undefined {
    return this.#states.get(treeSize);
  }

  /** The state of `checkpoint`, made (with what was stored for it, if anything) when new. */
  stateFor(checkpoint: SignedCheckpoint): HeadState {
    let state = this.#states.get(checkpoint.treeSize);
    if (state === undefined || !equalBytes(state.checkpoint.rootHash, checkpoint.rootHash)) {
      const restored = this.#restored;
      const matches =
        restored !== null &&
        restored.treeSize === checkpoint.treeSize &&
        equalBytes(restored.rootHash, checkpoint.rootHash);
      state = { checkpoint, head: matches ? restored : toUncosignedHead(checkpoint) };
      this.#states.set(checkpoint.treeSize, state);
      const sizes = [...this.#states.keys()].sort((a, b) => b - a);
      for (const size of sizes.slice(KEPT_STATES)) this.#states.delete(size);
    }
    return state;
  }

  /**
   * Takes what storage answered for `checkpoint`. Stored versions only grow, but answers to
   * concurrent writes may come back out of order: the one with more cosigners is kept.
   */
  adopt(checkpoint: SignedCheckpoint, stored: CosignedTreeHead): HeadState {
    const state = this.stateFor(checkpoint);
    const current = state.head;
    if (stored.cosigners.length > current.cosigners.length || (stored.final && !current.final)) {
      state.head = { ...stored, final: stored.final || current.final };
    }
    return state;
  }
}
