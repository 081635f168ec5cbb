import {
  AccountsError,
  createOneTimePassword,
  createTotpSecret,
  formatTotpUri,
  hashPassword,
  isRole,
  matchTotp,
  totpStep,
  verifyPassword,
  type Role,
  type StoredUser,
  type UserStorage,
} from '../accounts/index.ts';
import { userToSessionUser, type SessionUser } from './sessions.ts';

// User accounts: created, listed, disabled and given new passwords by operators; a user changes
// their own password and enrols a second factor. A user is a principal (name, organisation,
// roles) made through the principal directory, plus its login data in UserStorage.

/** Roles whose holders may add a TOTP second factor. */
export const TOTP_ROLES: readonly Role[] = Object.freeze(['judge', 'registrar', 'operator']);

const MIN_PASSWORD_CHARS = 8;
const MAX_PASSWORD_CHARS = 256;
const MAX_DISPLAY_NAME_CHARS = 100;

/** Where principals are made and revoked (the node's principal registry). */
export interface PrincipalDirectory {
  createPrincipal(request: {
    name: string;
    organisation: string | null;
    roles: readonly string[];
  }): Promise<{ id: string; name: string }>;
  revokeUnit(id: string): Promise<unknown>;
}

export interface NewUserRequest {
  name: string;
  displayName?: string;
  organisation: string | null;
  roles: readonly string[];
  /** When absent, a one-time password is made and returned. */
  password?: string;
}

/** A user account as an operator sees it. */
export interface UserView extends SessionUser {
  disabledAt: string | null;
  createdAt: string;
}

function toView(user: StoredUser): UserView {
  return { ...userToSessionUser(user), disabledAt: user.disabledAt, createdAt: user.createdAt };
}

/** Throws PASSWORD_INVALID unless `password` is 8 to 256 characters and not the name. */
export function checkPassword(password: string, name: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_CHARS || length > MAX_PASSWORD_CHARS) {
    throw new AccountsError(
      'PASSWORD_INVALID',
      `a password is ${MIN_PASSWORD_CHARS} to ${MAX_PASSWORD_CHARS} characters`,
      { details: { field: 'password' } },
    );
  }
  if (password.toLowerCase() === name.toLowerCase()) {
    throw new AccountsError('PASSWORD_INVALID', 'the password must not be the name', {
      details: { field: 'password' },
    });
  }
}

function totpNotEnabled(name: string): AccountsError {
  return new AccountsError('TOTP_NOT_ENABLED', `${name} has no second factor switched on`, {
    details: { name },
  });
}

export class UserService {
  readonly #storage: UserStorage;
  readonly #principals: PrincipalDirectory;
  readonly #clock: () => number;

  constructor(storage: UserStorage, principals: PrincipalDirectory, clock: () => number = Date.now) {
    this.#storage = storage;
    this.#principals = principals;
    this.#clock = clock;
  }

