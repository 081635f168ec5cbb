import { AccountsError, type LoginFailureStorage } from '../accounts/index.ts';

// Failed logins, counted per account name (known or not, so a lockout says nothing about whether
// a name exists) and per client address. Five failures of a name within the window lock that name
// for the lockout time; an address gets more, since several people may share one (a court's NAT).
// Counted in the database (LoginFailureStorage), so a restart or another API node on the same
// database keeps a lockout. OWASP Authentication Cheat Sheet, "Login Throttling".

export interface LoginThrottleOptions {
  /** Failed logins of one account name within `failureWindowMs` that lock it (count). */
  maxAccountFailures: number;
  /** Failed logins from one client address within `failureWindowMs` that stop it (count). */
  maxAddressFailures: number;
  /** Window the failures are counted in, in milliseconds. */
  failureWindowMs: number;
  /** How long a locked account or address stays locked, in milliseconds. */
  lockoutMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: Readonly<LoginThrottleOptions> = Object.freeze({
  maxAccountFailures: 5,
  maxAddressFailures: 30,
  failureWindowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
});

const accountKeyOf = (accountKey: string) => `account:${accountKey}`;
const addressKeyOf = (address: string) => `address:${address}`;

export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #storage: LoginFailureStorage;
  readonly #clock: () => number;

  constructor(
    storage: LoginFailureStorage,
    options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    clock: () => number = Date.now,
  ) {
    this.#storage = storage;
    this.#options = options;
    this.#clock = clock;
  }

  /** Throws ACCOUNT_LOCKED or LOGIN_RATE_LIMITED (both with `retryAfterMs`) while locked. */
  async checkAllowed(accountKey: string, address: string): Promise<void> {
    const now = this.#clock();
    const locks = await this.#storage.readLocks([accountKeyOf(accountKey), addressKeyOf(address)], now);
    const accountUntil = locks.get(accountKeyOf(accountKey));
    if (accountUntil !== undefined) {
      const minutes = Math.ceil(this.#options.lockoutMs / 60_000);
      const lockedUntil = new Date(accountUntil).toISOString();
      throw new AccountsError(
        'ACCOUNT_LOCKED',
        `this account is locked for ${minutes} minutes after ${this.#options.maxAccountFailures} failed logins; try again at ${lockedUntil} or ask an operator to reset the password`,
        { details: { retryAfterMs: accountUntil - now, lockedUntil } },
      );
    }
    const addressUntil = locks.get(addressKeyOf(address));
    if (addressUntil !== undefined) {
      throw new AccountsError(
        'LOGIN_RATE_LIMITED',
        `too many failed logins from this address; try again at ${new Date(addressUntil).toISOString()}`,
        { details: { retryAfterMs: addressUntil - now, address } },
      );
    }
  }

  /** Counts a failure; returns true when it locked the account. */
  async recordFailure(accountKey: string, address: string): Promise<boolean> {
    const now = this.#clock();
    await this.#storage.deleteStale(now - this.#options.failureWindowMs, now);
    const locked = await this.#count(accountKeyOf(accountKey), this.#options.maxAccountFailures, now);
    await this.#count(addressKeyOf(address), this.#options.maxAddressFailures, now);
    return locked;
  }

  /** A successful login forgets the account's failures. */
  async recordSuccess(accountKey: string): Promise<void> {
    await this.#storage.forget(accountKeyOf(accountKey));
  }

  /** Failures within the window (`now - at < failureWindowMs`) reaching `limit` lock the key. */
  async #count(key: string, limit: number, now: number): Promise<boolean> {
    const failures = await this.#storage.recordFailure(key, now, now - this.#options.failureWindowMs + 1);
    if (failures < limit) return false;
    await this.#storage.lock(key, now + this.#options.lockoutMs);
    return true;
  }
}
