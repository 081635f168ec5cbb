import { bytesToHex } from '../crypto/index.ts';
import type { AppendReceipt } from '../ledger/index.ts';
import { buildDecisionEntry } from './chain-entries.ts';
import { RegistryError } from './errors.ts';
import type { EntryRef, RegistryStorage, StoredWork } from './storage.ts';
import { parseReason } from './text-checks.ts';
import type { WorkRegistry, WorksChain } from './work-registry.ts';

export interface ReviewRegistryConfig {
  storage: RegistryStorage;
  /** The same chain the registry writes `work` entries to (and through whatever signs them). */
  chain: WorksChain;
  works: WorkRegistry;
}

export interface DecisionRecord {
  work: StoredWork;
  receipt: AppendReceipt;
}

const MAX_REASON_CHARS = 2000;
const MAX_PENDING_LISTED = 500;

function toEntryRef(receipt: AppendReceipt): EntryRef {
  return { index: receipt.leafIndex, leafHash: bytesToHex(receipt.leafHash), time: receipt.time };
}

function decisionKey(number: string): string {
  return `${number}/decision`;
}

/**
 * The review of registrations held because they resemble earlier ones (issue 22): a registrar
 * approves, or rejects with a reason; either is recorded as a `registration-decision` entry on the
 * works chain, and only an approved registration is certified.
 */
export class ReviewRegistry {
  readonly #storage: RegistryStorage;
  readonly #chain: WorksChain;
  readonly #works: WorkRegistry;

  private constructor(config: ReviewRegistryConfig) {
    this.#storage = config.storage;
    this.#chain = config.chain;
    this.#works = config.works;
  }

  /** Opens the reviews and writes the entries of decisions a crash interrupted. */
  static async open(config: ReviewRegistryConfig): Promise<ReviewRegistry> {
    const reviews = new ReviewRegistry(config);
    const { works } = await config.storage.listIncomplete();
    for (const work of works) {
      if (work.decision === null || work.decision.entry !== null) continue;
      await reviews.#writeDecision(work).catch(() => undefined);
    }
    return reviews;
  }

  /** Registrations on the chain waiting for a decision, oldest first. */
  listPending(limit = 100): Promise<StoredWork[]> {
    return this.#storage.listPendingReviews(Math.min(Math.max(1, limit), MAX_PENDING_LISTED));
  }

  /**
   * Records `registrar`'s decision on the held registration `number`. Throws DECISION_INVALID
   * (not approve/reject, a rejection without reason), TEXT_INVALID (NUL in the reason),
   * WORK_NOT_FOUND, or REVIEW_NOT_PENDING (not held, or decided already); then nothing is written.
   */
  async decide(number: string, input: { decision: unknown; reason?: unknown }, registrar: string) {
    const decision = input.decision;
    if (decision !== 'approve' && decision !== 'reject') {
      throw new RegistryError('DECISION_INVALID', 'decision: must be "approve" or "reject"', {
        details: { issues: [{ field: 'decision', message: 'must be approve or reject' }] },
      });
    }
    const reason =
      decision === 'approve' && (input.reason === undefined || input.reason === '')
        ? ''
        : parseReason(input.reason, 'DECISION_INVALID', MAX_REASON_CHARS);
    const work = await this.#works.readWork(number);
    if (work.review !== 'pending-review' || work.decision !== null) throw this.#notPending(work);
    const begun = await this.#storage.beginDecision(work.number, {
      decision,
      reason,
      registrar,
      entryRequest: buildDecisionEntry(work, decision, reason),
    });
    // Another decision recorded first (a race) is that one's, not this one's.
    const recorded = begun?.decision ?? null;
    if (
      begun === null ||
      recorded === null ||
      recorded.entry !== null ||
      recorded.decision !== decision ||
      recorded.reason !== reason ||
      recorded.registrar !== registrar
    )
      throw this.#notPending(begun ?? work);
    try {
      return await this.#writeDecision(begun);
    } catch (error) {
      await this.#storage.clearIncompleteDecision(work.number).catch(() => undefined);
      throw error;
    }
  }

  async #writeDecision(work: StoredWork): Promise<DecisionRecord> {
    const decision = work.decision!;
    const receipt = await this.#chain.append({
      ...decision.entryRequest,
      unit: decision.registrar,
      idempotencyKey: decisionKey(work.number),
    });
    const completed = await this.#storage.completeDecision(work.number, toEntryRef(receipt));
    return { work: completed!, receipt };
  }

  #notPending(work: StoredWork): RegistryError {
    const decided = work.decision?.entry ?? null;
    return new RegistryError(
      'REVIEW_NOT_PENDING',
      decided !== null
        ? `${work.number} was decided already at ${decided.time} (${work.decision!.decision})`
        : `${work.number} is not waiting for review`,
      { details: { number: work.number, review: work.review } },
    );
  }
}
