// An evidence node for tests: in this process on 127.0.0.1 with a free port, its embedded
// database copied from the PGlite template (initdb takes seconds), in a directory of its own.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEvidenceNode, type NodeOptions, type RunningNode } from '../src/node/index.ts';
import { createPgliteDir } from '../src/store/test-support/databases.ts';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, or undefined when it is not JSON; tests read it field by field. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestInit2 {
  method?: string;
  token?: string;
  json?: unknown;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

export interface TestNode {
  running: RunningNode;
  url: string;
  dataDir: string;
  trustPath: string;
  adminToken: string;
  /** Errors the node logged (500s); a test expecting none asserts it is empty. */
  loggedErrors: string[];
  request(path: string, init?: RequestInit2): Promise<Answer>;
  createUnit(name?: string): Promise<{ id: string; name: string; apiKey: string }>;
  /** A principal of `organisation` (added first when it is not a member) holding `roles`. */
  createPrincipal(
    roles: readonly string[],
    organisation: string,
    name?: string,
  ): Promise<{ id: string; name: string; apiKey: string }>;
  /** Entries sequenced so far (from the chain endpoint). */
  readSize(): Promise<number>;
  close(): Promise<void>;
}

/** A data directory whose embedded database is a copy of the initialised template. */
export async function createTestDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-node-'));
  mkdirSync(dataDir, { recursive: true });
  renameSync(await createPgliteDir(), join(dataDir, 'pglite'));
  return dataDir;
}

/** The request of `init` to `url` + `path`, through `send` (the global fetch, or an app's own). */
export async function sendRequest(
  url: string,
  path: string,
  init: RequestInit2 = {},
  send: (url: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<Answer> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | Uint8Array<ArrayBuffer> | undefined = init.body;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const method = init.method ?? (body === undefined ? 'GET' : 'POST');
  const request = () => send(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  let response: Response;
  try {
    response = await request();
  } catch (error) {
    // A keep-alive connection the server closed as idle just as the client reused it (a starved
    // client on a loaded machine) resets; a read is safe to send once more on a new connection.
    if (method !== 'GET' || !isConnectionReset(error)) throw error;
    response = await request();
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function isConnectionReset(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET';
}

/** A JSON POST whose body goes as the given chunks, with Transfer-Encoding: chunked and no Content-Length. */
export function sendChunked(
  url: string,
  path: string,
  token: string,
  chunks: readonly string[],
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const req = httpRequest({ host: hostname, port, path, method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
      );
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** A GET of exactly `rawPath`, bytes as written (fetch would normalise `..` and `%2e%2e`). */
export function sendRawGet(
  url: string,
  rawPath: string,
): Promise<{ status: number; contentType: string; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export async function startTestNode(options: Partial<NodeOptions> = {}): Promise<TestNode> {
  const dataDir = await createTestDataDir();
  const loggedErrors: string[] = [];
  const running = await startEvidenceNode({ dataDir, port: 0, ...options }, (message, error) =>
    loggedErrors.push(`${message}: ${error instanceof Error ? error.message : String(error)}`),
  );
  const adminToken = running.node.adminToken!;
  const node: TestNode = {
    running,
    url: running.url,
    dataDir,
    trustPath: join(dataDir, 'consortium.json'),
    adminToken,
    loggedErrors,
    request: (path, init) => sendRequest(running.url, path, init),
    async createUnit(name = `unit-${Math.random().toString(36).slice(2, 10)}`) {
      const answer = await node.request('/v1/units', { token: adminToken, json: { name } });
      if (answer.status !== 201) throw new Error(`unit creation answered ${answer.status}: ${answer.text}`);
      return answer.json;
    },
    async createPrincipal(
      roles,
      organisation,
      name = `principal-${Math.random().toString(36).slice(2, 10)}`,
    ) {
      return createPrincipalOn(node.request, adminToken, roles, organisation, name);
    },
    async readSize() {
      return (await node.request('/v1/chains/evidence')).json.size;
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return node;
}

/** Creates a principal through `request` with the admin token, adding its organisation if needed. */
export async function createPrincipalOn(
  request: (path: string, init?: RequestInit2) => Promise<Answer>,
  adminToken: string,
  roles: readonly string[],
  organisation: string,
  name: string,
): Promise<{ id: string; name: string; apiKey: string }> {
  const known = await request('/v1/organisations', { token: adminToken });
  if (!known.json.organisations.some((o: { name: string }) => o.name === organisation)) {
    const added = await request('/v1/organisations', { token: adminToken, json: { name: organisation } });
    if (added.status !== 201)
      throw new Error(`organisation creation answered ${added.status}: ${added.text}`);
  }
  const answer = await request('/v1/principals', { token: adminToken, json: { name, organisation, roles } });
  if (answer.status !== 201) throw new Error(`principal creation answered ${answer.status}: ${answer.text}`);
  return answer.json;
}

export function randomDigest(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return `sha256:${Buffer.from(bytes).toString('hex')}`;
}
