import { bytesToUtf8 } from '../crypto/index.ts';
import { isReceiptTime } from '../note/index.ts';
import type { Hasher } from '../merkle/index.ts';
import {
  matchesEntryFields,
  parseEntry,
  stampCheckedTime,
  type EntryFields,
  type EntryLimits,
  type EntryTemplate,
} from './entry.ts';
import { LedgerError } from './errors.ts';
import type { ReceiptSigner } from './receipt-signer.ts';
import type { StoredEntry } from './storage.ts';

export interface AppendReceipt {
  leafIndex: number;
  leafHash: Uint8Array;
  /** Sequencer time at acceptance, as in the entry. */
  time: string;
  /** The entry's canonical JSON: the exact leaf bytes, as text. */
  entry: string;
  /** The signed receipt note. */
  receipt: string;
  /** True when an earlier append with the same idempotency key produced this result. */
  replayed: boolean;
}

export interface PendingItem {
  fields: EntryFields;
  idempotencyKey: string | null;
  /** The entry with a placeholder time, built when the request was checked. */
  template: EntryTemplate;
}

export interface PendingRequest {
  items: PendingItem[];
  resolve: (receipts: AppendReceipt[]) => void;
  reject: (error: unknown) => void;
}

/** A new row of a group, by its (unit, idempotency key), for replays within and after the group. */
interface KeyedRow {
  row: StoredEntry;
  fields: EntryFields;
  time: string;
}

/** A group with indexes, time, entries and signed receipts, ready to be committed. */
export interface PreparedGroup {
  readonly requests: readonly PendingRequest[];
  /** The log size the group's rows start at. */
  readonly baseIndex: number;
  readonly timeMs: number;
  readonly rows: readonly StoredEntry[];
  /** The keys this group stores, so that a group prepared before it commits replays them. */
  readonly keyed: ReadonlyMap<string, KeyedRow>;
  /** Resolves or rejects every request; call once the rows are durable. */
  readonly settle: () => void;
}

export interface GroupContext {
  origin: string;
  hasher: Hasher;
  limits: EntryLimits;
  signer: ReceiptSigner;
}

export function keyOf(unit: string, idempotencyKey: string): string {
  return `${unit}\n${idempotencyKey}`;
}

function toReceipt(stored: StoredEntry, time: string, replayed: boolean): AppendReceipt {
  return {
    leafIndex: stored.leafIndex,
    leafHash: stored.leafHash,
    time,
    entry: bytesToUtf8(stored.entry),
    receipt: stored.receipt,
    replayed,
  };
}

function reused(item: PendingItem): LedgerError {
  return new LedgerError(
    'IDEMPOTENCY_KEY_REUSED',
    `idempotency key ${JSON.stringify(item.idempotencyKey)} of unit ${item.fields.unit} was used for a different entry`,
    { details: { unit: item.fields.unit, idempotencyKey: item.idempotencyKey } },
  );
}

/**
 * Gives a group of requests consecutive leaf indexes from `baseIndex` and one sequencer time,
 * builds their entries and leaf hashes (RFC 9162 §2.1.1) and signs their receipts. An item whose
 * (unit, idempotency key) is already stored, or stored by `earlier` (the group committing before
 * this one), or repeated within the group, replays that entry; a request reusing a key for other
 * fields is refused whole.
 */
export async function prepareGroup(
  context: GroupContext,
  requests: readonly PendingRequest[],
  baseIndex: number,
  timeMs: number,
  stored: ReadonlyMap<string, StoredEntry>,
  earlier: ReadonlyMap<string, KeyedRow>,
): Promise<PreparedGroup> {
  // An ISO string of a time in range is RFC 3339 UTC with milliseconds, as stampCheckedTime needs.
  const time = new Date(timeMs).toISOString();
  if (!isReceiptTime(time)) throw new LedgerError('ENTRY_INVALID', `sequencer time ${time} is out of range`);
  const drafts: { leafIndex: number; entry: Uint8Array; leafHash: Uint8Array; item: PendingItem }[] = [];
  const groupKeys = new Map<string, { draft: number; fields: EntryFields }>();
  const outcomes: ((rows: readonly StoredEntry[]) => () => void)[] = [];
  for (const request of requests) {
    const results: ((rows: readonly StoredEntry[]) => AppendReceipt)[] = [];
    const added = new Map<string, { draft: number; fields: EntryFields }>();
    const firstDraft = drafts.length;
    let failure: LedgerError | undefined;
    for (const item of request.items) {
      const key = item.idempotencyKey === null ? null : keyOf(item.fields.unit, item.idempotencyKey);
      const storedEntry = key === null ? undefined : stored.get(key);
      const before = key === null ? undefined : earlier.get(key);
      const sibling = key === null ? undefined : (groupKeys.get(key) ?? added.get(key));
      if (storedEntry !== undefined) {
        const entry = parseEntry(storedEntry.entry, context.limits, context.origin);
        if (!matchesEntryFields(entry, item.fields)) {
          failure = reused(item);
          break;
        }
        results.push(() => toReceipt(storedEntry, entry.time, true));
      } else if (before !== undefined) {
        if (!matchesEntryFields(before.fields, item.fields)) {
          failure = reused(item);
          break;
        }
        results.push(() => toReceipt(before.row, before.time, true));
      } else if (sibling !== undefined) {
        if (!matchesEntryFields(sibling.fields, item.fields)) {
          failure = reused(item);
          break;
        }
        results.push((rows) => toReceipt(rows[sibling.draft]!, time, true));
      } else {
        const entry = stampCheckedTime(item.template, time);
        const draft = drafts.length;
        if (key !== null) added.set(key, { draft, fields: item.fields });
        results.push((rows) => toReceipt(rows[draft]!, time, false));
        drafts.push({ leafIndex: baseIndex + draft, entry, leafHash: context.hasher.hashLeaf(entry), item });
      }
    }
    if (failure !== undefined) {
      const error = failure;
      drafts.length = firstDraft;
      outcomes.push(() => () => request.reject(error));
      continue;
    }
    for (const [key, entry] of added) groupKeys.set(key, entry);
    outcomes.push((rows) => {
      const receipts = results.map((result) => result(rows));
      return () => request.resolve(receipts);
    });
  }
  const receipts = await context.signer.signReceipts(
    drafts.map((draft) => ({
      origin: context.origin,
      index: draft.leafIndex,
      leafHash: draft.leafHash,
      time,
    })),
  );
  const rows: StoredEntry[] = drafts.map((draft, i) => ({
    leafIndex: draft.leafIndex,
    entry: draft.entry,
    leafHash: draft.leafHash,
    unit: draft.item.fields.unit,
    idempotencyKey: draft.item.idempotencyKey,
    receipt: receipts[i]!,
  }));
  const keyed = new Map<string, KeyedRow>();
  for (const [key, { draft, fields }] of groupKeys) keyed.set(key, { row: rows[draft]!, fields, time });
  const settlements = outcomes.map((outcome) => outcome(rows));
  return {
    requests,
    baseIndex,
    timeMs,
    rows,
    keyed,
    settle: () => {
      for (const settle of settlements) settle();
    },
  };
}
