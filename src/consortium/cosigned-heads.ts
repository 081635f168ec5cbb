import { equalBytes } from '../crypto/index.ts';
import { parseNote, type NoteSignature } from '../note/index.ts';
import type { TrustedSigner } from '../verify/index.ts';
import type { CosignedTreeHead } from './finality-storage.ts';
import type { SignedCheckpoint } from './witness-lane.ts';

// The finalizer's view of the latest few checkpoints: each with the cosignatures gathered so far
// (by witness name), its note with them added, whether it is final and whether that is stored.
// After a restart, the cosignatures stored for the latest checkpoint are taken back.

export interface HeadState {
  readonly checkpoint: SignedCheckpoint;
  readonly signatures: Map<string, NoteSignature>;
  note: string;
  final: boolean;
  saved: boolean;
}

const KEPT_STATES = 8;

export function toHead(state: HeadState): CosignedTreeHead {
  return {
    treeSize: state.checkpoint.treeSize,
    rootHash: state.checkpoint.rootHash,
    note: state.note,
    cosigners: [...state.signatures.keys()],
    final: state.final,
  };
}

function matchWitness(witnesses: readonly TrustedSigner[], signature: NoteSignature): string | undefined {
  return witnesses.find((w) => w.key.name === signature.name && equalBytes(w.key.keyId, signature.keyId))
    ?.name;
}

export class CosignedHeads {
  readonly #witnesses: readonly TrustedSigner[];
  readonly #restored: CosignedTreeHead | null;
  readonly #onUnreadable: (error: unknown) => void;
  readonly #states = new Map<number, HeadState>();

  constructor(
    witnesses: readonly TrustedSigner[],
    restored: CosignedTreeHead | null,
    onUnreadable: (error: unknown) => void,
  ) {
    this.#witnesses = witnesses;
    this.#restored = restored;
    this.#onUnreadable = onUnreadable;
  }

  get(treeSize: number): HeadState | undefined {
    return this.#states.get(treeSize);
  }

  /** The state of `checkpoint`, made (with what was stored for it, if anything) when new. */
  stateFor(checkpoint: SignedCheckpoint): HeadState {
    let state = this.#states.get(checkpoint.treeSize);
    if (state === undefined || !equalBytes(state.checkpoint.rootHash, checkpoint.rootHash)) {
      state = this.#readRestored(checkpoint) ?? {
        checkpoint,
        signatures: new Map(),
        note: checkpoint.note,
        final: false,
        saved: true,
      };
      this.#states.set(checkpoint.treeSize, state);
      const sizes = [...this.#states.keys()].sort((a, b) => b - a);
      for (const size of sizes.slice(KEPT_STATES)) this.#states.delete(size);
    }
    return state;
  }

  listUnsaved(): HeadState[] {
    return [...this.#states.values()].filter((state) => !state.saved);
  }

  #readRestored(checkpoint: SignedCheckpoint): HeadState | undefined {
    const head = this.#restored;
    if (
      head === null ||
      head.treeSize !== checkpoint.treeSize ||
      !equalBytes(head.rootHash, checkpoint.rootHash)
    ) {
      return undefined;
    }
    const signatures = new Map<string, NoteSignature>();
    try {
      for (const signature of parseNote(head.note).signatures) {
        const witness = matchWitness(this.#witnesses, signature);
        if (witness !== undefined) signatures.set(witness, signature);
      }
    } catch (error) {
      this.#onUnreadable(error);
      return undefined;
    }
    return { checkpoint, signatures, note: head.note, final: head.final, saved: true };
  }
}
