import type { TakeResult } from './rate-limit.ts';
import { ServiceError } from './errors.ts';

// A unit's deposit rate: entries are taken from its token bucket before a use case appends them,
// and given back when the use case refuses them, so a refused request costs the unit nothing.

/** The unit token buckets (src/services/rate-limit.ts's TokenBucketLimiter). */
export interface EntryBuckets {
  take(unit: string, count: number): TakeResult;
  refund(unit: string, count: number): void;
}

export interface AdmissionPorts {
  limiter: EntryBuckets;
  /** The refill rate, shown in RATE_LIMITED's details. */
  unitEntriesPerSecond: number;
}

/** Takes `count` entries from the unit's bucket; RATE_LIMITED when it holds too few. */
export function admitEntries(ports: AdmissionPorts, unit: string, count: number): void {
  const admitted = ports.limiter.take(unit, count);
  if (!admitted.ok) {
    throw new ServiceError('RATE_LIMITED', `unit ${unit} deposits faster than its limit; retry later`, {
      details: { retryAfterMs: admitted.retryAfterMs, unitEntriesPerSecond: ports.unitEntriesPerSecond },
    });
  }
}

/** Runs `use` with `count` entries admitted from the unit's bucket; they are given back if it throws. */
export async function runAdmitted<T>(
  ports: AdmissionPorts,
  unit: string,
  count: number,
  use: () => Promise<T>,
): Promise<T> {
  admitEntries(ports, unit, count);
  try {
    return await use();
  } catch (error) {
    ports.limiter.refund(unit, count);
    throw error;
  }
}
