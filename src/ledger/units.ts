/**
 * An application unit (a platform, a notary, a court) allowed to deposit. Its `name` is what its
 * entries carry in the `unit` field, so a name is never given to a second unit, even after the
 * first is revoked. Its API key is kept only as a hash.
 */
export interface StoredUnit {
  readonly id: string;
  readonly name: string;
  /** SHA-256 of the API key's UTF-8 text. */
  readonly keyHash: Uint8Array;
  /** RFC 3339 UTC with milliseconds. */
  readonly createdAt: string;
  /** RFC 3339 UTC with milliseconds, or null while the unit may deposit. */
  readonly revokedAt: string | null;
  /** The organisation it acts for, or null (units made before organisations existed). */
  readonly organisation: string | null;
  /** Its roles (src/accounts/roles.ts); `['unit']` for an application unit. */
  readonly roles: readonly string[];
  /** The name's look-alike skeleton, unique among units; null only for names older than the rule. */
  readonly nameKey: string | null;
}

/** An organisation an operator added beside the consortium's members. */
export interface StoredOrganisation {
  readonly name: string;
  /** The name's look-alike skeleton, unique. */
  readonly nameKey: string;
  readonly createdAt: string;
}

/**
 * What the node needs from a database to keep its application units and its admin credential.
 * Write methods MUST be atomic and durable, as in LedgerStorage; reads MUST see every write that
 * resolved before they were called.
 */
export interface UnitStorage {
  /** Stores a new unit; MUST resolve false and write nothing when its id, name or nameKey is taken. */
  insertUnit(unit: StoredUnit): Promise<boolean>;

  /** The unit with this id, revoked or not, or null. */
  readUnit(id: string): Promise<StoredUnit | null>;

  /** Every unit, revoked ones included, oldest first. */
  listUnits(): Promise<StoredUnit[]>;

  /**
   * Marks the unit revoked at `revokedAt` unless it already is (then its first revocation time
   * stays); resolves the unit as stored afterwards, or null when no unit has this id.
   */
  revokeUnit(id: string, revokedAt: string): Promise<StoredUnit | null>;

  /**
   * Replaces the unit's key hash (key rotation: the old key stops working); resolves the unit as
   * stored afterwards, or null when no unit has this id.
   */
  replaceKeyHash(id: string, keyHash: Uint8Array): Promise<StoredUnit | null>;

  /** Stores a new organisation; MUST resolve false and write nothing when its name or nameKey is taken. */
  insertOrganisation(organisation: StoredOrganisation): Promise<boolean>;

  /** Every organisation an operator added, oldest first. */
  listOrganisations(): Promise<StoredOrganisation[]>;

  /** SHA-256 of the admin token, or null before the node's first start. */
  readAdminTokenHash(): Promise<Uint8Array | null>;

  /**
   * Stores the admin token's hash unless one is stored already; resolves true when this call
   * stored it (so exactly one of two nodes starting at once prints its token).
   */
  initAdminTokenHash(tokenHash: Uint8Array): Promise<boolean>;
}
