import { CliError } from './errors.ts';

// The few HTTP calls the commands make, with problem answers turned into CliError carrying the
// server's code, status and Retry-After.

export interface ServerAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
  retryAfterSeconds: number | undefined;
}

export interface RequestOptions {
  method?: string;
  token?: string | undefined;
  json?: unknown;
  headers?: Record<string, string>;
  /** Statuses answered without throwing besides 2xx (e.g. 202). */
  signal?: AbortSignal;
}

function readRetryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  return value !== null && /^[0-9]{1,6}$/.test(value) ? Number(value) : undefined;
}

/** Sends a request and returns the parsed JSON answer of a 2xx status; throws CliError otherwise. */
export async function requestJson<T>(
  server: string,
  path: string,
  options: RequestOptions = {},
): Promise<ServerAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  const url = new URL(path, server);
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (cause) {
    throw new CliError('SERVER_UNREACHABLE', `cannot reach ${url.origin}: ${describeCause(cause)}`, {
      cause,
    });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch (cause) {
    throw new CliError('SERVER_ANSWER_INVALID', `${url.origin} answered ${response.status} without JSON`, {
      cause,
    });
  }
  const retryAfterSeconds = readRetryAfter(response);
  if (!response.ok) {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as {
      code?: unknown;
      detail?: unknown;
    };
    const code = typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`;
    const detail = typeof problem.detail === 'string' ? problem.detail : response.statusText;
    throw new CliError('SERVER_REFUSED', `the server refused: ${detail} (${code})`, {
      details: { status: response.status, code, retryAfterSeconds },
    });
  }
  return { status: response.status, body: body as T, headers: response.headers, retryAfterSeconds };
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? inner.message : cause.message;
  }
  return String(cause);
}

/** The server's URL from --server, SEALCHAIN_SERVER, or the default local node. */
export function resolveServer(option: string | boolean | undefined, env: NodeJS.ProcessEnv): string {
  const server = typeof option === 'string' ? option : (env['SEALCHAIN_SERVER'] ?? 'http://127.0.0.1:8080');
  if (!/^https?:\/\/[^\s/]+/.test(server)) {
    throw new CliError(
      'USAGE_INVALID',
      `the server must be an http:// or https:// URL, not ${JSON.stringify(server)}`,
    );
  }
  return server;
}
