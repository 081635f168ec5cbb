import { AccountsError, authoriseEntryWrite, type EntryWriter } from '../accounts/index.ts';
import type { AppendReceipt, AppendRequest } from '../ledger/index.ts';
import { bytesToHex } from '../crypto/index.ts';
import type { ApiContext, ChainHandle } from './context.ts';
import { ApiError } from './errors.ts';
import { formatEntryId } from './proof-bundle.ts';

export interface EntryInput {
  digest: string;
  type: string;
  meta?: Record<string, unknown> | undefined;
  sig?: { key: string; signature: string } | undefined;
}

export interface DepositResult {
  index: number;
  leafHash: string;
  id: string;
  receipt: string;
  entry: string;
  time: string;
  replayed: boolean;
}

/** Every entry's type must be one `writer` may write on `chain` (src/accounts/entry-types.ts). */
export function checkEntryTypes(
  chain: ChainHandle,
  entries: readonly EntryInput[],
  writer: EntryWriter,
): void {
  entries.forEach((entry, i) => {
    try {
      authoriseEntryWrite(entry.type, writer, chain.name);
    } catch (error) {
      if (!(error instanceof AccountsError)) throw error;
      const field = entries.length === 1 ? 'type' : `entries[${i}].type`;
      throw new AccountsError(error.code, error.message, { details: { ...error.details, field } });
    }
  });
}

function checkDigestAlgorithm(chain: ChainHandle, entries: readonly EntryInput[]): void {
  const prefix = `${chain.hashAlgorithm}:`;
  entries.forEach((entry, i) => {
    if (!entry.digest.startsWith(prefix)) {
      throw new ApiError('REQUEST_INVALID', `chain ${chain.name} takes ${chain.hashAlgorithm} digests`, {
        details: {
          field: entries.length === 1 ? 'digest' : `entries[${i}].digest`,
          hashAlgorithm: chain.hashAlgorithm,
        },
      });
    }
  });
}

function toResult(chain: ChainHandle, receipt: AppendReceipt): DepositResult {
  return {
    index: receipt.leafIndex,
    leafHash: bytesToHex(receipt.leafHash),
    id: formatEntryId(chain.name, receipt.leafIndex),
    receipt: receipt.receipt,
    entry: receipt.entry,
    time: receipt.time,
    replayed: receipt.replayed,
  };
}

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
 * Deposits entries for `unit` as one all-or-nothing append, each of a type `writer` may write
 * on this chain (ENTRY_TYPE_RESERVED / ENTRY_TYPE_FOREIGN otherwise); the caller has admitted them
 * (admitEntries), and they are given back to the bucket if the append is refused. With an idempotency key, entry i of a batch carries `<key>/<i>` so a repeated batch
 * returns the first results.
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
    checkEntryTypes(chain, entries, writer);
    checkDigestAlgorithm(chain, entries);
  } catch (error) {
    context.limiter.refund(unit, entries.length);
    throw error;
  }
  const requests: AppendRequest[] = entries.map((entry, i) => {
    const request: AppendRequest = { type: entry.type, digest: entry.digest, unit, meta: entry.meta ?? {} };
    if (entry.sig !== undefined) request.sig = entry.sig;
    if (idempotencyKey !== undefined)
      request.idempotencyKey = batch ? `${idempotencyKey}/${i}` : idempotencyKey;
    return request;
  });
  let receipts: AppendReceipt[];
  try {
    await context.quota.admit(chain, unit, entries.length);
  } catch (error) {
    context.limiter.refund(unit, entries.length);
    throw error;
  }
  try {
    receipts = await chain.ledger.appendBatch(requests);
  } catch (error) {
    context.limiter.refund(unit, entries.length);
    await context.quota.release(chain, unit, entries.length);
    throw error;
  }
  await context.quota.release(chain, unit, receipts.filter((receipt) => receipt.replayed).length);
  context.metrics.countEntries(chain.name, receipts.filter((receipt) => !receipt.replayed).length);
  return receipts.map((receipt) => toResult(chain, receipt));
}
