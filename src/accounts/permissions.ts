import type { Role } from './roles.ts';

// The one permission table (DESIGN.md "Roles and authority"): every route of a node, by method
// and Hono path pattern, with who may call it. The API's authorisation middleware reads only this
// table, and the app refuses to build when a registered route has no entry here, so a new route
// is public, admin-only or role-bound by a line here and nowhere else.

/** Who may call a route. */
export type Access =
  /** Anyone, without a credential; callers holding `detailRoles` (or the admin token) see more. */
  | { kind: 'public'; detailRoles?: readonly Role[] }
  /** Only the node's admin token (`sca_…`). */
  | { kind: 'admin' }
  /**
   * A principal holding at least one of `roles`; with `memberRole`, its organisation must also be
   * a consortium member of that role (the court for court verifications).
   */
  | {
      kind: 'roles';
      roles: readonly Role[];
      memberRole?: string;
      orAdmin?: boolean;
      /**
       * Who acts on anyone's record through the route (a registrar revoking any licence); every
       * other allowed caller acts on its own records only, as the route's service decides.
       */
      forAnyone?: MemberRoles;
    }
  /** A logged-in user (the session cookie, not an API key), holding one of `roles` when given. */
  | { kind: 'session'; roles?: readonly Role[] };

/** Principals holding one of `roles` in the consortium member whose role is `memberRole` (any, when absent). */
export interface MemberRoles {
  roles: readonly Role[];
  memberRole?: string;
}

export const PUBLIC: Access = Object.freeze({ kind: 'public' });
export const ADMIN: Access = Object.freeze({ kind: 'admin' });
export const SESSION: Access = Object.freeze({ kind: 'session' });

function roles(...allowed: Role[]): Access {
  return Object.freeze({ kind: 'roles', roles: Object.freeze(allowed) });
}

const DEPOSITORS = roles('unit', 'platform');
const KEY_OWNERS: Access = Object.freeze({
  kind: 'session',
  roles: Object.freeze(['unit', 'platform'] as Role[]),
});
// User accounts: operators (logged in) and the admin token (the CLI).
const OPERATORS: Access = Object.freeze({
  kind: 'roles',
  roles: Object.freeze(['operator'] as Role[]),
  orAdmin: true,
});
const REGISTRANTS = roles('unit', 'creator', 'registrar');
// Registration review: registrars of the consortium's copyright centre only.
export const REGISTRARS: Access = Object.freeze({
  kind: 'roles',
  roles: Object.freeze(['registrar'] as Role[]),
  memberRole: 'copyright-center',
});
// Works' own records: the registering unit or creator acts on its own (a licence it granted, the
// file of its work); a registrar of the copyright centre on anyone's (revokes any licence, issue 22;
// reads any work's file for the review queue's previews).
const OWN_WORK_RECORDS: Access = Object.freeze({
  kind: 'roles',
  roles: Object.freeze(['unit', 'creator', 'registrar'] as Role[]),
  forAnyone: Object.freeze({
    roles: Object.freeze(['registrar'] as Role[]),
    memberRole: 'copyright-center',
  }),
});
const PER_UNIT_DETAIL: Access = Object.freeze({
  kind: 'public',
  detailRoles: Object.freeze(['operator'] as Role[]),
});

