import type { MiddlewareHandler } from 'hono';
import type { ApiContext, ApiEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { readClientAddress } from './session-auth.ts';

// Certificates are public and a PDF costs ~70 ms of CPU to render (issue 22): each client gets a
// token bucket of certificate requests. A client is the principal its credential names (API key
// or logged-in user), else the address the request came from; the admin token counts as its
// address. Every certificate request takes a token, served from the render cache or not.

/** The bucket key of the request's client: `principal:<name>` or `address:<ip>`. */
export function identifyRenderClient(c: Parameters<MiddlewareHandler<ApiEnv>>[0]): string {
  const principal = c.get('unit');
  return principal === undefined ? `address:${readClientAddress(c)}` : `principal:${principal.name}`;
}

/** Takes one token from the client's bucket; 429 CERTIFICATE_RATE_LIMITED with Retry-After when empty. */
export function limitCertificateRendering(context: ApiContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const taken = context.renderLimiter.take(identifyRenderClient(c), 1);
    if (!taken.ok) {
      const perMinute = context.options.certificateRendersPerMinute;
      throw new ApiError(
        'CERTIFICATE_RATE_LIMITED',
        `this client asked for more than ${perMinute} certificates a minute; retry later`,
        { details: { retryAfterMs: taken.retryAfterMs, certificateRendersPerMinute: perMinute } },
      );
    }
    await next();
  };
}
