import { AccountsError, authoriseEntryWrite, type EntryWriter } from '../accounts/index.ts';
import { bytesToHex } from '../crypto/index.ts';
import type { AppendReceipt, AppendRequest } from '../ledger/index.ts';
import { formatEntryId, type ChainHandle } from './chain.ts';
import { ServiceError } from './errors.ts';

// Deposits (存证): one use case for one entry and for a batch. A batch is one all-or-nothing
// append; a single deposit is a batch of one whose idempotency key is used as given.

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

/** A unit's storage quota on a chain (src/services/unit-quota.ts). */
export interface EntryQuota {
  /** Counts `count` more entries for `unit`; STORAGE_QUOTA_EXCEEDED when they would pass its quota. */
  admit(chain: ChainHandle, unit: string, count: number): Promise<void>;
  /** Gives back entries that were admitted but not added (a failed append, a replay). */
  release(chain: ChainHandle, unit: string, count: number): Promise<void>;
}

export interface DepositPorts {
  quota: EntryQuota;
  /** Told how many new entries each append added (replays not counted). */
  countEntries: (chain: string, count: number) => void;
}

export interface DepositRequest {
  chain: ChainHandle;
  unit: string;
  entries: readonly EntryInput[];
  /** With a key, entry i of a batch carries `<key>/<i>` so a repeated batch returns the first results. */
  idempotencyKey: string | undefined;
  /** A batch names its entries `entries[i]` in errors and suffixes the idempotency key. */
  batch: boolean;
  writer: EntryWriter;
}

function nameField(entries: readonly EntryInput[], i: number, field: string): string {
  return entries.length === 1 ? field : `entries[${i}].${field}`;
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
      const field = nameField(entries, i, 'type');
      throw new AccountsError(error.code, error.message, { details: { ...error.details, field } });
    }
  });
}

function checkDigestAlgorithm(chain: ChainHandle, entries: readonly EntryInput[]): void {
  const prefix = `${chain.hashAlgorithm}:`;
  entries.forEach((entry, i) => {
    if (!entry.digest.startsWith(prefix)) {
      throw new ServiceError('REQUEST_INVALID', `chain ${chain.name} takes ${chain.hashAlgorithm} digests`, {
        details: { field: nameField(entries, i, 'digest'), hashAlgorithm: chain.hashAlgorithm },
      });
    }
  });
}

function toAppendRequests(request: DepositRequest): AppendRequest[] {
  const { unit, idempotencyKey, batch } = request;
  return request.entries.map((entry, i) => {
    const append: AppendRequest = { type: entry.type, digest: entry.digest, unit, meta: entry.meta ?? {} };
    if (entry.sig !== undefined) append.sig = entry.sig;
    if (idempotencyKey !== undefined)
      append.idempotencyKey = batch ? `${idempotencyKey}/${i}` : idempotencyKey;
    return append;
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

/**
 * Deposits entries for `request.unit` as one all-or-nothing append, each of a type the writer may
 * write on this chain (ENTRY_TYPE_RESERVED / ENTRY_TYPE_FOREIGN otherwise) and within the unit's
 * quota; one result per entry, in order.
 */
export async function depositEntries(ports: DepositPorts, request: DepositRequest): Promise<DepositResult[]> {
  const { chain, unit, entries } = request;
  checkEntryTypes(chain, entries, request.writer);
  checkDigestAlgorithm(chain, entries);
  const appends = toAppendRequests(request);
  await ports.quota.admit(chain, unit, entries.length);
  let receipts: AppendReceipt[];
  try {
    receipts = await chain.ledger.appendBatch(appends);
  } catch (error) {
    await ports.quota.release(chain, unit, entries.length);
    throw error;
  }
  await ports.quota.release(chain, unit, receipts.filter((receipt) => receipt.replayed).length);
  ports.countEntries(chain.name, receipts.filter((receipt) => !receipt.replayed).length);
  return receipts.map((receipt) => toResult(chain, receipt));
}
