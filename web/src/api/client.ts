// The portal's one way to the API: same-origin fetch with the session cookie, the CSRF token on
// every write (the server refuses a cookie-authenticated write without it), and RFC 9457 problem
// answers turned into ApiProblem so pages can show the server's code and message.

export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly details: unknown;

  constructor(status: number, code: string, detail: string, details?: unknown) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.details = details;
  }
}

let csrfToken: string | null = null;

/** Set by the session provider after log-in or after reading the session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function readCsrfToken(): string | null {
  return csrfToken;
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A JSON body, sent as application/json. */
  json?: unknown;
  /** A raw body (FormData, Blob) sent as is. */
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function readProblem(response: Response): Promise<ApiProblem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = (await response.json()) as {
        code?: unknown;
        detail?: unknown;
        title?: unknown;
        details?: unknown;
      };
      const code = typeof problem.code === 'string' ? problem.code : `HTTP_${response.status}`;
      const detail =
        typeof problem.detail === 'string'
          ? problem.detail
          : typeof problem.title === 'string'
            ? problem.title
            : response.statusText;
      return new ApiProblem(response.status, code, detail, problem.details);
    } catch {
      // fall through: a JSON content type with a broken body
    }
  }
  return new ApiProblem(response.status, `HTTP_${response.status}`, response.statusText || 'request failed');
}

/** Sends a request to the API and answers the raw response; non-2xx answers throw ApiProblem. */
export async function sendApiRequest(path: string, request: ApiRequest = {}): Promise<Response> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body = request.body;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = body;
  if (request.signal !== undefined) init.signal = request.signal;
  const response = await fetch(path, init);
  if (!response.ok) throw await readProblem(response);
  return response;
}

/** Sends a request and parses the JSON answer as T. */
export async function fetchJson<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const response = await sendApiRequest(path, request);
  return (await response.json()) as T;
}
