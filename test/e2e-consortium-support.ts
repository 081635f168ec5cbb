// A consortium deployed as in docs/deployment.md, for end-to-end tests: every role of every
// member in a child process of its own (`sealchain node --config FILE`), each with its own
// database (a PGlite directory copied from the template), talking HTTP on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initConsortium, writeConsortiumFile } from '../src/consortium/index.ts';
import { createPgliteDir } from '../src/store/test-support/databases.ts';
import type { TrustFile } from '../src/verify/index.ts';
import { randomDigest, sendRequest, type Answer, type RequestInit2 } from './api-node-support.ts';

export const BIN = fileURLToPath(new URL('../bin/sealchain.js', import.meta.url));

export type RoleName = 'evidence' | 'works' | 'witness-court' | 'witness-copyright-center' | 'witness-notary';

export const WITNESSES = ['court', 'copyright-center', 'notary'] as const;

/** Fast timings for tests: integration, polls and back-off in tens of milliseconds. */
export const FAST_SEQUENCER = {
  ledger: { integrationIntervalMs: 100 },
  consortiumOptions: {
    checkpointPollMs: 20,
    witnessTimeoutMs: 2_000,
    witnessRetries: 0,
    witnessRetryMs: 50,
    maxWitnessRetryMs: 200,
    anchorIntervalMs: 300,
    indexPollMs: 50,
    peerWaitMs: 5_000,
  },
};

export interface RunningRole {
  name: RoleName;
  child: ChildProcess;
  url: string;
  stdout: string;
  stderr: string;
  adminToken: string | null;
  /** The first operator's one-time password, when this start printed one. */
  operatorPassword: string | null;
}

export class Deployment {
  readonly dir: string;
  readonly trust: TrustFile;
  readonly trustPath: string;
  readonly ports: ReadonlyMap<RoleName, number>;
  readonly running = new Map<RoleName, RunningRole>();
  /** Every child process started and not yet exited, whatever became of its role. */
  readonly spawned = new Set<ChildProcess>();
  /** Everything each role printed, over all its runs. */
  readonly logs = new Map<RoleName, string>();

  private constructor(dir: string, trust: TrustFile, ports: ReadonlyMap<RoleName, number>) {
    this.dir = dir;
    this.trust = trust;
    this.trustPath = join(dir, 'consortium.json');
    this.ports = ports;
  }

  /**
   * A consortium file and keys (as consortium init writes them) and one config file per role. As
   * in docs/deployment.md, three organisations: the forensics centre of the local consortium is
   * left out, so each chain has two independent witnesses and is final at 1 of them.
   */
  static async create(
    overrides: Partial<Record<RoleName, Record<string, unknown>>> = {},
    roles: readonly RoleName[] = ['evidence', 'works', ...WITNESSES.map((w) => `witness-${w}` as RoleName)],
  ): Promise<Deployment> {
    const dir = mkdtempSync(join(tmpdir(), 'sealchain-deployment-'));
    const ports = new Map<RoleName, number>();
    for (const role of roles) ports.set(role, await findFreePort());
    const url = (role: RoleName) => `http://127.0.0.1:${ports.get(role) ?? 1}`;
    const { trust: created } = await initConsortium({ dataDir: dir });
    const organisations: readonly string[] = WITNESSES;
    const trust: TrustFile = {
      ...created,
      chains: created.chains.map((chain) => ({
        ...chain,
        sequencer: { ...chain.sequencer, url: `${url(chain.name as RoleName)}/log/${chain.name}` },
        witnesses: chain.witnesses
          .filter((w) => organisations.includes(w.name))
          .map((w) => ({
            ...w,
            url: `${url(`witness-${w.name}` as RoleName)}/witness/${w.name}`,
          })),
        quorum: 1,
      })),
      members: created.members.filter((m) => organisations.includes(m.name)),
    };
    await writeConsortiumFile(join(dir, 'consortium.json'), trust);
    const deployment = new Deployment(dir, trust, ports);
    for (const role of roles) {
      const dataDir = join(dir, 'nodes', role);
      mkdirSync(dataDir, { recursive: true });
      renameSync(await createPgliteDir(), join(dataDir, 'pglite'));
      const witness = role.startsWith('witness-') ? role.slice('witness-'.length) : undefined;
      const config = {
        role: witness === undefined ? 'sequencer' : 'witness',
        consortium: '../consortium.json',
        ...(witness === undefined ? { chain: role } : { member: witness }),
        key: witness === undefined ? `../keys/${role}.sequencer.key` : `../keys/${witness}.witness.key`,
        dataDir: `../nodes/${role}`,
        port: ports.get(role),
        shutdownGraceMs: 2_000,
        ...(witness === undefined ? FAST_SEQUENCER : {}),
        ...overrides[role],
      };
      mkdirSync(join(dir, 'config'), { recursive: true });
      writeFileSync(deployment.configPath(role), JSON.stringify(config, null, 2));
    }
    return deployment;
  }

  configPath(role: RoleName): string {
    return join(this.dir, 'config', `${role}.json`);
  }

  url(role: RoleName): string {
    return `http://127.0.0.1:${this.ports.get(role)}`;
  }

