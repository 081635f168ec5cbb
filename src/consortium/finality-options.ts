import { ConsortiumError } from './errors.ts';

export interface FinalityOptions {
  /** Pause between reads of the ledger's latest checkpoint, in milliseconds. */
  checkpointPollMs: number;
  /** The same pause when the ledger announces its checkpoints (FinalizerConfig.watchCheckpoints). */
  watchedPollMs: number;
  /** Longest wait for one witness answer, in milliseconds. */
  witnessTimeoutMs: number;
  /** Further attempts inside one request to a witness that did not answer or answered 5xx. */
  witnessRetries: number;
  /** Pause before asking a witness again after it failed or refused, in milliseconds; doubled each time. */
  witnessRetryMs: number;
  /** Longest pause between asks of a witness that keeps failing, in milliseconds. */
  maxWitnessRetryMs: number;
  /**
   * How long a starting node waits for each witness's first answer before it takes deposits, in
   * milliseconds: a witness that holds a larger tree answers at once (409, before any audit).
   */
  firstAnswerWaitMs: number;
}

export const DEFAULT_FINALITY_OPTIONS: Readonly<FinalityOptions> = Object.freeze({
  checkpointPollMs: 50,
  watchedPollMs: 1_000,
  witnessTimeoutMs: 5_000,
  witnessRetries: 1,
  witnessRetryMs: 250,
  maxWitnessRetryMs: 5_000,
  firstAnswerWaitMs: 2_000,
});

/** Merges `options` over the defaults; rejects unknown keys and values that are not integers ≥ 0 (≥ 1 for times). */
export function resolveFinalityOptions(options: Partial<FinalityOptions> = {}): FinalityOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', 'finality options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_FINALITY_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown finality option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_FINALITY_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    const min = key === 'witnessRetries' ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `finality option ${key} must be an integer ≥ ${min}`,
        {
          details: { key, value },
        },
      );
    }
  }
  return resolved;
}
