import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  AccountsError,
  hashPassword,
  isRole,
  matchTotp,
  needsRehash,
  verifyPassword,
  type Role,
  type LoginFailureStorage,
  type StoredUser,
  type UserStorage,
} from '../accounts/index.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from './login-throttle.ts';

// Logging in and out, and finding the user of a session. A session id is 32 random bytes
// (base64url in the cookie); only its SHA-256 is stored. Each session carries a synchronizer
// CSRF token (OWASP CSRF Prevention Cheat Sheet) that cookie-authenticated writes must echo.

export interface SessionOptions {
  /** A session unused this long ends, in milliseconds. */
  idleTimeoutMs: number;
  /** A session ends this long after login whatever its use, in milliseconds. */
  absoluteTimeoutMs: number;
  /** Least time between two writes of a session's last use, in milliseconds. */
  touchIntervalMs: number;
  throttle: LoginThrottleOptions;
}

export const DEFAULT_SESSION_OPTIONS: Readonly<SessionOptions> = Object.freeze({
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 60 * 60_000,
  touchIntervalMs: 60_000,
  throttle: DEFAULT_LOGIN_THROTTLE,
});

/** Session options as given: any of them, the throttle's too. */
export type SessionOptionsInput = Partial<Omit<SessionOptions, 'throttle'>> & {
  throttle?: Partial<LoginThrottleOptions>;
};

function checkPositiveIntegers(
  given: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>>,
  prefix: string,
): void {
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new AccountsError('SESSION_OPTIONS_INVALID', `unknown session option "${prefix}${key}"`, {
        details: { key: `${prefix}${key}` },
      });
    }
    if (key !== 'throttle' && (!Number.isSafeInteger(value) || (value as number) < 1)) {
      throw new AccountsError(
        'SESSION_OPTIONS_INVALID',
        `session option ${prefix}${key} must be a positive integer`,
        {
          details: { key: `${prefix}${key}`, value },
        },
      );
    }
  }
}

/** `options` over the defaults; SESSION_OPTIONS_INVALID for an unknown key or a value that is not a positive integer. */
export function resolveSessionOptions(options: SessionOptionsInput = {}): SessionOptions {
  checkPositiveIntegers(options, DEFAULT_SESSION_OPTIONS, '');
  checkPositiveIntegers(options.throttle ?? {}, DEFAULT_LOGIN_THROTTLE, 'throttle.');
  return {
    ...DEFAULT_SESSION_OPTIONS,
    ...options,
    throttle: { ...DEFAULT_LOGIN_THROTTLE, ...options.throttle },
  };
}

/** The user of a session as the API shows it. */
export interface SessionUser {
  id: string;
  name: string;
  displayName: string;
  organisation: string | null;
  roles: Role[];
  totpEnabled: boolean;
  passwordChangeRequired: boolean;
}

/** A session found by its id. */
export interface ActiveSession {
  user: SessionUser;
  csrfToken: string;
  /** The stored hash of the session id. */
  idHash: Uint8Array;
}

export interface LoginRequest {
  name: string;
  password: string;
  totp?: string;
  /** Where the request came from (rate limiting); `unknown` when the transport does not say. */
  clientAddress: string;
}

const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function hashSessionId(sessionId: string): Uint8Array {
  return createHash('sha256').update(sessionId, 'utf8').digest();
}

export function userToSessionUser(user: StoredUser): SessionUser {
  return {
    id: user.id,
    name: user.name,
    displayName: user.displayName,
    organisation: user.organisation,
    roles: user.roles.filter(isRole),
    totpEnabled: user.totpSecret !== null,
    passwordChangeRequired: user.passwordChangeRequired,
  };
}

function loginFailed(): AccountsError {
  return new AccountsError('LOGIN_FAILED', 'the name or the password (or the one-time code) is wrong');
}

export class SessionService {
  readonly #storage: UserStorage;
  readonly #options: SessionOptions;
  readonly #clock: () => number;
  readonly #throttle: LoginThrottle;
  /** Verified against when the name is unknown, so that answer takes as long as a wrong password. */
  #decoyHash: Promise<string> | undefined;

  constructor(
    storage: UserStorage,
    loginFailures: LoginFailureStorage,
    options: SessionOptions = DEFAULT_SESSION_OPTIONS,
    clock: () => number = Date.now,
  ) {
    this.#storage = storage;
    this.#options = options;
    this.#clock = clock;
    this.#throttle = new LoginThrottle(loginFailures, options.throttle, clock);
  }

