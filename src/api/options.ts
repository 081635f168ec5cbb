import { ApiError } from './errors.ts';

export interface ApiOptions {
  /** Largest body of a single-entry deposit, in bytes. */
  maxEntryBodyBytes: number;
  /** Largest body of a batch deposit, in bytes. */
  maxBatchBodyBytes: number;
  /** Most entries in one batch deposit (count). */
  maxBatchEntries: number;
  /** Largest body of the unit endpoints, in bytes. */
  maxUnitBodyBytes: number;
  /** Largest body of a verification request (a proof bundle with its anchors), in bytes. */
  maxVerificationBodyBytes: number;
  /** Largest uploaded file, in bytes; enforced while streaming. */
  maxUploadBytes: number;
  /** Longest `timeoutMs` a bundle request may wait for integration, in milliseconds. */
  maxBundleWaitMs: number;
  /** Wait of `wait=integrated` without `timeoutMs`, in milliseconds. */
  defaultBundleWaitMs: number;
  /** Entries a unit may deposit per second, refilled continuously (count per second). */
  unitEntriesPerSecond: number;
  /** Entries a unit may deposit at once when its bucket is full (count). */
  unitEntryBurst: number;
  /** Entries one unit may hold on a chain, its storage quota (count); more get STORAGE_QUOTA_EXCEEDED. */
  unitEntryQuota: number;
  /**
   * Pause between checkpoint reads while bundle requests wait, in milliseconds; a fallback, since
   * the ledger announces each checkpoint it signs to the waiting requests at once.
   */
  checkpointPollMs: number;
  /** How long a unit read from storage is trusted before it is read again, in milliseconds. */
  unitCacheMs: number;
  /**
   * Certificate requests (PDF or HTML, ~70 ms CPU per PDF rendered) one client may make per minute,
   * refilled continuously; a client is its principal (API key or user), else its IP address.
   */
  certificateRendersPerMinute: number;
  /** Certificate requests a client may make at once when its bucket is full (count). */
  certificateRenderBurst: number;
}

export const DEFAULT_API_OPTIONS: Readonly<ApiOptions> = Object.freeze({
  maxEntryBodyBytes: 256 * 1024,
  maxBatchBodyBytes: 64 * 1024 * 1024,
  maxBatchEntries: 10_000,
  maxUnitBodyBytes: 16 * 1024,
  maxVerificationBodyBytes: 4 * 1024 * 1024,
  maxUploadBytes: 1024 * 1024 * 1024,
  maxBundleWaitMs: 60_000,
  defaultBundleWaitMs: 15_000,
  unitEntriesPerSecond: 50_000,
  unitEntryBurst: 100_000,
  unitEntryQuota: 10_000_000,
  checkpointPollMs: 1_000,
  unitCacheMs: 5_000,
  certificateRendersPerMinute: 60,
  certificateRenderBurst: 20,
});

/** Merges `options` over the defaults; rejects unknown keys and values that are not positive integers. */
export function resolveApiOptions(options: Partial<ApiOptions> = {}): ApiOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_API_OPTIONS, key)) {
      throw new ApiError('NODE_OPTIONS_INVALID', `unknown API option "${key}"`, { details: { key } });
    }
  }
  const resolved = { ...DEFAULT_API_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ApiError('NODE_OPTIONS_INVALID', `API option ${key} must be a positive integer`, {
        details: { key, value },
      });
    }
  }
  if (resolved.unitEntryBurst < resolved.maxBatchEntries) {
    throw new ApiError('NODE_OPTIONS_INVALID', 'unitEntryBurst must be at least maxBatchEntries');
  }
  return resolved;
}
