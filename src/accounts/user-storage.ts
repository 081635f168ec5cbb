// The storage port of user accounts and their sessions. A user account is a principal (its name,
// organisation and roles are the principal's, in the same table as API keys, so a name is unique
// across both) plus its login data. Implementations: src/store/sql-user-storage.ts.

/** A user account as stored: its principal's fields and its login data. */
export interface StoredUser {
  /** The principal's id. */
  id: string;
  name: string;
  organisation: string | null;
  roles: string[];
  displayName: string;
  /** PHC scrypt string (password-hash.ts). */
  passwordHash: string;
  /** Set by a reset and at creation: the one-time password should be replaced. */
  passwordChangeRequired: boolean;
  /** The active TOTP secret; stored as is, since checking a code needs it. */
  totpSecret: Uint8Array | null;
  /** A secret shown at enrolment and not yet confirmed with a code. */
  totpPendingSecret: Uint8Array | null;
  /** The last TOTP step accepted (no replay). */
  totpLastStep: number | null;
  /** RFC 3339; a disabled account cannot log in and has no sessions. */
  disabledAt: string | null;
  createdAt: string;
}

/** The login data written with a new account (its principal exists already). */
export interface NewUser {
  id: string;
  displayName: string;
  passwordHash: string;
  passwordChangeRequired: boolean;
  createdAt: string;
}

/** A session: only the SHA-256 of its id is stored. */
export interface StoredSession {
  idHash: Uint8Array;
  userId: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

/**
 * Contract: every method MUST be safe to call concurrently; times are RFC 3339 UTC with
 * milliseconds on the way in and out. Methods on a missing user return false / null, never throw.
 */
export interface UserStorage {
  /** MUST return false when the principal already has an account. */
  insertUser(user: NewUser): Promise<boolean>;
  readUser(id: string): Promise<StoredUser | null>;
  /** By the principal's exact name. */
  readUserByName(name: string): Promise<StoredUser | null>;
  /** Every account, oldest first. */
  listUsers(): Promise<StoredUser[]>;
  updatePassword(id: string, passwordHash: string, changeRequired: boolean): Promise<boolean>;
  setPendingTotp(id: string, secret: Uint8Array | null): Promise<boolean>;
  /** Makes the pending secret the active one (and clears the pending one). */
  activateTotp(id: string, secret: Uint8Array, step: number): Promise<boolean>;
  /** Switches the second factor off: the active and pending secrets and the last step are cleared. */
  clearTotp(id: string): Promise<boolean>;
  /** MUST record `step` only when it is later than the last step used, and say whether it did. */
  useTotpStep(id: string, step: number): Promise<boolean>;
  /** Marks the account disabled and MUST delete its sessions in the same transaction. */
  disableUser(id: string, disabledAt: string): Promise<boolean>;
  insertSession(session: StoredSession): Promise<void>;
  /** The session of `idHash` with its user, or null. */
  readSession(idHash: Uint8Array): Promise<{ session: StoredSession; user: StoredUser } | null>;
  touchSession(idHash: Uint8Array, lastSeenAt: string): Promise<void>;
  deleteSession(idHash: Uint8Array): Promise<void>;
  /** Deletes the user's sessions, all but `keepIdHash` when given; returns how many. */
  deleteUserSessions(userId: string, keepIdHash?: Uint8Array): Promise<number>;
  /** Deletes sessions idle since before `idleBefore` or created before `createdBefore`. */
  deleteExpiredSessions(idleBefore: string, createdBefore: string): Promise<number>;
}
