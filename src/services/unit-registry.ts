import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  AccountsError,
  checkOrganisationName,
  checkPrincipalName,
  isRole,
  type Principal,
  type Role,
} from '../accounts/index.ts';
import type { StoredOrganisation, StoredUnit, UnitStorage } from '../ledger/index.ts';
import { ServiceError } from './errors.ts';

// API keys are `sc_<unit id>_<43 base64url characters>` (256 random bits); the admin token is
// `sca_<43 base64url characters>`. Only their SHA-256 is stored. The id in a key finds the unit;
// the hashes are then compared in constant time.

const API_KEY_PATTERN = /^sc_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;
const ADMIN_TOKEN_PATTERN = /^sca_[A-Za-z0-9_-]{43}$/;
const MAX_CACHED_UNITS = 10_000;

/** A principal (an application unit is one with the role `unit`) as the API shows it: never its key hash. */
export interface UnitView {
  id: string;
  name: string;
  organisation: string | null;
  roles: Role[];
  createdAt: string;
  revokedAt: string | null;
}

/** What a new principal is: its name, organisation (a consortium member or one an operator added) and roles. */
export interface PrincipalRequest {
  name: string;
  organisation: string | null;
  roles: readonly string[];
}

/** A consortium member as the registry needs it: its name is reserved and may be an organisation. */
export interface MemberName {
  name: string;
  role: string;
}

export interface CreatedUnit extends UnitView {
  /** Shown once, at creation; the node keeps only its hash. */
  apiKey: string;
}

function hashSecret(text: string): Uint8Array {
  return createHash('sha256').update(text, 'utf8').digest();
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function toView(unit: StoredUnit): UnitView {
  return {
    id: unit.id,
    name: unit.name,
    organisation: unit.organisation,
    roles: unit.roles.filter(isRole),
    createdAt: unit.createdAt,
    revokedAt: unit.revokedAt,
  };
}

/** The principal a unit view is, for the permission table and entry-type authority. */
export function viewToPrincipal(view: UnitView): Principal {
  return {
    id: view.id,
    kind: 'api-key',
    name: view.name,
    organisation: view.organisation,
    roles: view.roles,
  };
}

function newApiKey(id: string): string {
  return `sc_${id}_${randomBytes(32).toString('base64url')}`;
}

function checkRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new AccountsError('ROLE_UNKNOWN', 'give at least one role', { details: { field: 'roles' } });
  }
  for (const role of roles) {
    if (!isRole(role)) {
      throw new AccountsError('ROLE_UNKNOWN', `there is no role ${JSON.stringify(role)}`, {
        details: { field: 'roles', role },
      });
    }
  }
  return [...new Set(roles as Role[])].sort();
}

function unauthenticated(): ServiceError {
  return new ServiceError(
    'UNAUTHENTICATED',
    'a valid bearer token is required (Authorization: Bearer <key>)',
  );
}

const ADMIN_TOKEN_HASH_PATTERN = /^sha256:([0-9a-f]{64})$/;

/**
 * A new admin token and the text of its hash, `sha256:<64 hex>`: an operator makes it on a
 * terminal and gives the node only the hash (SEALCHAIN_ADMIN_TOKEN_HASH), so the token itself is
 * never in a log or a journal.
 */