  /** A new account; `oneTimePassword` is returned (once) when no password was given. */
  async createUser(request: NewUserRequest): Promise<{ user: UserView; oneTimePassword: string | null }> {
    const oneTimePassword = request.password === undefined ? createOneTimePassword() : null;
    const password = request.password ?? oneTimePassword!;
    checkPassword(password, request.name);
    const displayName = (request.displayName ?? request.name).trim();
    if (displayName === '' || [...displayName].length > MAX_DISPLAY_NAME_CHARS) {
      throw new AccountsError('NAME_INVALID', `a display name is 1 to ${MAX_DISPLAY_NAME_CHARS} characters`, {
        details: { field: 'displayName' },
      });
    }
    const passwordHash = await hashPassword(password);
    const principal = await this.#principals.createPrincipal({
      name: request.name,
      organisation: request.organisation,
      roles: request.roles,
    });
    await this.#storage.insertUser({
      id: principal.id,
      displayName,
      passwordHash,
      passwordChangeRequired: oneTimePassword !== null,
      createdAt: new Date(this.#clock()).toISOString(),
    });
    return { user: toView((await this.#storage.readUser(principal.id))!), oneTimePassword };
  }

  async listUsers(): Promise<UserView[]> {
    return (await this.#storage.listUsers()).map(toView);
  }

  /** Disables the account for good: its sessions end and its principal is revoked. */
  async disableUser(name: string): Promise<UserView> {
    const user = await this.#readByName(name);
    await this.#storage.disableUser(user.id, new Date(this.#clock()).toISOString());
    await this.#principals.revokeUnit(user.id);
    return toView((await this.#storage.readUser(user.id))!);
  }

  /** A new one-time password for the account (returned once); its sessions end. */
  async resetPassword(name: string): Promise<{ user: UserView; oneTimePassword: string }> {
    const user = await this.#readByName(name);
    const oneTimePassword = createOneTimePassword();
    await this.#storage.updatePassword(user.id, await hashPassword(oneTimePassword), true);
    await this.#storage.deleteUserSessions(user.id);
    return { user: toView((await this.#storage.readUser(user.id))!), oneTimePassword };
  }

  /**
   * The user's own change: LOGIN_FAILED when `currentPassword` is wrong. The user's other
   * sessions end (all but `keepSessionIdHash`, the session making the change).
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    keepSessionIdHash?: Uint8Array,
  ): Promise<void> {
    const user = await this.#storage.readUser(userId);
    if (user === null || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new AccountsError('LOGIN_FAILED', 'the current password is wrong');
    }
    checkPassword(newPassword, user.name);
    await this.#storage.updatePassword(userId, await hashPassword(newPassword), false);
    await this.#storage.deleteUserSessions(userId, keepSessionIdHash);
  }

  /**
   * Starts TOTP enrolment for a judge, registrar or operator: a new secret, shown once as an
   * otpauth:// URI; it takes effect when confirmed with a code (confirmTotp).
   */
  async startTotpEnrolment(userId: string): Promise<{ otpauthUri: string }> {
    const user = await this.#storage.readUser(userId);
    if (user === null || !user.roles.some((role) => isRole(role) && TOTP_ROLES.includes(role))) {
      throw new AccountsError('TOTP_NOT_ALLOWED', `a second factor is for ${TOTP_ROLES.join(', ')} accounts`);
    }
    const secret = createTotpSecret();
    await this.#storage.setPendingTotp(userId, secret);
    return { otpauthUri: formatTotpUri(secret, user.name) };
  }

  /** Activates the pending secret when `code` is its current code; TOTP_INVALID otherwise. */
  async confirmTotp(userId: string, code: string): Promise<void> {
    const user = await this.#storage.readUser(userId);
    const pending = user?.totpPendingSecret ?? null;
    const step = pending === null ? null : matchTotp(pending, code, this.#clock(), null);
    if (user === null || pending === null || step === null) {
      throw new AccountsError(
        'TOTP_INVALID',
        'the code does not match the secret being enrolled; start again if it expired',
      );
    }
    await this.#storage.activateTotp(userId, pending, Math.max(step, totpStep(this.#clock()) - 1));
  }

  /**
   * An operator switches off a user's second factor (a lost phone); the user logs in with the
   * password alone and may enrol again. TOTP_NOT_ENABLED when the user has none.
   */
  async resetTotp(name: string): Promise<UserView> {
    const user = await this.#readByName(name);
    if (user.totpSecret === null) throw totpNotEnabled(user.name);
    await this.#storage.clearTotp(user.id);
    return toView((await this.#storage.readUser(user.id))!);
  }

  /**
   * The user switches their own second factor off, with their password (LOGIN_FAILED when wrong)
   * and a current code (TOTP_INVALID when wrong or already used); TOTP_NOT_ENABLED when off.
   */
  async disableOwnTotp(userId: string, password: string, code: string): Promise<void> {
    const user = await this.#storage.readUser(userId);
    if (user === null || !(await verifyPassword(password, user.passwordHash))) {
      throw new AccountsError('LOGIN_FAILED', 'the password is wrong');
    }
    if (user.totpSecret === null) throw totpNotEnabled(user.name);
    const step = matchTotp(user.totpSecret, code, this.#clock(), user.totpLastStep);
    if (step === null || !(await this.#storage.useTotpStep(user.id, step))) {
      throw new AccountsError('TOTP_INVALID', 'the code is not the current one of your authenticator app');
    }
    await this.#storage.clearTotp(user.id);
  }

  async #readByName(name: string): Promise<StoredUser> {
    const user = await this.#storage.readUserByName(name);
    if (user === null) {
      throw new AccountsError('USER_NOT_FOUND', `there is no user ${JSON.stringify(name)}`, {
        details: { name },
      });
    }
    return user;
  }
}
