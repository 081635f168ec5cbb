import type { StoredOrganisation, StoredUnit, UnitStorage } from '../ledger/index.ts';

// The application units of a local consortium, where one operator runs every sequencer: units
// are created and revoked through one node, and each change is written to the other sequencers'
// own databases too, so an API key works on every chain while each node keeps reading only its own
// database. A mirror that missed a change (it failed, or it was added later) catches up at start.

export class MirroredUnitStorage implements UnitStorage {
  readonly #primary: UnitStorage;
  readonly #mirrors: readonly UnitStorage[];

  constructor(primary: UnitStorage, mirrors: readonly UnitStorage[]) {
    this.#primary = primary;
    this.#mirrors = mirrors;
  }

  /**
   * Copies to every mirror the units, organisations and admin token it lacks, and the
   * revocations and key rotations it missed.
   */
  async syncMirrors(): Promise<void> {
    const units = await this.#primary.listUnits();
    const organisations = await this.#primary.listOrganisations();
    const tokenHash = await this.#primary.readAdminTokenHash();
    for (const mirror of this.#mirrors) {
      if (tokenHash !== null) await mirror.initAdminTokenHash(tokenHash);
      for (const organisation of organisations) await mirror.insertOrganisation(organisation);
      for (const unit of units) {
        const copy = await mirror.readUnit(unit.id);
        if (copy === null) await mirror.insertUnit(unit);
        else if (!Buffer.from(copy.keyHash).equals(unit.keyHash))
          await mirror.replaceKeyHash(unit.id, unit.keyHash);
        if (unit.revokedAt !== null && (copy === null || copy.revokedAt === null))
          await mirror.revokeUnit(unit.id, unit.revokedAt);
      }
    }
  }

  async insertUnit(unit: StoredUnit): Promise<boolean> {
    if (!(await this.#primary.insertUnit(unit))) return false;
    await Promise.all(this.#mirrors.map((mirror) => mirror.insertUnit(unit)));
    return true;
  }

  readUnit(id: string): Promise<StoredUnit | null> {
    return this.#primary.readUnit(id);
  }

  listUnits(): Promise<StoredUnit[]> {
    return this.#primary.listUnits();
  }

  async revokeUnit(id: string, revokedAt: string): Promise<StoredUnit | null> {
    const unit = await this.#primary.revokeUnit(id, revokedAt);
    if (unit !== null && unit.revokedAt !== null) {
      await Promise.all(this.#mirrors.map((mirror) => mirror.revokeUnit(id, unit.revokedAt!)));
    }
    return unit;
  }

  async replaceKeyHash(id: string, keyHash: Uint8Array): Promise<StoredUnit | null> {
    const unit = await this.#primary.replaceKeyHash(id, keyHash);
    if (unit !== null) await Promise.all(this.#mirrors.map((mirror) => mirror.replaceKeyHash(id, keyHash)));
    return unit;
  }

  async insertOrganisation(organisation: StoredOrganisation): Promise<boolean> {
    if (!(await this.#primary.insertOrganisation(organisation))) return false;
    await Promise.all(this.#mirrors.map((mirror) => mirror.insertOrganisation(organisation)));
    return true;
  }

  listOrganisations(): Promise<StoredOrganisation[]> {
    return this.#primary.listOrganisations();
  }

  readAdminTokenHash(): Promise<Uint8Array | null> {
    return this.#primary.readAdminTokenHash();
  }

  async initAdminTokenHash(tokenHash: Uint8Array): Promise<boolean> {
    const stored = await this.#primary.initAdminTokenHash(tokenHash);
    await Promise.all(this.#mirrors.map((mirror) => mirror.initAdminTokenHash(tokenHash)));
    return stored;
  }
}
