import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import {
  AccountsError,
  actsForAnyone,
  decideAccess,
  findAccess,
  formatRouteKey,
  seesDetail,
  type Access,
  type Caller,
} from '../accounts/index.ts';
import type { ApiContext, ApiEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { readSessionPrincipal, SAFE_METHODS } from './session-auth.ts';
import type { UnitView } from '../services/index.ts';

// Authentication and authorisation of every route from the one permission table
// (src/accounts/permissions.ts): the middleware finds the route the request matched, reads its
// entry, identifies the caller and lets it through or answers 401/403. Route files carry no
// authorisation of their own.

const BEARER_PATTERN = /^Bearer ([!-~]{1,512})$/;

function readBearer(header: string | undefined): string | null {
  const match = header === undefined ? null : BEARER_PATTERN.exec(header);
  return match === null ? null : match[1]!;
}

function requireBearer(header: string | undefined): string {
  const token = readBearer(header);
  if (token === null) {
    throw new ApiError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <key>)');
  }
  return token;
}

/** The route a request matched: the last non-middleware handler Hono matched, or undefined (404). */
function findMatchedRoute(c: Context<ApiEnv>): { method: string; path: string } | undefined {
  return matchedRoutes(c).findLast((route) => route.method !== 'ALL');
}

/**
 * What a user whose one-time password must still be changed may do with the session cookie: read
 * the session, change the password, log out. Everything else answers PASSWORD_CHANGE_REQUIRED.
 */
const PASSWORD_CHANGE_ROUTES: ReadonlySet<string> = new Set([
  formatRouteKey('GET', '/v1/session'),
  formatRouteKey('DELETE', '/v1/session'),
  formatRouteKey('POST', '/v1/me/password'),
]);

function mustChangePassword(c: Context<ApiEnv>): boolean {
  return c.get('session')?.user.passwordChangeRequired === true;
}

function principalCaller(context: ApiContext, view: UnitView, session = false): Caller {
  const member = context.consortium.trust.members.find((m) => m.name === view.organisation);
  return { kind: 'principal', roles: view.roles, memberRole: member?.role ?? null, session };
}

/** Who calls a public route: anyone; a valid credential, when given, is recognised (for details). */
async function identifyOptional(context: ApiContext, c: Context<ApiEnv>): Promise<Caller> {
  const token = readBearer(c.req.header('authorization'));
  if (token === null) {
    // A public write (a login, a witness submission) is the same for every caller: a session
    // cookie adds nothing to it, so it is not read (nor its CSRF token asked for).
    if (!SAFE_METHODS.has(c.req.method)) return { kind: 'anonymous' };
    const view = await readSessionPrincipal(context, c);
    // Until the one-time password is changed, the session is not recognised on public routes.
    if (view === null || mustChangePassword(c)) return { kind: 'anonymous' };
    c.set('unit', view);
    return principalCaller(context, view, true);
  }
  if (context.units.looksLikeApiKey(token)) {
    const view = await context.units.authenticateUnit(token).catch(() => null);
    if (view === null) return { kind: 'anonymous' };
    c.set('unit', view);
    return principalCaller(context, view);
  }
  const admin = await context.units.authenticateAdmin(token).then(
    () => true,
    () => false,
  );
  return admin ? { kind: 'admin' } : { kind: 'anonymous' };
}

function refuse(reason: 'role' | 'organisation', key: string, caller: Caller, view?: UnitView): never {
  if (caller.kind === 'admin') {
    throw new ApiError('FORBIDDEN', `${key} is not for the admin token: call it with a principal's API key`);
  }
  if (caller.kind === 'principal' && view !== undefined && reason === 'role') {
    throw new AccountsError('ROLE_REQUIRED', `${key} needs another role than ${view.roles.join(', ')}`, {
      details: { route: key, roles: view.roles },
    });
  }
  if (reason === 'organisation') {
    throw new AccountsError(
      'ORGANISATION_REQUIRED',
      `${key} is for principals of the court organisation; ${view?.name ?? 'this principal'} belongs to ${view?.organisation ?? 'no organisation'}`,
      { details: { route: key, organisation: view?.organisation ?? null } },
    );
  }
  throw new ApiError('FORBIDDEN', `${key} needs the admin token, not a principal's API key`);
}