/** `METHOD /path/:param` → who may call it. Keep the keys in the order of ../../docs/permissions.md. */
export const PERMISSIONS: Readonly<Record<string, Access>> = Object.freeze({
  // Operations and documentation.
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /metrics': PUBLIC,
  'GET /openapi.json': PUBLIC,
  // The web portal: its page and its assets (src/api/routes/web.ts).
  'GET /': PUBLIC,
  'GET /assets/:file': PUBLIC,
  'GET /docs': PUBLIC,
  'GET /docs/init.js': PUBLIC,
  'GET /docs/:asset': PUBLIC,
  // The C2SP read endpoints and the witness protocol (authenticated by signatures, not tokens).
  'GET /log/:chain/checkpoint': PUBLIC,
  'GET /log/:chain/tile/*': PUBLIC,
  'POST /witness/:member/add-checkpoint': PUBLIC,
  'GET /witness/:member/alarms': PUBLIC,
  // Chains, entries, proofs and certificates: public, like the log itself.
  'GET /v1/alarms': PUBLIC,
  'GET /v1/chains': PUBLIC,
  'GET /v1/consortium': PUBLIC,
  'GET /v1/chains/:chain': PUBLIC,
  'GET /v1/chains/:chain/anchors/:anchored': PUBLIC,
  'GET /v1/chains/:chain/entries': PUBLIC,
  'GET /v1/chains/:chain/entries/:index': PUBLIC,
  'GET /v1/chains/:chain/entries/:index/bundle': PUBLIC,
  'GET /v1/chains/:chain/entries/:index/certificate.html': PUBLIC,
  'GET /v1/chains/:chain/entries/:index/certificate.pdf': PUBLIC,
  'GET /verify/:chain/:index': PUBLIC,
  'GET /verify/:number': PUBLIC,
  // Statistics: totals for anyone; the per-unit breakdown (unit names) for operators and the admin.
  'GET /v1/chains/:chain/stats': PER_UNIT_DETAIL,
  'GET /v1/chains/:chain/cases': PUBLIC,
  'GET /v1/stats': PER_UNIT_DETAIL,
  'GET /v1/chains/:chain/stats/daily': PER_UNIT_DETAIL,
  'GET /v1/stats/dashboard': PER_UNIT_DETAIL,
  // Deposits.
  'POST /v1/chains/:chain/entries': DEPOSITORS,
  'POST /v1/chains/:chain/entries/batch': DEPOSITORS,
  'POST /v1/chains/:chain/uploads': DEPOSITORS,
  'GET /v1/me/entries': DEPOSITORS,
  // Web evidence capture: a job and its package are its submitter's own.
  'POST /v1/captures': DEPOSITORS,
  'GET /v1/captures/:id': DEPOSITORS,
  'GET /v1/captures/:id/package': DEPOSITORS,
  'GET /v1/captures/:id/attachments/:name': DEPOSITORS,
  'GET /v1/me/captures': DEPOSITORS,
  // Court verification: judges and clerks of the consortium's court only.
  'POST /v1/verifications': Object.freeze({
    kind: 'roles',
    roles: Object.freeze(['judge', 'clerk'] as Role[]),
    memberRole: 'court',
  }),
  'GET /v1/verifications': PUBLIC,
  // Works and licences.
  'POST /v1/works': REGISTRANTS,
  'GET /v1/works': PUBLIC,
  'GET /v1/me/works': REGISTRANTS,
  'POST /v1/works/search': roles('unit', 'platform', 'creator', 'registrar'),
  'GET /v1/works/:number': PUBLIC,
  'GET /v1/works/:number/file': OWN_WORK_RECORDS,
  'GET /v1/works/:number/certificate.html': PUBLIC,
  'GET /v1/works/:number/certificate.pdf': PUBLIC,
  'POST /v1/works/:number/licenses': REGISTRANTS,
  'GET /v1/works/:number/licenses': PUBLIC,
  'GET /v1/reviews': REGISTRARS,
  'POST /v1/works/:number/decision': REGISTRARS,
  'GET /v1/licenses/:number': PUBLIC,
  'GET /v1/licenses/:number/certificate.html': PUBLIC,
  'GET /v1/licenses/:number/certificate.pdf': PUBLIC,
  'POST /v1/licenses/:number/revocation': OWN_WORK_RECORDS,
  'GET /v1/licenses/:number/revocation/certificate.html': PUBLIC,
  'GET /v1/licenses/:number/revocation/certificate.pdf': PUBLIC,
  // Principals and organisations: the node's admin token only.
  'POST /v1/units': ADMIN,
  'GET /v1/units': ADMIN,
  'DELETE /v1/units/:id': ADMIN,
  'POST /v1/principals': ADMIN,
  'GET /v1/principals': ADMIN,
  'POST /v1/principals/:id/key': ADMIN,
  'POST /v1/organisations': ADMIN,
  'GET /v1/organisations': OPERATORS,
  // Logging in and out (the session cookie; writes need X-CSRF-Token), and user accounts.
  'POST /v1/session': PUBLIC,
  'GET /v1/session': SESSION,
  'DELETE /v1/session': SESSION,
  'POST /v1/session/totp': Object.freeze({
    kind: 'session',
    roles: Object.freeze(['judge', 'registrar', 'operator'] as Role[]),
  }),
  'POST /v1/me/password': SESSION,
  'POST /v1/me/totp/disable': SESSION,
  'GET /v1/users': OPERATORS,
  'POST /v1/users': OPERATORS,
  'POST /v1/users/:name/disable': OPERATORS,
  'POST /v1/users/:name/password': OPERATORS,
  'POST /v1/users/:name/totp/disable': OPERATORS,
  // A logged-in depositor's own API keys (src/services/self-service-keys.ts): a key holds only some of its
  // owner's deposit roles, and a key cannot make keys.
  'GET /v1/me/keys': KEY_OWNERS,
  'POST /v1/me/keys': KEY_OWNERS,
  'DELETE /v1/me/keys/:id': KEY_OWNERS,
  // The durable job queue: the node's admin token only.
  'GET /v1/jobs': ADMIN,
  'GET /v1/jobs/:id': ADMIN,
  'POST /v1/jobs/:id/retry': ADMIN,
  'POST /v1/jobs/:id/cancel': ADMIN,
});

