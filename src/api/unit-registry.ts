import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { StoredUnit, UnitStorage } from '../ledger/index.ts';
import { ApiError } from './errors.ts';

// API keys are `sc_<unit id>_<43 base64url characters>` (256 random bits); the admin token is
// `sca_<43 base64url characters>`. Only their SHA-256 is stored. The id in a key finds the unit;
// the hashes are then compared in constant time.

const API_KEY_PATTERN = /^sc_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;
const ADMIN_TOKEN_PATTERN = /^sca_[A-Za-z0-9_-]{43}$/;
const UNIT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,254}$/;
const MAX_CACHED_UNITS = 10_000;

/** A unit as the API shows it: never its key hash. */
export interface UnitView {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
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
  return { id: unit.id, name: unit.name, createdAt: unit.createdAt, revokedAt: unit.revokedAt };
}

function unauthenticated(): ApiError {
  return new ApiError('UNAUTHENTICATED', 'a valid bearer token is required (Authorization: Bearer <key>)');
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
      throw new ApiError('NODE_OPTIONS_INVALID', 'the admin token hash must be sha256:<64 lower-case hex>', {
        details: { field: 'adminTokenHash' },
      });
    }
    const wanted = Buffer.from(match[1]!, 'hex');
    const stored =
      (await storage.readAdminTokenHash()) ??
      ((await storage.initAdminTokenHash(wanted)) ? wanted : await storage.readAdminTokenHash());
    if (stored === null || !sameHash(stored, wanted)) {
      throw new ApiError(
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

/** The node's application units: creation, revocation and authentication of API keys. */
export class UnitRegistry {
  readonly #storage: UnitStorage;
  readonly #cacheMs: number;
  readonly #clock: () => number;
  readonly #cache = new Map<string, { unit: StoredUnit | null; readAtMs: number }>();
  #adminHash: Uint8Array | null = null;

  constructor(storage: UnitStorage, cacheMs: number, clock: () => number = Date.now) {
    this.#storage = storage;
    this.#cacheMs = cacheMs;
    this.#clock = clock;
  }

  async createUnit(name: string): Promise<CreatedUnit> {
    if (typeof name !== 'string' || !UNIT_NAME_PATTERN.test(name)) {
      throw new ApiError(
        'REQUEST_INVALID',
        'a unit name is 1 to 255 of A-Z, a-z, 0-9 and "._:@-", starting with a letter or digit',
        { details: { field: 'name' } },
      );
    }
    const id = randomBytes(8).toString('hex');
    const apiKey = `sc_${id}_${randomBytes(32).toString('base64url')}`;
    const unit: StoredUnit = {
      id,
      name,
      keyHash: hashSecret(apiKey),
      createdAt: new Date(this.#clock()).toISOString(),
      revokedAt: null,
    };
    if (!(await this.#storage.insertUnit(unit))) {
      throw new ApiError('UNIT_NAME_TAKEN', `a unit named ${JSON.stringify(name)} exists or existed`, {
        details: { name },
      });
    }
    this.#remember(id, unit);
    return { ...toView(unit), apiKey };
  }

  async listUnits(): Promise<UnitView[]> {
    return (await this.#storage.listUnits()).map(toView);
  }

  async revokeUnit(id: string): Promise<UnitView> {
    const unit = await this.#storage.revokeUnit(id, new Date(this.#clock()).toISOString());
    if (unit === null)
      throw new ApiError('UNIT_NOT_FOUND', `there is no unit ${JSON.stringify(id)}`, { details: { id } });
    this.#remember(id, unit);
    return toView(unit);
  }

  /** The unit whose API key `token` is; UNAUTHENTICATED or API_KEY_REVOKED otherwise. */
  async authenticateUnit(token: string): Promise<UnitView> {
    const match = API_KEY_PATTERN.exec(token);
    if (match === null) throw unauthenticated();
    const unit = await this.#readUnit(match[1]!);
    if (unit === null || !sameHash(hashSecret(token), unit.keyHash)) throw unauthenticated();
    if (unit.revokedAt !== null) {
      throw new ApiError('API_KEY_REVOKED', `the unit ${unit.name} was revoked at ${unit.revokedAt}`, {
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

  async #readUnit(id: string): Promise<StoredUnit | null> {
    const cached = this.#cache.get(id);
    if (cached !== undefined && this.#clock() - cached.readAtMs < this.#cacheMs) return cached.unit;
    const unit = await this.#storage.readUnit(id);
    this.#remember(id, unit);
    return unit;
  }

  #remember(id: string, unit: StoredUnit | null): void {
    if (this.#cache.size >= MAX_CACHED_UNITS) this.#cache.clear();
    this.#cache.set(id, { unit, readAtMs: this.#clock() });
  }
}
