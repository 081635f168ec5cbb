import type { Ledger } from '../ledger/index.ts';

/**
 * Inclusion proofs of the chain. The ledger caches the hashed tiles itself (full tiles by position,
 * partial ones by width), so this only forwards to Ledger.proveInclusion.
 * @deprecated Call `ledger.proveInclusion` directly; kept while ChainHandle still carries a prover.
 */
export class InclusionProver {
  readonly #ledger: Ledger;

  constructor(ledger: Ledger, ..._ignoredCacheSizes: number[]) {
    this.#ledger = ledger;
  }

  async prove(leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
    return (await this.#ledger.proveInclusion(leafIndex, treeSize)).hashes;
  }
}