/**
 * A route bound to a member role (the court) takes principals of that member; a node whose
 * consortium file names no such member (a node on its own, `members: []`) takes the route's roles
 * from any organisation (and so lets its `forAnyone` roles act for anyone from any organisation).
 */
function withoutAbsentMember(context: ApiContext, access: Access): Access {
  if (access.kind !== 'roles') return access;
  const present = (role: string | undefined) =>
    role !== undefined && context.consortium.trust.members.some((m) => m.role === role);
  const { memberRole, forAnyone, ...rest } = access;
  return {
    ...rest,
    ...(present(memberRole) ? { memberRole } : {}),
    ...(forAnyone === undefined
      ? {}
      : { forAnyone: present(forAnyone.memberRole) ? forAnyone : { roles: forAnyone.roles } }),
  };
}

/** Lets `caller` through on `access` (403 otherwise) and tells the route whether it acts for anyone. */
function admit(
  c: Context<ApiEnv>,
  context: ApiContext,
  access: Access,
  key: string,
  caller: Caller,
  view: UnitView,
): void {
  const effective = withoutAbsentMember(context, access);
  const decision = decideAccess(effective, caller);
  if (decision === 'role' || decision === 'organisation') refuse(decision, key, caller, view);
  c.set('actsForAnyone', actsForAnyone(effective, caller));
}

/** Authorises every request by the permission table; a route without an entry is refused. */
export function authoriseByTable(context: ApiContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const route = findMatchedRoute(c);
    if (route === undefined) return next();
    const key = formatRouteKey(route.method, route.path);
    const access = findAccess(route.method, route.path);
    if (access === undefined) throw new ApiError('FORBIDDEN', `${key} has no entry in the permission table`);
    if (access.kind === 'public') {
      c.set('seesDetail', seesDetail(access, await identifyOptional(context, c)));
      return next();
    }
    const bearer = readBearer(c.req.header('authorization'));
    // A session cookie stands for its user principal, through the same table as an API key.
    const sessionView = bearer === null ? await readSessionPrincipal(context, c) : null;
    if (sessionView !== null) {
      c.set('unit', sessionView);
      if (mustChangePassword(c) && !PASSWORD_CHANGE_ROUTES.has(key)) {
        throw new AccountsError(
          'PASSWORD_CHANGE_REQUIRED',
          `${key} waits until the one-time password is changed (POST /v1/me/password)`,
          { details: { route: key } },
        );
      }
      if (access.kind === 'admin') {
        throw new ApiError('FORBIDDEN', `${key} needs the admin token, not a logged-in user`);
      }
      admit(c, context, access, key, principalCaller(context, sessionView, true), sessionView);
      return next();
    }
    if (access.kind === 'session') {
      throw new AccountsError(
        'SESSION_REQUIRED',
        bearer === null
          ? `${key} is for logged-in users: log in first (POST /v1/session)`
          : `${key} is for logged-in users (the session cookie), not for a bearer token`,
      );
    }
    const token = requireBearer(c.req.header('authorization'));
    if (access.kind === 'admin') {
      if (context.units.looksLikeApiKey(token)) {
        // Known for the audit log: which principal tried an admin route.
        const view = await context.units.authenticateUnit(token).catch(() => null);
        if (view !== null) c.set('unit', view);
        throw new ApiError('FORBIDDEN', 'this endpoint needs the admin token, not a unit API key');
      }
      await context.units.authenticateAdmin(token);
      return next();
    }
    if (access.orAdmin === true && !context.units.looksLikeApiKey(token)) {
      await context.units.authenticateAdmin(token);
      return next();
    }
    const view = await context.units.authenticateUnit(token);
    c.set('unit', view);
    admit(c, context, access, key, principalCaller(context, view), view);
    return next();
  };
}

/** The routes of `app` (method and Hono path) that the permission table lacks: none, or the app is refused. */
export function listUnlistedRoutes(routes: readonly { method: string; path: string }[]): string[] {
  return [
    ...new Set(
      routes
        .filter((route) => route.method !== 'ALL')
        .filter((route) => findAccess(route.method, route.path) === undefined)
        .map((route) => formatRouteKey(route.method, route.path)),
    ),
  ];
}
