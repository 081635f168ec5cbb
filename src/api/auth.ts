import type { MiddlewareHandler } from 'hono';
import type { ApiContext, ApiEnv } from './context.ts';
import { ApiError } from './errors.ts';

const BEARER_PATTERN = /^Bearer ([!-~]{1,512})$/;

function readBearer(header: string | undefined): string {
  const match = header === undefined ? null : BEARER_PATTERN.exec(header);
  if (match === null) {
    throw new ApiError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <key>)');
  }
  return match[1]!;
}

/** Admits requests carrying an application unit's live API key; sets `unit`. */
export function requireUnit(context: ApiContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('unit', await context.units.authenticateUnit(readBearer(c.req.header('authorization'))));
    await next();
  };
}

/** Admits requests carrying the node's admin token. */
export function requireAdmin(context: ApiContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = readBearer(c.req.header('authorization'));
    if (context.units.looksLikeApiKey(token)) {
      throw new ApiError('FORBIDDEN', 'this endpoint needs the admin token, not a unit API key');
    }
    await context.units.authenticateAdmin(token);
    await next();
  };
}
