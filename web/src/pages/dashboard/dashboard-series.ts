import type { DashboardStats } from '../../api/dashboard-types.ts';

// The dashboard's series from GET /v1/stats/dashboard: pure functions, so the charts and their
// totals come from one place.

/** Types that are the consortium's own bookkeeping, not deposits. */
const NOT_DEPOSITS = new Set([
  'anchor',
  'verification',
  'work',
  'license',
  'license-revocation',
  'registration-decision',
  'capture',
  'case',
  'notice',
  'archive',
]);

export interface Series {
  name: string;
  values: number[];
}

function sumByDay(
  stats: DashboardStats,
  pick: (row: { type: string; subtype: string }) => boolean,
  rows: { day: string; type: string; subtype: string; entries: number }[],
): number[] {
  const position = new Map(stats.days.map((day, i) => [day, i]));
  const values = stats.days.map(() => 0);
  for (const row of rows) {
    const i = position.get(row.day);
    if (i !== undefined && pick(row)) values[i]! += row.entries;
  }
  return values;
}

/** Deposits (entries of units: evidence and custom types) per day, one series per chain. */
export function depositsPerChain(stats: DashboardStats): Series[] {
  return stats.chains.map((chain) => ({
    name: chain.chain,
    values: sumByDay(stats, (row) => !NOT_DEPOSITS.has(row.type), chain.daily),
  }));
}

/** Deposits per day, one series per unit (operators only: empty without the per-unit rows). */
export function depositsPerUnit(stats: DashboardStats, top = 8): Series[] {
  const position = new Map(stats.days.map((day, i) => [day, i]));
  const byUnit = new Map<string, number[]>();
  for (const chain of stats.chains) {
    for (const row of chain.units ?? []) {
      const i = position.get(row.day);
      if (i === undefined || NOT_DEPOSITS.has(row.type)) continue;
      const values = byUnit.get(row.unit) ?? stats.days.map(() => 0);
      values[i]! += row.entries;
      byUnit.set(row.unit, values);
    }
  }
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return [...byUnit.entries()]
    .sort((a, b) => total(b[1]) - total(a[1]))
    .slice(0, top)
    .map(([name, values]) => ({ name, values }));
}

/** Registrations in the window by work type (a work entry's subtype). */
export function registrationsByWorkType(stats: DashboardStats): { name: string; value: number }[] {
  const counts = new Map<string, number>();
  for (const chain of stats.chains) {
    for (const row of chain.daily) {
      if (row.type !== 'work') continue;
      counts.set(row.subtype, (counts.get(row.subtype) ?? 0) + row.entries);
    }
  }
  return [...counts.entries()].map(([name, value]) => ({ name, value })).sort((a, b) => b.value - a.value);
}

/** Cross-chain verifications per day, over every chain. */
export function crossChainPerDay(stats: DashboardStats): number[] {
  return stats.chains
    .map((chain) =>
      sumByDay(stats, (row) => row.type === 'verification' && row.subtype === 'cross-chain', chain.daily),
    )
    .reduce(
      (sum, values) => sum.map((v, i) => v + values[i]!),
      stats.days.map(() => 0),
    );
}

/** Captures per day, over every chain. */
export function capturesPerDay(stats: DashboardStats): number[] {
  return stats.chains
    .map((chain) => sumByDay(stats, (row) => row.type === 'capture', chain.daily))
    .reduce(
      (sum, values) => sum.map((v, i) => v + values[i]!),
      stats.days.map(() => 0),
    );
}

export interface DashboardTotals {
  /** Entries of every chain, all time. */
  entries: number;
  /** In the window. */
  deposits: number;
  registrations: number;
  crossChainVerifications: number;
  captures: number;
}

export function sumTotals(stats: DashboardStats): DashboardTotals {
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    entries: stats.chains.reduce((sum, chain) => sum + chain.entries, 0),
    deposits: depositsPerChain(stats).reduce((sum, series) => sum + total(series.values), 0),
    registrations: registrationsByWorkType(stats).reduce((sum, item) => sum + item.value, 0),
    crossChainVerifications: total(crossChainPerDay(stats)),
    captures: total(capturesPerDay(stats)),
  };
}
