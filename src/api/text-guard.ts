import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './context.ts';
import { ApiError } from './errors.ts';
import { errorToProblem, problemToResponse } from './problem.ts';

// Text the API stores or searches must be what the client sent: invalid UTF-8 is refused rather
// than replaced with U+FFFD (WHATWG Encoding "fatal" decoding), and U+0000 is refused everywhere
// (PostgreSQL text cannot hold it, and no field of ours means it). One middleware covers the path,
// the query, the headers and every JSON body, whichever route reads it.

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

type TextPart = 'path' | 'query' | 'header' | 'body';

function badEncoding(part: TextPart): ApiError {
  return new ApiError('TEXT_ENCODING_INVALID', `the request ${part} is not valid UTF-8`, {
    details: { in: part },
  });
}

function nulRefused(part: TextPart, field?: string): ApiError {
  return new ApiError(
    'TEXT_NUL_REFUSED',
    `the request ${part}${field === undefined ? '' : ` (${field})`} contains a NUL character (U+0000)`,
    { details: { in: part, ...(field === undefined ? {} : { field }) } },
  );
}

// RFC 3986 percent-decoding as UTF-8; decodeURIComponent throws URIError on invalid UTF-8.
function decodeComponent(text: string, part: TextPart): string {
  try {
    return decodeURIComponent(part === 'query' ? text.replaceAll('+', ' ') : text);
  } catch {
    throw badEncoding(part);
  }
}

function checkUrl(rawUrl: string): void {
  const url = new URL(rawUrl);
  for (const segment of url.pathname.split('/')) {
    if (decodeComponent(segment, 'path').includes('\0')) throw nulRefused('path');
  }
  for (const pair of url.search.slice(1).split('&')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    const decodedName = decodeComponent(name, 'query');
    if (decodedName.includes('\0') || decodeComponent(value, 'query').includes('\0')) {
      throw nulRefused('query', decodedName.replaceAll('\0', ''));
    }
  }
}

function findNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    if (key.includes('\0')) return field.replaceAll('\0', '');
    const found = findNul(item, field);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Parses a JSON body strictly: invalid UTF-8 and NUL in any string or key are refused (422). */
export function parseStrictJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw badEncoding('body');
  }
  if (text.includes('\0')) throw nulRefused('body');
  const value: unknown = JSON.parse(text);
  // Escaped NULs only appear as \u0000 in the text; parsed values are walked only then.
  if (text.includes('\\u0000')) {
    const field = findNul(value, '');
    if (field !== undefined) throw nulRefused('body', field || undefined);
  }
  return value;
}

/**
 * Refuses with 422 (TEXT_ENCODING_INVALID, TEXT_NUL_REFUSED) a request whose path, query, header
 * values or JSON body hold invalid UTF-8 or NUL. The body is checked when a route reads it as
 * JSON, after the route's body limit; the refusal replaces the validator's generic 400.
 */
export function refuseMalformedText(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    checkUrl(c.req.url);
    for (const value of c.req.raw.headers.values()) if (value.includes('\0')) throw nulRefused('header');
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      await next();
      return;
    }
    let refusal: ApiError | undefined;
    const readJson = async (): Promise<unknown> => {
      try {
        return parseStrictJson(new Uint8Array(await c.req.arrayBuffer()));
      } catch (error) {
        if (error instanceof ApiError) refusal = error;
        throw error;
      }
    };
    Object.defineProperty(c.req, 'json', { value: readJson, configurable: true });
    await next();
    // hono's validator turns any failure of req.json() into a 400; the reason is answered instead.
    if (refusal !== undefined) {
      const closing = c.res.headers.get('connection') === 'close';
      // Unset first: assigning over a response would copy its headers into the new one.
      c.res = undefined;
      c.res = problemToResponse(errorToProblem(refusal));
      if (closing) c.res.headers.set('connection', 'close');
    }
  };
}
