import type { ChainHandle } from './chain.ts';
import { ServiceError } from './errors.ts';

// A unit's storage quota on a chain: entries it may hold there (ApiOptions.unitEntryQuota, given by the node), so
// one unit cannot fill a chain that every member stores and mirrors. The count starts from the
// chain index (entries per unit, derived from the chain itself) the first time the unit deposits
// after a start, and is kept here from then on: admitted entries are counted before the append
// and given back if it fails or replays. The index may lag a few entries behind the chain at
// start; the quota is a bound on storage, not an exact ledger.

export class UnitQuota {
  readonly #limit: number;
  readonly #counts = new Map<string, Promise<Map<string, number>>>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  #countsOf(chain: ChainHandle): Promise<Map<string, number>> {
    let counts = this.#counts.get(chain.name);
    if (counts === undefined) {
      counts = chain.index.readUnitTypeCounts(chain.origin).then((rows) => {
        const byUnit = new Map<string, number>();
        for (const row of rows) byUnit.set(row.unit, (byUnit.get(row.unit) ?? 0) + row.entries);
        return byUnit;
      });
      counts.catch(() => this.#counts.delete(chain.name));
      this.#counts.set(chain.name, counts);
    }
    return counts;
  }

  /** Counts `count` entries of `unit` on `chain`, or throws STORAGE_QUOTA_EXCEEDED (507) and counts none. */
  async admit(chain: ChainHandle, unit: string, count: number): Promise<void> {
    const counts = await this.#countsOf(chain);
    const held = counts.get(unit) ?? 0;
    if (held + count > this.#limit) {
      throw new ServiceError(
        'STORAGE_QUOTA_EXCEEDED',
        `unit ${unit} holds ${held} entries on chain ${chain.name}; its quota is ${this.#limit}`,
        { details: { unit, chain: chain.name, entries: held, unitEntryQuota: this.#limit } },
      );
    }
    counts.set(unit, held + count);
  }

  /** Gives back entries admitted but not stored (a refused append, an idempotent replay). */
  async release(chain: ChainHandle, unit: string, count: number): Promise<void> {
    if (count === 0) return;
    const counts = await this.#countsOf(chain);
    counts.set(unit, Math.max(0, (counts.get(unit) ?? 0) - count));
  }
}
