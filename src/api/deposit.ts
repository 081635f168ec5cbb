import type { EntryWriter } from '../accounts/index.ts';
import {
  checkEntryTypes,
  depositEntries as depositWithService,
  type DepositResult,
  type EntryInput,
} from '../services/index.ts';
import type { ApiContext, ChainHandle } from './context.ts';
import { ApiError } from './errors.ts';

// The HTTP side of a deposit: a unit's entries are admitted through its token bucket before the
// use case (src/services/deposits.ts) runs, and given back to the bucket when it refuses them.

export { checkEntryTypes, type DepositResult, type EntryInput };

/** Takes `count` entries from the unit's token bucket; RATE_LIMITED when it holds too few. */
export function admitEntries(context: ApiContext, unit: string, count: number): void {
  const admitted = context.limiter.take(unit, count);
  if (!admitted.ok) {
    throw new ApiError('RATE_LIMITED', `unit ${unit} deposits faster than its limit; retry later`, {
      details: {
        retryAfterMs: admitted.retryAfterMs,
        unitEntriesPerSecond: context.options.unitEntriesPerSecond,
      },
    });
  }
}

/**
 * Runs `use` with `count` entries admitted from the unit's bucket (admitEntries); they are given
 * back if it throws. For use cases that append one entry of their own (a registration, a licence).
 */
export async function runAdmitted<T>(
  context: ApiContext,
  unit: string,
  count: number,
  use: () => Promise<T>,
): Promise<T> {
  admitEntries(context, unit, count);
  try {
    return await use();
  } catch (error) {
    context.limiter.refund(unit, count);
    throw error;
  }
}

/**
 * Deposits entries the caller admitted (admitEntries) through the deposit use case; they are given
 * back to the unit's bucket if it refuses them.
 */
export async function depositEntries(
  context: ApiContext,
  chain: ChainHandle,
  unit: string,
  entries: readonly EntryInput[],
  idempotencyKey: string | undefined,
  batch: boolean,
  writer: EntryWriter,
): Promise<DepositResult[]> {
  const ports = {
    quota: context.quota,
    countEntries: (name: string, count: number) => context.metrics.countEntries(name, count),
  };
  try {
    return await depositWithService(ports, { chain, unit, entries, idempotencyKey, batch, writer });
  } catch (error) {
    context.limiter.refund(unit, entries.length);
    throw error;
  }
}
