import { AccountsError } from '../accounts/index.ts';

// Failed logins, counted per account name (known or not, so a lockout says nothing about whether
// a name exists) and per client address. Five failures of a name within the window lock that name
// for the lockout time; an address gets more, since several people may share one (a court's NAT).
// Counted in this process's memory: a restart forgets them, which only shortens a lockout.

export interface LoginThrottleOptions {
  /** Failed logins of one account name within `failureWindowMs` that lock it (count). */
  maxAccountFailures: number;
  /** Failed logins from one client address within `failureWindowMs` that stop it (count). */
  maxAddressFailures: number;
  /** Window the failures are counted in, in milliseconds. */
  failureWindowMs: number;
  /** How long a locked account or address stays locked, in milliseconds. */
  lockoutMs: number;
  /** Names and addresses tracked at most (count); the oldest are forgotten beyond it. */
  maxTracked: number;
}

export const DEFAULT_LOGIN_THROTTLE: Readonly<LoginThrottleOptions> = Object.freeze({
  maxAccountFailures: 5,
  maxAddressFailures: 30,
  failureWindowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
  maxTracked: 100_000,
});

interface Tracked {
  failuresMs: number[];
  lockedUntilMs: number;
}

export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #clock: () => number;
  readonly #tracked = new Map<string, Tracked>();

  constructor(options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE, clock: () => number = Date.now) {
    this.#options = options;
    this.#clock = clock;
  }

  /** Throws ACCOUNT_LOCKED or LOGIN_RATE_LIMITED (both with `retryAfterMs`) while locked. */
  checkAllowed(accountKey: string, address: string): void {
    const now = this.#clock();
    const account = this.#tracked.get(`account:${accountKey}`);
    if (account !== undefined && account.lockedUntilMs > now) {
      const minutes = Math.ceil(this.#options.lockoutMs / 60_000);
      throw new AccountsError(
        'ACCOUNT_LOCKED',
        `this account is locked for ${minutes} minutes after ${this.#options.maxAccountFailures} failed logins; try again at ${new Date(account.lockedUntilMs).toISOString()} or ask an operator to reset the password`,
        {
          details: {
            retryAfterMs: account.lockedUntilMs - now,
            lockedUntil: new Date(account.lockedUntilMs).toISOString(),
          },
        },
      );
    }
    const client = this.#tracked.get(`address:${address}`);
    if (client !== undefined && client.lockedUntilMs > now) {
      throw new AccountsError(
        'LOGIN_RATE_LIMITED',
        `too many failed logins from this address; try again at ${new Date(client.lockedUntilMs).toISOString()}`,
        { details: { retryAfterMs: client.lockedUntilMs - now, address } },
      );
    }
  }

  /** Counts a failure; returns true when it locked the account. */
  recordFailure(accountKey: string, address: string): boolean {
    const locked = this.#count(`account:${accountKey}`, this.#options.maxAccountFailures);
    this.#count(`address:${address}`, this.#options.maxAddressFailures);
    return locked;
  }

  /** A successful login forgets the account's failures. */
  recordSuccess(accountKey: string): void {
    this.#tracked.delete(`account:${accountKey}`);
  }

  #count(key: string, limit: number): boolean {
    const now = this.#clock();
    let tracked = this.#tracked.get(key);
    if (tracked === undefined) {
      if (this.#tracked.size >= this.#options.maxTracked) {
        const oldest = this.#tracked.keys().next().value;
        if (oldest !== undefined) this.#tracked.delete(oldest);
      }
      tracked = { failuresMs: [], lockedUntilMs: 0 };
      this.#tracked.set(key, tracked);
    }
    tracked.failuresMs = tracked.failuresMs.filter((at) => now - at < this.#options.failureWindowMs);
    tracked.failuresMs.push(now);
    if (tracked.failuresMs.length < limit) return false;
    tracked.lockedUntilMs = now + this.#options.lockoutMs;
    tracked.failuresMs = [];
    return true;
  }
}
