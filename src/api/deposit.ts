import type { EntryWriter } from '../accounts/index.ts';
import {
  admitEntries as admitFromBucket,
  checkEntryTypes,
  depositEntries as depositWithService,
  runAdmitted as runWithAdmission,
  type AdmissionPorts,
  type DepositPorts,
  type DepositResult,
  type EntryInput,
} from '../services/index.ts';
import type { ApiContext, ChainHandle } from './context.ts';

// The routes' view of the deposit use cases: the ports they take, built from the API context once
// here. The unit's token bucket and its refunds are src/services/admission.ts.

export { checkEntryTypes, type DepositResult, type EntryInput };

/** The ports of every use case that deposits a unit's entries (the bucket, the quota, the counter). */
export function depositPorts(context: ApiContext): DepositPorts & AdmissionPorts {
  return {
    limiter: context.limiter,
    unitEntriesPerSecond: context.options.unitEntriesPerSecond,
    quota: context.quota,
    countEntries: (name: string, count: number) => context.metrics.countEntries(name, count),
  };
}

/** Takes `count` entries from the unit's token bucket; RATE_LIMITED when it holds too few. */
export function admitEntries(context: ApiContext, unit: string, count: number): void {
  admitFromBucket(depositPorts(context), unit, count);
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
  return runWithAdmission(depositPorts(context), unit, count, use);
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
  try {
    return await depositWithService(depositPorts(context), {
      chain,
      unit,
      entries,
      idempotencyKey,
      batch,
      writer,
    });
  } catch (error) {
    context.limiter.refund(unit, entries.length);
    throw error;
  }
}
