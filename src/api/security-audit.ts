// The node's security audit log: every request refused for want of a credential, a role, an
// organisation or an entry-type authority, and every change to a user's second factor, one JSON
// line each (time, route, status, code and the principal that tried or acted), in a file only the
// node's user may read. An operator reviews it; nothing in it is secret (never a key or a token).
// This file says what is audited; the node writes it (src/node/security-audit-file.ts).

/** One refused request, or one account change (status 200, code naming the change). */
export interface SecurityAuditEvent {
  time: string;
  method: string;
  path: string;
  status: number;
  code: string;
  /** The principal's name and organisation, when the request carried a valid API key or session. */
  principal: string | null;
  organisation: string | null;
  message: string;
}

/** Codes that mean "who may do this" refused the request (written whatever their status). */
const AUTHORITY_CODES: ReadonlySet<string> = new Set([
  'ENTRY_TYPE_RESERVED',
  'ENTRY_TYPE_FOREIGN',
  'ENTRY_TYPE_WRONG_CHAIN',
  'NAME_RESERVED',
  'ROLE_REQUIRED',
  'ORGANISATION_REQUIRED',
  'ACCOUNT_LOCKED',
  'LOGIN_RATE_LIMITED',
]);

/** 401s that are questions, not refusals: the portal asking whether anyone is logged in. */
const UNAUDITED_CODES: ReadonlySet<string> = new Set(['SESSION_REQUIRED']);

/** True when a problem answer belongs in the security audit log. */
export function isAuditedRefusal(status: number, code: string): boolean {
  if (UNAUDITED_CODES.has(code)) return false;
  return status === 401 || status === 403 || AUTHORITY_CODES.has(code);
}

export interface SecurityAudit {
  record(event: SecurityAuditEvent): Promise<void>;
}
