import { SealchainError } from '../errors/index.ts';

/** Failures of principals, organisations, roles and entry-type authority. */
export type AccountsErrorCode =
  /** A principal or organisation name breaks the naming rule; `details.field` names it. */
  | 'NAME_INVALID'
  /** The name is, or looks like, a role, a consortium member or an organisation; `details.lookAlike`. */
  | 'NAME_RESERVED'
  /** A role outside the list of roles. */
  | 'ROLE_UNKNOWN'
  /** The organisation is neither a consortium member nor one an operator added. */
  | 'ORGANISATION_NOT_FOUND'
  /** The credential is valid but its roles do not include one this route needs. */
  | 'ROLE_REQUIRED'
  /** The principal's organisation is not the one this route needs (e.g. the court). */
  | 'ORGANISATION_REQUIRED'
  /** An entry type only a service writes (work, license, verification…) sent through the raw entries API. */
  | 'ENTRY_TYPE_RESERVED'
  /** A custom type `x-<org>/<name>` whose `<org>` is not the caller's organisation. */
  | 'ENTRY_TYPE_FOREIGN'
  /** A service type written on a chain that does not own it (a `work` on the evidence chain). */
  | 'ENTRY_TYPE_WRONG_CHAIN'
  /** Wrong name, wrong password, wrong second factor or disabled account: one answer, so names cannot be probed. */
  | 'LOGIN_FAILED'
  /** Too many failed logins for this account; `details.retryAfterMs` says when it opens again. */
  | 'ACCOUNT_LOCKED'
  /** Too many failed logins from this client address; `details.retryAfterMs`. */
  | 'LOGIN_RATE_LIMITED'
  /** The password was right; the account has a second factor: send `totp` too. */
  | 'TOTP_REQUIRED'
  /** The enrolment code does not match the secret being enrolled. */
  | 'TOTP_INVALID'
  /** Second factors are for judges, registrars and operators. */
  | 'TOTP_NOT_ALLOWED'
  /** A cookie-authenticated write without the session's X-CSRF-Token, or from another origin. */
  | 'CSRF_TOKEN_INVALID'
  /** The route needs a logged-in user (a session cookie), not an API key or nothing. */
  | 'SESSION_REQUIRED'
  /** No user account of that name. */
  | 'USER_NOT_FOUND'
  /** The new password is too short, too long or the same as the name. */
  | 'PASSWORD_INVALID'
  /**
   * The user logged in with a one-time password (new account, or reset by an operator) and must
   * change it (POST /v1/me/password) before anything else.
   */
  | 'PASSWORD_CHANGE_REQUIRED'
  /** The user has no second factor to switch off. */
  | 'TOTP_NOT_ENABLED'
  /** A session or login-throttle option is unknown or not a positive integer; `details.key`. */
  | 'SESSION_OPTIONS_INVALID';

export class AccountsError extends SealchainError<AccountsErrorCode> {}
