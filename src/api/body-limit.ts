import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiEnv } from './context.ts';
import { ApiError } from './errors.ts';

/** Refuses bodies over `maxBytes` with BODY_TOO_LARGE (413), by Content-Length or while reading. */
export function limitBody(maxBytes: number): MiddlewareHandler<ApiEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ApiError('BODY_TOO_LARGE', `the request body may be at most ${maxBytes} bytes`, {
        details: { maxBytes },
      });
    },
  });
}