export function createAdminToken(): { token: string; tokenHash: string } {
  const token = `sca_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: `sha256:${Buffer.from(hashSecret(token)).toString('hex')}` };
}

/** True for the text form of an admin token's hash, `sha256:<64 lower-case hex>`. */
export function isAdminTokenHash(text: string): boolean {
  return ADMIN_TOKEN_HASH_PATTERN.test(text);
}

/**
 * Creates the admin token's hash at first start; returns the token only if this call made it.
 * With `tokenHash` (`sha256:<hex>`, from createAdminToken) that hash is stored instead and no
 * token is returned; a node whose storage already holds another hash refuses to start
 * (NODE_OPTIONS_INVALID), since the admin token is set once.
 */
export async function initAdminToken(storage: UnitStorage, tokenHash?: string): Promise<string | null> {
  if (tokenHash !== undefined) {
    const match = ADMIN_TOKEN_HASH_PATTERN.exec(tokenHash);
    if (match === null) {
      throw new ServiceError(
        'NODE_OPTIONS_INVALID',
        'the admin token hash must be sha256:<64 lower-case hex>',
        {
          details: { field: 'adminTokenHash' },
        },
      );
    }
    const wanted = Buffer.from(match[1]!, 'hex');
    const stored =
      (await storage.readAdminTokenHash()) ??
      ((await storage.initAdminTokenHash(wanted)) ? wanted : await storage.readAdminTokenHash());
    if (stored === null || !sameHash(stored, wanted)) {
      throw new ServiceError(
        'NODE_OPTIONS_INVALID',
        "the node already holds the hash of another admin token than adminTokenHash (SEALCHAIN_ADMIN_TOKEN_HASH) gives; the admin token is set once, at the first start: give that token's hash",
        { details: { field: 'adminTokenHash' } },
      );
    }
    return null;
  }
  if ((await storage.readAdminTokenHash()) !== null) return null;
  const { token } = createAdminToken();
  return (await storage.initAdminTokenHash(hashSecret(token))) ? token : null;
}

/** The node's principals and organisations: creation, revocation, key rotation and authentication. */
export class UnitRegistry {
  readonly #storage: UnitStorage;
  readonly #cacheMs: number;
  readonly #clock: () => number;
  readonly #members: readonly MemberName[];
  readonly #cache = new Map<string, { unit: StoredUnit | null; readAtMs: number }>();
  #adminHash: Uint8Array | null = null;

  constructor(
    storage: UnitStorage,
    cacheMs: number,
    clock: () => number = Date.now,
    members: readonly MemberName[] = [],
  ) {
    this.#storage = storage;
    this.#cacheMs = cacheMs;
    this.#clock = clock;
    this.#members = members;
  }

  /** An application unit: a principal with the role `unit`, of `organisation` when given. */
  createUnit(name: string, organisation: string | null = null): Promise<CreatedUnit> {
    return this.createPrincipal({ name, organisation, roles: ['unit'] });
  }

  /** A principal of one organisation with a set of roles; its API key is returned once. */
  async createPrincipal(request: PrincipalRequest): Promise<CreatedUnit> {
    const organisations = await this.#storage.listOrganisations();
    const reserved = [...this.#members.map((m) => m.name), ...organisations.map((o) => o.name)];
    const { name, nameKey } = checkPrincipalName(request.name, reserved);
    const roles = checkRoles(request.roles);
    const organisation = request.organisation;
    if (organisation !== null && !reserved.includes(organisation)) {
      throw new AccountsError(
        'ORGANISATION_NOT_FOUND',
        `there is no organisation ${JSON.stringify(organisation)}: name a consortium member or add it first (sealchain principal org-add)`,
        { details: { field: 'organisation', organisation } },
      );
    }
    const id = randomBytes(8).toString('hex');
    const apiKey = newApiKey(id);
    const unit: StoredUnit = {
      id,
      name,
      keyHash: hashSecret(apiKey),
      createdAt: new Date(this.#clock()).toISOString(),
      revokedAt: null,
      organisation,
      roles,
      nameKey,
    };
    if (!(await this.#storage.insertUnit(unit))) {
      throw new ServiceError(
        'UNIT_NAME_TAKEN',
        `a principal named ${JSON.stringify(name)}, or a name that looks like it, exists or existed`,
        { details: { name } },
      );
    }
    this.#remember(id, unit);
    return { ...toView(unit), apiKey };
  }

  /** Gives the principal a new API key; the old one stops working at once on this node. */
  async rotateKey(id: string): Promise<CreatedUnit> {
    const apiKey = newApiKey(id);
    const unit = await this.#storage.replaceKeyHash(id, hashSecret(apiKey));
    if (unit === null)
      throw new ServiceError('UNIT_NOT_FOUND', `there is no principal ${JSON.stringify(id)}`, {
        details: { id },
      });
    this.#remember(id, unit);
    return { ...toView(unit), apiKey };
  }

  /** Adds an organisation (a platform, a notary…) beside the consortium's members. */
  async createOrganisation(requested: string): Promise<StoredOrganisation> {
    const existing = await this.#storage.listOrganisations();
    const principals = await this.#storage.listUnits();
    const reserved = [
      ...this.#members.map((m) => m.name),
      ...existing.map((o) => o.name),
      ...principals.map((p) => p.name),
    ];
    const { name, nameKey } = checkOrganisationName(requested, reserved);
    const organisation = { name, nameKey, createdAt: new Date(this.#clock()).toISOString() };
    if (!(await this.#storage.insertOrganisation(organisation))) {
      throw new ServiceError('UNIT_NAME_TAKEN', `an organisation named ${JSON.stringify(name)} exists`, {
        details: { name },
      });
    }
    return organisation;
  }

  /** The consortium's members (organisations by the consortium file) and the organisations added. */
  async listOrganisations(): Promise<
    { name: string; kind: 'member' | 'added'; memberRole: string | null }[]
  > {
    return [
      ...this.#members.map((m) => ({ name: m.name, kind: 'member' as const, memberRole: m.role })),
      ...(await this.#storage.listOrganisations()).map((o) => ({
        name: o.name,
        kind: 'added' as const,
        memberRole: null,
      })),
    ];
  }

  async listUnits(): Promise<UnitView[]> {
    return (await this.#storage.listUnits()).map(toView);
  }

  async revokeUnit(id: string): Promise<UnitView> {
    const unit = await this.#storage.revokeUnit(id, new Date(this.#clock()).toISOString());
    if (unit === null)
      throw new ServiceError('UNIT_NOT_FOUND', `there is no principal ${JSON.stringify(id)}`, {
        details: { id },
      });
    this.#remember(id, unit);
    return toView(unit);
  }

  /** The unit whose API key `token` is; UNAUTHENTICATED or API_KEY_REVOKED otherwise. */
  async authenticateUnit(token: string): Promise<UnitView> {
    const match = API_KEY_PATTERN.exec(token);
    if (match === null) throw unauthenticated();
    const hash = hashSecret(token);
    let unit = await this.#readUnit(match[1]!);
    // A key rotated through another node of a local consortium: the cached hash is the old one.
    if (unit !== null && !sameHash(hash, unit.keyHash)) unit = await this.#readUnit(match[1]!, true);
    if (unit === null || !sameHash(hash, unit.keyHash)) throw unauthenticated();
    if (unit.revokedAt !== null) {
      throw new ServiceError('API_KEY_REVOKED', `the unit ${unit.name} was revoked at ${unit.revokedAt}`, {
        details: { unit: unit.name, revokedAt: unit.revokedAt },
      });
    }
    return toView(unit);
  }

  /** Succeeds only for the admin token; UNAUTHENTICATED otherwise. */
  async authenticateAdmin(token: string): Promise<void> {
    if (!ADMIN_TOKEN_PATTERN.test(token)) throw unauthenticated();
    this.#adminHash ??= await this.#storage.readAdminTokenHash();
    if (this.#adminHash === null || !sameHash(hashSecret(token), this.#adminHash)) throw unauthenticated();
  }

  /** True when `token` has the form of an API key (so an admin endpoint can say FORBIDDEN). */
  looksLikeApiKey(token: string): boolean {
    return API_KEY_PATTERN.test(token);
  }

  async #readUnit(id: string, fresh = false): Promise<StoredUnit | null> {
    const cached = this.#cache.get(id);
    if (!fresh && cached !== undefined && this.#clock() - cached.readAtMs < this.#cacheMs) return cached.unit;
    const unit = await this.#storage.readUnit(id);
    this.#remember(id, unit);
    return unit;
  }

  #remember(id: string, unit: StoredUnit | null): void {
    if (this.#cache.size >= MAX_CACHED_UNITS) this.#cache.clear();
    this.#cache.set(id, { unit, readAtMs: this.#clock() });
  }
}