  /** Starts a role (with `env` over the test's environment) and resolves once it listens. */
  async start(role: RoleName, env: Readonly<Record<string, string>> = {}): Promise<RunningRole> {
    const child = spawn(process.execPath, [BIN, 'node', '--config', this.configPath(role)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: '', SEALCHAIN_OPERATOR_PASSWORD: '', ...env },
    });
    const running: RunningRole = {
      name: role,
      child,
      url: this.url(role),
      stdout: '',
      stderr: '',
      adminToken: null,
      operatorPassword: null,
    };
    const log = (chunk: Buffer) => this.logs.set(role, (this.logs.get(role) ?? '') + chunk.toString());
    child.stdout!.on('data', (chunk: Buffer) => {
      running.stdout += chunk.toString();
      log(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      running.stderr += chunk.toString();
      log(chunk);
    });
    this.running.set(role, running);
    this.spawned.add(child);
    child.once('exit', () => this.spawned.delete(child));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${role} did not start: ${running.stdout}${running.stderr}`)),
        60_000,
      );
      const check = () => {
        if (/listening on/.test(running.stdout)) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${role} exited ${code}: ${running.stdout}${running.stderr}`));
      });
    });
    running.adminToken = /admin token[^\n]*: (sca_\S+)/.exec(running.stdout)?.[1] ?? null;
    running.operatorPassword =
      /web login operator-1, one-time password[^\n]*: (\S+)/.exec(running.stdout)?.[1] ?? null;
    return running;
  }

  /** Stops a role with `signal` (SIGTERM: gracefully; SIGKILL: a crash) and waits for its exit. */
  async stop(role: RoleName, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const running = this.running.get(role);
    if (running === undefined) return null;
    this.running.delete(role);
    if (running.child.exitCode !== null || running.child.signalCode !== null) return running.child.exitCode;
    const exited = new Promise<number | null>((resolve) => running.child.once('exit', resolve));
    running.child.kill(signal);
    // A node that does not finish a graceful stop in 30 s is killed, so the test fails instead of
    // waiting for ever (the exit code is then null).
    const escalate = setTimeout(() => running.child.kill('SIGKILL'), 30_000);
    return exited.finally(() => clearTimeout(escalate));
  }

  request(role: RoleName, path: string, init?: RequestInit2): Promise<Answer> {
    return sendRequest(this.url(role), path, init);
  }

  /** An application unit on a sequencer, with its admin token from the first start. */
  async createUnit(role: 'evidence' | 'works', token: string, name = `unit-${role}`): Promise<string> {
    const answer = await this.request(role, '/v1/units', { token, json: { name } });
    if (answer.status !== 201) throw new Error(`unit creation answered ${answer.status}: ${answer.text}`);
    return answer.json.apiKey;
  }

  /** Deposits `count` random digests as one batch; resolves their indexes. */
  async deposit(role: 'evidence' | 'works', apiKey: string, count = 1): Promise<number[]> {
    const answer = await this.request(role, `/v1/chains/${role}/entries/batch`, {
      token: apiKey,
      json: { entries: Array.from({ length: count }, () => ({ digest: randomDigest() })) },
    });
    if (answer.status !== 201) throw new Error(`deposit answered ${answer.status}: ${answer.text}`);
    return answer.json.results.map((r: { index: number }) => r.index);
  }

  /** Stops every role still running and deletes the deployment's folder. */
  async dispose(): Promise<void> {
    await Promise.all([...this.running.keys()].map((role) => this.stop(role, 'SIGKILL')));
    // A child that a failed test left behind (a stop that never saw its exit, a start replaced by
    // another) would keep the test process alive for ever: every child ever spawned ends here.
    await Promise.all(
      [...this.spawned].map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return exited;
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// Ports for child nodes come from below Linux's ephemeral range (32768–60999): a port the kernel
// hands out for another test's listen(0) or outgoing connection can never be one of these, so a
// node restarted on its port (after kill -9) does not find it taken.
const FIXED_PORT_FIRST = 20_000;
const FIXED_PORT_COUNT = 12_000;

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// Test files run in parallel processes, and a port found free is only used when a child node
// starts, seconds later: two processes could pick the same one (seen in CI as EADDRINUSE). Each
// port handed out is reserved by a file named after it, created exclusively and holding the
// owner's pid; a reservation whose owner has exited is taken over.
const PORT_RESERVATIONS = join(tmpdir(), 'sealchain-test-ports');

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function reservePort(port: number): boolean {
  mkdirSync(PORT_RESERVATIONS, { recursive: true });
  const path = join(PORT_RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      let text: string;
      try {
        text = readFileSync(path, 'utf8').trim();
      } catch {
        return false;
      }
      // An empty file is another process between creating and writing its reservation.
      if (text === '') return false;
      const owner = Number(text);
      if (owner === process.pid || isProcessAlive(owner)) return false;
      rmSync(path, { force: true });
    }
  }
  return false;
}

/** A free loopback port below the ephemeral range, chosen at random and reserved for this process. */
export async function findFreePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIXED_PORT_FIRST + Math.floor(Math.random() * FIXED_PORT_COUNT);
    if (reservePort(port) && (await tryListen(port))) return port;
  }
  throw new Error('no free port found between 20000 and 32000 after 200 attempts');
}

/** Polls `read` until `accept` holds or `timeoutMs` passes; resolves the last value read. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || performance.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
