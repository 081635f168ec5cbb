import type {
  AnchorProofSource,
  ChainIndexer,
  ChainIndexStorage,
  EntrySigner,
  Finalizer,
  FinalityStorage,
} from '../consortium/index.ts';
import type { HashAlgorithm, VerifierKey } from '../crypto/index.ts';
import type { Ledger, StoredEntry } from '../ledger/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import type { CheckpointWatcher } from './checkpoint-watcher.ts';
import { ServiceError } from './errors.ts';

/** One chain served by the node. */
export interface ChainHandle {
  /** Short name used in paths, e.g. `evidence`. */
  name: string;
  origin: string;
  hashAlgorithm: HashAlgorithm;
  ledger: Ledger;
  sequencerKey: VerifierKey;
  watcher: CheckpointWatcher;
  /** Every stored entry whose digest is `digest`, oldest first. */
  findEntriesByDigest: (digest: string) => Promise<StoredEntry[]>;
  /** The chain as the consortium file describes it (witnesses, quorum). */
  trusted: TrustedChain;
  /** Witnessing: the cosigned versions of the checkpoints, and finality. */
  finality: Finalizer;
  /** Cosigned checkpoints and the witnesses' fork reports, as stored. */
  finalityStorage: FinalityStorage;
  /** What the node derives from the chain: counts, verification records, anchors of other chains. */
  index: ChainIndexStorage;
  indexer: ChainIndexer;
  /** Where the anchors of this chain's checkpoints on the other chains are found. */
  anchorSource: AnchorProofSource;
  /** Signs an entry of a service-owned type with this node's authorised service key (when it holds one). */
  signEntry: EntrySigner;
}

/** A stored entry through the ledger's cache; ENTRY_NOT_FOUND beyond the chain's size. */
export async function readStoredEntry(chain: ChainHandle, leafIndex: number): Promise<StoredEntry> {
  const size = chain.ledger.size;
  if (leafIndex < size) return chain.ledger.readEntry(leafIndex);
  throw new ServiceError('ENTRY_NOT_FOUND', `chain ${chain.name} has no entry ${leafIndex}`, {
    details: { index: leafIndex, size },
  });
}

/** ENTRY_NOT_FOUND unless the chain holds entry `leafIndex`. */
export function requireEntry(chain: ChainHandle, leafIndex: number): void {
  const size = chain.ledger.size;
  if (leafIndex >= size) {
    throw new ServiceError('ENTRY_NOT_FOUND', `chain ${chain.name} has no entry ${leafIndex}`, {
      details: { index: leafIndex, size },
    });
  }
}

/** The id an entry is known by in answers: `<chain>:<index>`. */
export function formatEntryId(chain: string, leafIndex: number): string {
  return `${chain}:${leafIndex}`;
}
