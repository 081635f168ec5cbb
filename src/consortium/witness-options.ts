import { ConsortiumError } from './errors.ts';
import { DEFAULT_MAX_ADD_CHECKPOINT_BYTES } from './add-checkpoint-request.ts';

export interface WitnessOptions {
  /** Largest add-checkpoint request body read, in bytes. */
  maxRequestBytes: number;
  /** Audit mode: longest wait for one read API response from the log, in milliseconds. */
  auditFetchTimeoutMs: number;
  /** Audit mode: entry bundles fetched at once. */
  auditConcurrency: number;
  /**
   * Audit mode: longest an add-checkpoint request waits for its audit, in milliseconds (under the
   * sequencer's 5,000 ms per request); past it the audit goes on in the background and the request
   * is refused with WITNESS_AUDIT_PENDING (HTTP 503).
   */
  auditBudgetMs: number;
  /** Audit mode: entry bundles mirrored between two saves of an audit's progress. */
  auditStepBundles: number;
}

export const DEFAULT_WITNESS_OPTIONS: Readonly<WitnessOptions> = Object.freeze({
  maxRequestBytes: DEFAULT_MAX_ADD_CHECKPOINT_BYTES,
  auditFetchTimeoutMs: 10_000,
  auditConcurrency: 4,
  auditBudgetMs: 3_000,
  auditStepBundles: 64,
});

/** Merges `options` over the defaults; rejects unknown keys and values that are not positive integers. */
export function resolveWitnessOptions(options: Partial<WitnessOptions>): WitnessOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', 'witness options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_WITNESS_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown witness option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_WITNESS_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `witness option ${key} must be a positive integer`,
        {
          details: { key, value },
        },
      );
    }
  }
  return resolved;
}
