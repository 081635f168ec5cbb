import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './context.ts';

// Headers that keep a browser from reinterpreting our answers: nosniff on every answer (WHATWG
// Fetch §3.5.4), and on HTML pages a Content Security Policy (CSP Level 3) that allows only our
// own scripts, inline styles and data: images (the QR code), forbids framing (frame-ancestors,
// which supersedes X-Frame-Options), plus a Referrer-Policy so a verify URL does not leak onward.

export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets nosniff and Referrer-Policy on every answer, and the CSP and X-Frame-Options on HTML. */
export function setSecurityHeaders(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    let headers = c.res.headers;
    try {
      headers.set('x-content-type-options', 'nosniff');
    } catch {
      // A response with immutable headers (one passed through from fetch) is copied first.
      c.res = new Response(c.res.body, c.res);
      headers = c.res.headers;
    }
    headers.set('x-content-type-options', 'nosniff');
    headers.set('referrer-policy', 'no-referrer');
    if (/^text\/html\b/i.test(headers.get('content-type') ?? '')) {
      headers.set('content-security-policy', HTML_CONTENT_SECURITY_POLICY);
      headers.set('x-frame-options', 'DENY');
    }
  };
}
