// Independent finality (issue 22; DESIGN.md "Roles and authority"): a checkpoint is final once
// witnesses of `quorum` organisations other than the chain sequencer's have cosigned it. The
// sequencer's own witness adds nothing: an organisation that forks its chain controls its own
// witness too. Each witness and sequencer entry of the consortium file is named for the member
// organisation that runs it: `court`, or `court/<suffix>` for a further key of that organisation.
// This is the one rule: the node's finalizer and the offline verifier both call tallyQuorum.

/** What of a chain the rule reads: its sequencer's and witnesses' names and its quorum. */
export interface QuorumChain {
  readonly sequencer: { readonly name: string };
  readonly witnesses: readonly { readonly name: string }[];
  readonly quorum: number;
}

export interface QuorumTally {
  readonly quorum: number;
  /** The organisation of the chain's sequencer. */
  readonly sequencerOrganisation: string;
  /** Organisations other than the sequencer's with a witness on the chain, in the file's order. */
  readonly independent: readonly string[];
  /** Those of `independent` with at least one cosignature: each counts once, however many it has. */
  readonly counted: readonly string[];
  /** The witnesses of the sequencer's own organisation on the chain: shown, never counted. */
  readonly ownWitnesses: readonly string[];
  /** True once `counted` reaches the quorum. */
  readonly reached: boolean;
}

/** The member organisation a witness or sequencer entry belongs to: its name up to the first "/". */
export function organisationOf(signerName: string): string {
  const slash = signerName.indexOf('/');
  return slash === -1 ? signerName : signerName.slice(0, slash);
}

/** The organisations other than the sequencer's that witness `chain`, each once, in the file's order. */
export function listIndependentWitnesses(chain: Omit<QuorumChain, 'quorum'>): string[] {
  const own = organisationOf(chain.sequencer.name);
  const organisations = chain.witnesses.map((witness) => organisationOf(witness.name));
  return [...new Set(organisations.filter((organisation) => organisation !== own))];
}

/** The witnesses of `chain` that belong to its sequencer's own organisation. */
export function listOwnWitnesses(chain: Omit<QuorumChain, 'quorum'>): string[] {
  const own = organisationOf(chain.sequencer.name);
  return chain.witnesses.map((witness) => witness.name).filter((name) => organisationOf(name) === own);
}

/**
 * Counts `cosigners` (names of witnesses whose cosignature verified) against the chain's quorum:
 * one per independent organisation; names that are not witnesses of the chain count nothing.
 */
export function tallyQuorum(chain: QuorumChain, cosigners: readonly string[]): QuorumTally {
  const sequencerOrganisation = organisationOf(chain.sequencer.name);
  const independent = listIndependentWitnesses(chain);
  const witnessNames = new Set(chain.witnesses.map((witness) => witness.name));
  const cosigning = new Set(
    cosigners.filter((name) => witnessNames.has(name)).map((name) => organisationOf(name)),
  );
  const counted = independent.filter((organisation) => cosigning.has(organisation));
  return {
    quorum: chain.quorum,
    sequencerOrganisation,
    independent,
    counted,
    ownWitnesses: listOwnWitnesses(chain),
    reached: counted.length >= chain.quorum,
  };
}

/** True when `cosigners` include witnesses of at least `chain.quorum` independent organisations. */
export function isQuorumReached(chain: QuorumChain, cosigners: readonly string[]): boolean {
  return tallyQuorum(chain, cosigners).reached;
}

function describeOwnWitnesses(ownWitnesses: readonly string[]): string {
  if (ownWitnesses.length === 0) return '';
  return ownWitnesses.length === 1
    ? `; the sequencer's own witness (${ownWitnesses[0]}) does not count`
    : `; the sequencer's own witnesses (${ownWitnesses.join(', ')}) do not count`;
}

/**
 * The tally in one phrase, the same wherever finality is shown (verification report, chain view,
 * `deposit --wait`, stall logs): "cosigned by 2 of 3 independent witnesses (copyright-center,
 * notary), quorum 2; the sequencer's own witness (court) does not count".
 */
export function describeQuorumTally(tally: QuorumTally): string {
  const named = tally.counted.length === 0 ? '' : ` (${tally.counted.join(', ')})`;
  const count = `cosigned by ${tally.counted.length} of ${tally.independent.length} independent witnesses${named}`;
  const quorum = tally.reached ? `, quorum ${tally.quorum}` : `, but the quorum is ${tally.quorum}`;
  return `${count}${quorum}${describeOwnWitnesses(tally.ownWitnesses)}`;
}

/**
 * The chain's rule in one phrase, for `consortium show` and `sealchain start`: "final at 2 of 3
 * independent witnesses (copyright-center, notary, forensics); the sequencer's own witness (court)
 * does not count".
 */
export function describeQuorumRule(chain: QuorumChain): string {
  const independent = listIndependentWitnesses(chain);
  const named = independent.length === 0 ? '' : ` (${independent.join(', ')})`;
  return `final at ${chain.quorum} of ${independent.length} independent witnesses${named}${describeOwnWitnesses(listOwnWitnesses(chain))}`;
}
