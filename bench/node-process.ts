// A node under benchmark in a child process of its own (so that the load generator and the node
// do not share one event loop), and the plain HTTP client the benchmarks load it with.
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';
import { createInterface } from 'node:readline';

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One request through `agent`; a body goes as JSON unless `contentType` says otherwise. */
export function sendHttp(
  agent: Agent,
  url: URL,
  method: string,
  path: string,
  body?: string,
  token?: string,
  contentType = 'application/json',
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body !== undefined) {
      headers['content-type'] = contentType;
      headers['content-length'] = Buffer.byteLength(body);
    }
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const req = request({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs the script `childPath` with `options` as JSON in argv[2]; resolves once it prints its first
 * line, a JSON object with the node's URL and admin token.
 */
export async function startNodeProcess(
  childPath: string,
  options: object,
): Promise<{ child: ChildProcess; url: URL; adminToken: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childPath, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the bench node exited with ${code}`)));
  });
  const { url, adminToken } = JSON.parse(first) as { url: string; adminToken: string };
  return { child, url: new URL(url), adminToken };
}

/** SIGTERM, then waits for the exit. */
export async function stopNodeProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
