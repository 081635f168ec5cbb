import type { CaseSummary, UnitTypeCount, VerificationSummary } from '../consortium/index.ts';
import type { ChainHandle } from './chain.ts';

// The statistics of one chain as its node counts them from its index (DESIGN.md "Cross-chain":
// verification records and the cases they involve), brought up to the chain's size first.

const TOP_CASES = 100;

export interface UnitStats {
  unit: string;
  entries: number;
  /** Entries by type, e.g. { evidence: 12, verification: 3 }. */
  types: Record<string, number>;
}

export interface ChainStats {
  chain: string;
  origin: string;
  /** Entries sequenced. */
  entries: number;
  /** Entries by type over every unit. */
  types: Record<string, number>;
  /**
   * Entries per application unit, largest first: for operators and the admin token only
   * (docs/permissions.md "What anonymous callers may read"), absent otherwise.
   */
  units?: UnitStats[];
  verifications: Omit<VerificationSummary, 'topCases'> & { topCases: CaseSummary[] };
}

function groupByUnit(counts: readonly UnitTypeCount[]): {
  units: UnitStats[];
  types: Record<string, number>;
} {
  const units = new Map<string, UnitStats>();
  const types: Record<string, number> = {};
  for (const count of counts) {
    const unit = units.get(count.unit) ?? { unit: count.unit, entries: 0, types: {} };
    unit.entries += count.entries;
    unit.types[count.type] = (unit.types[count.type] ?? 0) + count.entries;
    units.set(count.unit, unit);
    types[count.type] = (types[count.type] ?? 0) + count.entries;
  }
  return { units: [...units.values()].sort((a, b) => b.entries - a.entries), types };
}

/** The chain's statistics; the per-unit breakdown (unit names) only when `withUnits`. */
export async function readChainStats(chain: ChainHandle, withUnits = false): Promise<ChainStats> {
  await chain.indexer.catchUp();
  const [counts, verifications] = await Promise.all([
    chain.index.readUnitTypeCounts(chain.origin),
    chain.index.summarizeVerifications(chain.origin, TOP_CASES),
  ]);
  const { units, types } = groupByUnit(counts);
  return {
    chain: chain.name,
    origin: chain.origin,
    entries: chain.indexer.indexedSize,
    types,
    ...(withUnits ? { units } : {}),
    verifications: { ...verifications, topCases: [...verifications.topCases] },
  };
}
