// The day bucket and the subtype the chain index counts entries by (the dashboard's series).

/** The subtype of a verification entry whose verified entry is on another chain. */
export const CROSS_CHAIN = 'cross-chain';

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const WORK_TYPE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const WORK_ENTRY_TYPE = 'work';

/**
 * The calendar day in Beijing time (UTC+8, no daylight saving) of an RFC 3339 UTC time, as
 * `YYYY-MM-DD`: the courts and centres count their days in Beijing time.
 */
export function readBeijingDay(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return '1970-01-01';
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A work entry's `meta.workType` (text, image, audio…) when it is a short lower-case name; '' for
 * any other entry or value. Only work entries are parsed, and they are few beside deposits.
 */
export function readWorkType(type: string, entry: Uint8Array): string {
  if (type !== WORK_ENTRY_TYPE) return '';
  try {
    const parsed = JSON.parse(new TextDecoder().decode(entry)) as { meta?: { workType?: unknown } };
    const workType = parsed.meta?.workType;
    return typeof workType === 'string' && WORK_TYPE_PATTERN.test(workType) ? workType : '';
  } catch {
    return '';
  }
}