/** The table's key of a route: `GET /v1/chains/:chain`. */
export function formatRouteKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/** Who may call `method path` (a Hono pattern), or undefined when the table has no entry. */
export function findAccess(method: string, path: string): Access | undefined {
  return Object.hasOwn(PERMISSIONS, formatRouteKey(method, path))
    ? PERMISSIONS[formatRouteKey(method, path)]
    : undefined;
}

/** The caller as the table sees it. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'admin' }
  | {
      kind: 'principal';
      roles: readonly Role[];
      memberRole: string | null;
      /** True when the principal is a user logged in with the session cookie. */
      session?: boolean;
    };

/**
 * Whether `caller` may call a route of `access`: 'allow', or why not ('credential' when a
 * credential is missing, 'role' when it lacks a role, 'organisation' when its organisation is
 * not the member the route needs).
 */
export function decideAccess(
  access: Access,
  caller: Caller,
): 'allow' | 'credential' | 'role' | 'organisation' {
  if (access.kind === 'public') return 'allow';
  if (caller.kind === 'anonymous') return 'credential';
  if (access.kind === 'session') {
    if (caller.kind !== 'principal' || caller.session !== true) return 'role';
    return access.roles === undefined || caller.roles.some((role) => access.roles!.includes(role))
      ? 'allow'
      : 'role';
  }
  if (access.kind === 'admin') return caller.kind === 'admin' ? 'allow' : 'role';
  if (caller.kind === 'admin') return access.orAdmin === true ? 'allow' : 'role';
  if (!caller.roles.some((role) => access.roles.includes(role))) return 'role';
  if (access.memberRole !== undefined && caller.memberRole !== access.memberRole) return 'organisation';
  return 'allow';
}

/** True when `caller` sees a public route's details (the per-unit statistics). */
export function seesDetail(access: Access, caller: Caller): boolean {
  if (access.kind !== 'public' || access.detailRoles === undefined) return false;
  if (caller.kind === 'admin') return true;
  return caller.kind === 'principal' && caller.roles.some((role) => access.detailRoles!.includes(role));
}

/**
 * True when `caller`, allowed on a route of `access`, acts on anyone's record there (its
 * `forAnyone` roles, of that member); false for everyone else, who act on their own records only.
 */
export function actsForAnyone(access: Access, caller: Caller): boolean {
  if (access.kind !== 'roles' || access.forAnyone === undefined || caller.kind !== 'principal') return false;
  const { roles, memberRole } = access.forAnyone;
  return (
    caller.roles.some((role) => roles.includes(role)) &&
    (memberRole === undefined || caller.memberRole === memberRole)
  );
}
