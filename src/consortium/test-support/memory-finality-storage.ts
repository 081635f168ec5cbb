import type { CosignedTreeHead, FinalityStorage, ForkReport, NewForkReport } from '../finality-storage.ts';

// A test-only FinalityStorage in memory: the reference the conformance suite also runs against,
// and a fast storage for the finalizer's unit tests. Not durable, so never used in a node.

function copy(checkpoint: CosignedTreeHead): CosignedTreeHead {
  return { ...checkpoint, rootHash: checkpoint.rootHash.slice(), cosigners: [...checkpoint.cosigners] };
}

export class MemoryFinalityStorage implements FinalityStorage {
  readonly #checkpoints = new Map<string, Map<number, CosignedTreeHead>>();
  readonly #sizes = new Map<string, Map<string, number>>();
  readonly #reports: ForkReport[] = [];
  /** Called before each write; a test makes writes fail by throwing from it. */
  beforeWrite: () => void = () => undefined;

  async updateCosignedCheckpoint(
    origin: string,
    initial: CosignedTreeHead,
    update: (stored: CosignedTreeHead) => CosignedTreeHead,
    witnessSizes: ReadonlyMap<string, number>,
  ): Promise<CosignedTreeHead> {
    this.beforeWrite();
    let byOrigin = this.#checkpoints.get(origin);
    if (byOrigin === undefined) this.#checkpoints.set(origin, (byOrigin = new Map()));
    const stored = byOrigin.get(initial.treeSize) ?? copy(initial);
    const next = update(copy(stored));
    const kept = { ...copy(next), final: next.final || stored.final };
    byOrigin.set(initial.treeSize, kept);
    let sizes = this.#sizes.get(origin);
    if (sizes === undefined) this.#sizes.set(origin, (sizes = new Map()));
    for (const [witness, size] of witnessSizes) sizes.set(witness, Math.max(size, sizes.get(witness) ?? 0));
    return copy(kept);
  }

  async readCosignedCheckpoint(origin: string, treeSize: number): Promise<CosignedTreeHead | null> {
    const found = this.#checkpoints.get(origin)?.get(treeSize);
    return found === undefined ? null : copy(found);
  }

  async readLatestCosignedCheckpoint(origin: string): Promise<CosignedTreeHead | null> {
    return this.#sorted(origin).at(-1) ?? null;
  }

  async readLatestFinalCheckpoint(origin: string): Promise<CosignedTreeHead | null> {
    return (
      this.#sorted(origin)
        .filter((c) => c.final)
        .at(-1) ?? null
    );
  }

  async listFinalCheckpoints(origin: string, afterSize: number, limit: number): Promise<CosignedTreeHead[]> {
    return this.#sorted(origin)
      .filter((c) => c.final && c.treeSize > afterSize)
      .slice(0, limit);
  }

  async readWitnessSizes(origin: string): Promise<Map<string, number>> {
    return new Map(this.#sizes.get(origin) ?? []);
  }

  async recordForkReport(report: NewForkReport): Promise<ForkReport> {
    this.beforeWrite();
    const stored = { ...report, id: this.#reports.length + 1 };
    this.#reports.push(stored);
    return { ...stored };
  }

  async listForkReports(origin?: string): Promise<ForkReport[]> {
    return this.#reports.filter((r) => origin === undefined || r.origin === origin).map((r) => ({ ...r }));
  }

  #sorted(origin: string): CosignedTreeHead[] {
    return [...(this.#checkpoints.get(origin)?.values() ?? [])]
      .sort((a, b) => a.treeSize - b.treeSize)
      .map(copy);
  }
}
