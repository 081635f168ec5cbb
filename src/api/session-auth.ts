import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AccountsError } from '../accounts/index.ts';
import type { ActiveSession } from '../services/index.ts';
import type { ApiContext, ApiEnv } from './context.ts';
import type { UnitView } from '../services/index.ts';

// The session cookie of the web portal and its CSRF rule. The cookie is HttpOnly, SameSite=Lax,
// Path=/, and Secure when the request came over HTTPS or the node's public base URL is https
// (RFC 6265bis §4.1.2). A cookie-authenticated request that is not GET/HEAD/OPTIONS must carry
// X-CSRF-Token equal to its session's token and, when it has an Origin, come from this origin.

export const SESSION_COOKIE = 'sealchain_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing: no CSRF token needed. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The client's address as the socket reports it (`unknown` behind an adapter that does not say). */
export function readClientAddress(c: Context<ApiEnv>): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

function isSecureRequest(context: ApiContext, c: Context<ApiEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || context.publicBaseUrl.startsWith('https:');
}

/** Throws CSRF_TOKEN_INVALID when the request has an Origin other than this node's. */
export function checkOrigin(context: ApiContext, c: Context<ApiEnv>): void {
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  const allowed = [new URL(c.req.url).origin, new URL(context.publicBaseUrl).origin];
  if (!allowed.includes(origin)) {
    throw new AccountsError(
      'CSRF_TOKEN_INVALID',
      `a request with the session cookie from origin ${origin.slice(0, 200)} is refused`,
      {
        details: { origin: origin.slice(0, 200) },
      },
    );
  }
}

/**
 * The user principal of the request's session cookie, or null when there is none or it is not
 * live; sets `session` on the context. Cookie-authenticated writes are checked for CSRF here.
 */
export async function readSessionPrincipal(
  context: ApiContext,
  c: Context<ApiEnv>,
): Promise<UnitView | null> {
  const sessionId = getCookie(c, SESSION_COOKIE);
  const accounts = context.accounts();
  if (sessionId === undefined || accounts === undefined) return null;
  const session = await accounts.sessions.findSession(sessionId);
  if (session === null) return null;
  if (!SAFE_METHODS.has(c.req.method)) {
    checkOrigin(context, c);
    accounts.sessions.verifyCsrfToken(session, c.req.header(CSRF_HEADER));
  }
  c.set('session', session);
  return {
    id: session.user.id,
    name: session.user.name,
    organisation: session.user.organisation,
    roles: session.user.roles,
    createdAt: '',
    revokedAt: null,
  };
}

/** Sets the session cookie for a new session. */
export function writeSessionCookie(
  context: ApiContext,
  c: Context<ApiEnv>,
  sessionId: string,
  maxAgeMs: number,
): void {
  setCookie(c, SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecureRequest(context, c),
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Expires the session cookie in the browser. */
export function clearSessionCookie(context: ApiContext, c: Context<ApiEnv>): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecureRequest(context, c),
  });
}

/** The session of a route that needs a logged-in user; SESSION_REQUIRED otherwise. */
export function requireSession(c: Context<ApiEnv>): ActiveSession {
  const session = c.get('session');
  if (session === undefined) {
    throw new AccountsError(
      'SESSION_REQUIRED',
      'log in first (POST /v1/session): this route is for user accounts',
    );
  }
  return session;
}
