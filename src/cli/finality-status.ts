import { describeQuorumTally, organisationOf, tallyQuorum } from '../verify/index.ts';
import { CliError } from './errors.ts';

// What `deposit --wait` says it waits for, from what the server knows: the chain view of
// GET /v1/chains/{chain} (src/api/routes/chains.ts). A checkpoint is named by its tree size, as
// C2SP tlog-checkpoint does; an entry is final once a checkpoint covering it has cosignatures of a
// quorum of independent witnesses (src/verify/independent-quorum.ts, whose wording it uses).

/** The fields of the chain view that say how far finality has come. */
export interface ChainFinalityView {
  /** Entries covered by the latest checkpoint. */
  treeSize: number;
  /** Entries covered by the latest final checkpoint. */
  finalTreeSize: number;
  /** Witnesses that cosigned the latest checkpoint. */
  cosigners: string[];
  /** Independent witnesses (of organisations other than the sequencer's) that make a checkpoint final. */
  quorum: number;
  /** The sequencer's organisation ('' from a server that does not say: every witness then counts). */
  sequencer: string;
  witnesses: string[];
  maxMergeDelayMs: number;
  /** Witnesses whose last answer to the sequencer failed, with why (absent from older servers). */
  failing: { name: string; reason: string }[];
}

function invalid(field: string): CliError {
  return new CliError('SERVER_ANSWER_INVALID', `the chain view has no valid ${field}`, {
    details: { field },
  });
}

function readCount(object: Record<string, unknown>, field: string): number {
  const value = object[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(field);
  return value;
}

function readNames(object: Record<string, unknown>, field: string): string[] {
  const value = object[field];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) throw invalid(field);
  return value as string[];
}

/** The failing witnesses of the view's optional witnessStatus (a server before it has none). */
function readFailing(object: Record<string, unknown>): { name: string; reason: string }[] {
  const status = object['witnessStatus'];
  if (status === undefined) return [];
  if (!Array.isArray(status)) throw invalid('witnessStatus');
  return status.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw invalid('witnessStatus');
    const { name, state, lastOutcome, reason } = item as Record<string, unknown>;
    if (typeof name !== 'string' || state !== 'failing') return [];
    const why = [lastOutcome, reason].filter((part) => typeof part === 'string').join(': ');
    return [{ name, reason: why === '' ? 'failing' : why }];
  });
}

function readSequencer(object: Record<string, unknown>): string {
  const value = object['sequencer'];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalid('sequencer');
  return value;
}

/** Reads the chain view's finality fields; throws CliError('SERVER_ANSWER_INVALID'). */
export function readChainFinalityView(body: unknown): ChainFinalityView {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('object');
  const object = body as Record<string, unknown>;
  return {
    treeSize: readCount(object, 'treeSize'),
    finalTreeSize: readCount(object, 'finalTreeSize'),
    cosigners: readNames(object, 'cosigners'),
    quorum: readCount(object, 'quorum'),
    sequencer: readSequencer(object),
    witnesses: readNames(object, 'witnesses'),
    maxMergeDelayMs: readCount(object, 'maxMergeDelayMs'),
    failing: readFailing(object),
  };
}

/** "1 entry", "3 entries". */
export function countEntries(count: number): string {
  return count === 1 ? '1 entry' : `${count} entries`;
}

/** Why the entries `pendingIndexes` are not final yet, from the chain view. */
export function describeFinalityWait(view: ChainFinalityView, pendingIndexes: readonly number[]): string {
  const highest = Math.max(...pendingIndexes);
  if (view.finalTreeSize > highest) return 'the chain is final up to them; fetching the bundles';
  if (view.treeSize <= highest) {
    const latest = view.treeSize === 0 ? 'no checkpoint yet' : `the latest has tree size ${view.treeSize}`;
    return `no checkpoint covers entry ${highest} yet (${latest}; the sequencer integrates within ${Math.ceil(view.maxMergeDelayMs / 1000)} s)`;
  }
  const tally = tallyQuorum(
    {
      sequencer: { name: view.sequencer },
      witnesses: view.witnesses.map((name) => ({ name })),
      quorum: view.quorum,
    },
    view.cosigners,
  );
  const checkpoint = `the checkpoint of tree size ${view.treeSize} is ${describeQuorumTally(tally)}`;
  if (tally.reached) return `${checkpoint}; the server has not counted it final yet`;
  // Only the independent witnesses still missing can make it final.
  const missing = view.witnesses.filter(
    (witness) => !tally.counted.includes(organisationOf(witness)) && !tally.ownWitnesses.includes(witness),
  );
  const failing = view.failing.filter((witness) => missing.includes(witness.name));
  const silent = missing.filter((witness) => !failing.some((f) => f.name === witness));
  const parts = [checkpoint];
  if (failing.length > 0) {
    parts.push(`failing: ${failing.map((witness) => `${witness.name} (${witness.reason})`).join('; ')}`);
  }
  if (silent.length > 0) parts.push(`no cosignature yet from ${silent.join(', ')}`);
  return parts.join('; ');
}
