import { ConsortiumError } from './errors.ts';

export interface CollectorOptions {
  /** Longest wait for one witness answer, in milliseconds. */
  timeoutMs: number;
  /** Further attempts after a witness did not answer, timed out or answered 5xx. */
  retries: number;
  /** Pause before the first retry, in milliseconds; doubled before each next one. */
  retryDelayMs: number;
  /** Re-sends from the size a witness reports in a 409, per witness and checkpoint. */
  maxSizeResends: number;
}

export const DEFAULT_COLLECTOR_OPTIONS: Readonly<CollectorOptions> = Object.freeze({
  timeoutMs: 5_000,
  retries: 2,
  retryDelayMs: 250,
  maxSizeResends: 2,
});

/** Merges `options` over the defaults; rejects unknown keys and values that are not integers ≥ 0 (timeoutMs ≥ 1). */
export function resolveCollectorOptions(options: Partial<CollectorOptions>): CollectorOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', 'collector options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_COLLECTOR_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown collector option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_COLLECTOR_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < (key === 'timeoutMs' ? 1 : 0)) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `collector option ${key} must be a non-negative integer`,
        {
          details: { key, value },
        },
      );
    }
  }
  return resolved;
}