  /**
   * Checks name, password and (when enrolled) the one-time code; returns the new session's id
   * (for the cookie, never stored) and the session. LOGIN_FAILED for any wrong part, a disabled
   * account or an unknown name; ACCOUNT_LOCKED / LOGIN_RATE_LIMITED after too many failures;
   * TOTP_REQUIRED when the password was right and the code is missing.
   */
  async login(request: LoginRequest): Promise<{ sessionId: string; session: ActiveSession }> {
    const accountKey = request.name.normalize('NFC').toLowerCase();
    await this.#throttle.checkAllowed(accountKey, request.clientAddress);
    const user = await this.#storage.readUserByName(request.name);
    this.#decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const passwordOk = await verifyPassword(request.password, user?.passwordHash ?? (await this.#decoyHash));
    const usable = user !== null && passwordOk && user.disabledAt === null;
    if (usable && user.totpSecret !== null && request.totp === undefined) {
      throw new AccountsError(
        'TOTP_REQUIRED',
        'this account has a second factor: send the 6-digit code as totp',
      );
    }
    let totpOk = true;
    if (usable && user.totpSecret !== null) {
      const step = matchTotp(user.totpSecret, request.totp ?? '', this.#clock(), user.totpLastStep);
      totpOk = step !== null && (await this.#storage.useTotpStep(user.id, step));
    }
    if (!usable || !totpOk) {
      if (await this.#throttle.recordFailure(accountKey, request.clientAddress)) {
        await this.#throttle.checkAllowed(accountKey, request.clientAddress);
      }
      throw loginFailed();
    }
    await this.#throttle.recordSuccess(accountKey);
    // A hash made with weaker parameters than today's is replaced while the password is at hand.
    if (needsRehash(user.passwordHash)) {
      await this.#storage.updatePassword(
        user.id,
        await hashPassword(request.password),
        user.passwordChangeRequired,
      );
    }
    return this.#openSession(user);
  }

  async #openSession(user: StoredUser): Promise<{ sessionId: string; session: ActiveSession }> {
    const now = this.#clock();
    await this.#storage.deleteExpiredSessions(
      new Date(now - this.#options.idleTimeoutMs).toISOString(),
      new Date(now - this.#options.absoluteTimeoutMs).toISOString(),
    );
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const idHash = hashSessionId(sessionId);
    const at = new Date(now).toISOString();
    await this.#storage.insertSession({ idHash, userId: user.id, csrfToken, createdAt: at, lastSeenAt: at });
    return { sessionId, session: { user: userToSessionUser(user), csrfToken, idHash } };
  }

  /** The live session of `sessionId`, or null (unknown, expired, or its user disabled). */
  async findSession(sessionId: string): Promise<ActiveSession | null> {
    if (!SESSION_ID_PATTERN.test(sessionId)) return null;
    const idHash = hashSessionId(sessionId);
    const found = await this.#storage.readSession(idHash);
    if (found === null) return null;
    const now = this.#clock();
    const idleMs = now - Date.parse(found.session.lastSeenAt);
    const ageMs = now - Date.parse(found.session.createdAt);
    if (idleMs >= this.#options.idleTimeoutMs || ageMs >= this.#options.absoluteTimeoutMs) {
      await this.#storage.deleteSession(idHash);
      return null;
    }
    if (found.user.disabledAt !== null) return null;
    if (idleMs >= this.#options.touchIntervalMs) {
      await this.#storage.touchSession(idHash, new Date(now).toISOString());
    }
    return { user: userToSessionUser(found.user), csrfToken: found.session.csrfToken, idHash };
  }

  /** Throws CSRF_TOKEN_INVALID unless `token` is the session's CSRF token (compared in constant time). */
  verifyCsrfToken(session: ActiveSession, token: string | undefined): void {
    const expected = Buffer.from(session.csrfToken);
    const given = Buffer.from(token ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AccountsError(
        'CSRF_TOKEN_INVALID',
        'a write with the session cookie needs the header X-CSRF-Token with the csrfToken of GET /v1/session',
      );
    }
  }

  /** Ends the session (logout). */
  async endSession(session: ActiveSession): Promise<void> {
    await this.#storage.deleteSession(session.idHash);
  }
}
