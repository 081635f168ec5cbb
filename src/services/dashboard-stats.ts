import type { DailyTypeCount, DailyUnitCount } from '../consortium/index.ts';
import type { ChainHandle } from './chain.ts';

// The dashboard's figures for one chain (issue 14 "Dashboard"): entries per Beijing day by type
// and subtype over a window of days, read from the index's per-day counters (never from the
// entries), with the per-unit series only for callers who may see unit names.

const DAY_MS = 24 * 60 * 60 * 1000;
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MAX_DASHBOARD_DAYS = 366;
export const DEFAULT_DASHBOARD_DAYS = 30;

export interface ChainDailyStats {
  chain: string;
  origin: string;
  /** Entries sequenced, all time. */
  entries: number;
  /** Entries by type, all time. */
  types: Record<string, number>;
  /** Per day, type and subtype (a work's workType, `cross-chain` for such verifications), over units. */
  daily: DailyTypeCount[];
  /** Per day, unit and type: for operators and the admin token only. */
  units?: DailyUnitCount[];
}

/** The `days` Beijing calendar days ending today (`now`), oldest first, as `YYYY-MM-DD`. */
export function listWindowDays(days: number, now: number = Date.now()): string[] {
  const today = now + BEIJING_OFFSET_MS;
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** One chain's dashboard figures over the window starting at `fromDay`. */
export async function readChainDailyStats(
  chain: ChainHandle,
  fromDay: string,
  withUnits: boolean,
): Promise<ChainDailyStats> {
  await chain.indexer.catchUp();
  const [daily, units, typeCounts] = await Promise.all([
    chain.index.readDailyTypeCounts(chain.origin, fromDay),
    withUnits ? chain.index.readDailyUnitCounts(chain.origin, fromDay) : undefined,
    chain.index.readUnitTypeCounts(chain.origin),
  ]);
  const types: Record<string, number> = {};
  for (const count of typeCounts) types[count.type] = (types[count.type] ?? 0) + count.entries;
  return {
    chain: chain.name,
    origin: chain.origin,
    entries: chain.indexer.indexedSize,
    types,
    daily,
    ...(units === undefined ? {} : { units }),
  };
}
