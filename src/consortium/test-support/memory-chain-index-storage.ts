import type {
  CaseSummary,
  ChainIndexBatch,
  ChainIndexStorage,
  DailyCount,
  DailyTypeCount,
  DailyUnitCount,
  IndexedAnchor,
  IndexedVerification,
  UnitEntry,
  UnitTypeCount,
  VerificationSummary,
} from '../chain-index-storage.ts';

// A test-only ChainIndexStorage in memory: the reference the conformance suite also runs
// against, and a fast storage for the indexer's unit tests.

interface OriginIndex {
  size: number;
  counts: Map<string, UnitTypeCount>;
  daily: Map<string, DailyCount>;
  unitEntries: Map<string, number[]>;
  verifications: IndexedVerification[];
  anchors: IndexedAnchor[];
}

/** Daily counts from `fromDay` on, summed by day and `key`, ordered by day then key. */
function sumDaily(
  counts: Iterable<DailyCount>,
  fromDay: string,
  key: (count: DailyCount) => string[],
): DailyCount[] {
  const sums = new Map<string, DailyCount>();
  for (const count of counts) {
    if (count.day < fromDay) continue;
    const id = [count.day, ...key(count)].join('\n');
    const sum = sums.get(id);
    sums.set(id, { ...count, entries: (sum?.entries ?? 0) + count.entries });
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, count]) => count);
}

export class MemoryChainIndexStorage implements ChainIndexStorage {
  readonly #origins = new Map<string, OriginIndex>();

  #read(origin: string): OriginIndex {
    let index = this.#origins.get(origin);
    if (index === undefined) {
      index = {
        size: 0,
        counts: new Map(),
        daily: new Map(),
        unitEntries: new Map(),
        verifications: [],
        anchors: [],
      };
      this.#origins.set(origin, index);
    }
    return index;
  }

  async readIndexedSize(origin: string): Promise<number> {
    return this.#read(origin).size;
  }

  async commitIndexBatch(batch: ChainIndexBatch): Promise<boolean> {
    const index = this.#read(batch.origin);
    if (index.size !== batch.fromIndex) return false;
    index.size = batch.toIndex;
    for (const count of batch.counts) {
      const key = `${count.unit}\n${count.type}`;
      const entries = (index.counts.get(key)?.entries ?? 0) + count.entries;
      index.counts.set(key, { unit: count.unit, type: count.type, entries });
    }
    for (const count of batch.dailyCounts) {
      const key = [count.day, count.unit, count.type, count.subtype].join('\n');
      const entries = (index.daily.get(key)?.entries ?? 0) + count.entries;
      index.daily.set(key, { ...count, entries });
    }
    for (const { unit, leafIndex } of batch.unitEntries) {
      index.unitEntries.set(unit, [...(index.unitEntries.get(unit) ?? []), leafIndex]);
    }
    index.verifications.push(...batch.verifications.map((v) => ({ ...v })));
    index.anchors.push(...batch.anchors.map((a) => ({ ...a })));
    return true;
  }

  async readUnitTypeCounts(origin: string): Promise<UnitTypeCount[]> {
    return [...this.#read(origin).counts.values()].sort(
      (a, b) =>
        b.entries - a.entries ||
        (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) ||
        (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
    );
  }

  async readDailyTypeCounts(origin: string, fromDay: string): Promise<DailyTypeCount[]> {
    return sumDaily(this.#read(origin).daily.values(), fromDay, (c) => [c.type, c.subtype]).map((c) => ({
      day: c.day,
      type: c.type,
      subtype: c.subtype,
      entries: c.entries,
    }));
  }

  async readDailyUnitCounts(origin: string, fromDay: string): Promise<DailyUnitCount[]> {
    return sumDaily(this.#read(origin).daily.values(), fromDay, (c) => [c.unit, c.type]).map((c) => ({
      day: c.day,
      unit: c.unit,
      type: c.type,
      entries: c.entries,
    }));
  }

  async listUnitEntries(
    origin: string,
    units: readonly string[],
    before: number | null,
    limit: number,
  ): Promise<UnitEntry[]> {
    return [...new Set(units)]
      .flatMap((unit) =>
        (this.#read(origin).unitEntries.get(unit) ?? []).map((leafIndex) => ({ unit, leafIndex })),
      )
      .filter((entry) => before === null || entry.leafIndex < before)
      .sort((a, b) => b.leafIndex - a.leafIndex)
      .slice(0, limit);
  }

  async summarizeVerifications(origin: string, topCases: number): Promise<VerificationSummary> {
    const all = this.#read(origin).verifications;
    const byCase = new Map<string, { verifications: number; crossChainVerifications: number }>();
    for (const record of all) {
      if (record.caseNumber === null) continue;
      const summary = byCase.get(record.caseNumber) ?? { verifications: 0, crossChainVerifications: 0 };
      summary.verifications++;
      if (record.crossChain) summary.crossChainVerifications++;
      byCase.set(record.caseNumber, summary);
    }
    const verified = all.filter((v) => v.verified).length;
    return {
      verifications: all.length,
      verified,
      failed: all.length - verified,
      crossChainVerifications: all.filter((v) => v.crossChain).length,
      cases: byCase.size,
      crossChainCases: [...byCase.values()].filter((c) => c.crossChainVerifications > 0).length,
      topCases: [...byCase.entries()]
        .map(([caseNumber, counts]) => ({ caseNumber, ...counts }))
        .sort(
          (a, b) =>
            b.verifications - a.verifications ||
            (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0),
        )
        .slice(0, topCases),
    };
  }

  async listCaseVerifications(origin: string, caseNumber: string): Promise<IndexedVerification[]> {
    return this.#read(origin)
      .verifications.filter((v) => v.caseNumber === caseNumber)
      .sort((a, b) => a.leafIndex - b.leafIndex)
      .map((v) => ({ ...v }));
  }

  async listCases(origin: string, after: string | null, limit: number): Promise<CaseSummary[]> {
    const { topCases } = await this.summarizeVerifications(origin, Number.MAX_SAFE_INTEGER);
    return topCases
      .filter((c) => after === null || c.caseNumber > after)
      .sort((a, b) => (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0))
      .slice(0, limit);
  }

  async findCoveringAnchor(
    origin: string,
    anchoredOrigin: string,
    leafIndex: number,
  ): Promise<IndexedAnchor | null> {
    const found = this.#anchorsOf(origin, anchoredOrigin).find((a) => a.anchoredTreeSize > leafIndex);
    return found === undefined ? null : { ...found };
  }

  async readLatestAnchor(origin: string, anchoredOrigin: string): Promise<IndexedAnchor | null> {
    const found = this.#anchorsOf(origin, anchoredOrigin).at(-1);
    return found === undefined ? null : { ...found };
  }

  #anchorsOf(origin: string, anchoredOrigin: string): IndexedAnchor[] {
    return this.#read(origin)
      .anchors.filter((a) => a.anchoredOrigin === anchoredOrigin)
      .sort((a, b) => a.anchoredTreeSize - b.anchoredTreeSize || a.leafIndex - b.leafIndex);
  }
}
