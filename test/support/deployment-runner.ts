// Runs the steps of docs/deployment.md (parseDeploymentDoc) for its three organisations and a
// unit on this machine: each organisation's file system under a folder of its own standing in
// for `/`, its nginx as the routes of its site file (startNginxRoutes), its systemd units as child
// processes started from the unit file's ExecStart and EnvironmentFile, and its PostgreSQL
// database as schemas of their own in the test server's database. The `sealchain` commands run
// as written (paths, host URLs, ports and pasted secrets mapped); the commands that install or
// administer the machine (apt-get, useradd, createdb…) are recorded as skipped.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, findFreePort } from '../e2e-consortium-support.ts';
import type { DeploymentStep, ShellCommand } from './deployment-doc.ts';
import { startNginxRoutes } from './nginx-routes.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ORGANISATIONS = ['court', 'copyright-center', 'notary'] as const;
const HOSTS: Readonly<Record<string, string>> = {
  'court.example.cn': 'court',
  'copyright.example.cn': 'copyright-center',
  'notary.example.cn': 'notary',
};
/** Commands a machine's administrator runs that this test does not: installation, users, PostgreSQL roles. */
const SKIPPED = new Set([
  'npm',
  'apt-get',
  'curl',
  'grep',
  'tar',
  'node',
  'cd',
  'useradd',
  'nginx',
  'createuser',
  'createdb',
]);
const COMMAND_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;

export interface CommandRun {
  party: string;
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface NodeProcess {
  instance: string;
  child: ChildProcess;
  output: string;
  /** The port the node listens on, for its own /readyz, /metrics and /v1/alarms. */
  port: number;
}

interface Party {
  name: string;
  /** Stands in for `/`; relative paths are taken from `cwd`. */
  root: string;
  cwd: string;
  env: Record<string, string>;
  /** The documented local ports (8081, 8082) to free ones. */
  ports: Map<number, number>;
  proxy?: Awaited<ReturnType<typeof startNginxRoutes>>;
  nodes: Map<string, NodeProcess>;
  adminToken?: string;
}

export interface DeploymentRunOptions {
  /** A folder of its own for the whole run. */
  dir: string;
  databaseUrl: string;
  /** Prefix of every schema the run creates, unique to the run. */
  schemaPrefix: string;
}

export class DeploymentRun {
  readonly parties = new Map<string, Party>();
  readonly commands: CommandRun[] = [];
  /** The commands skipped, by their first word. */
  readonly skipped = new Set<string>();
  /** The schemas the nodes were configured with, to drop afterwards. */
  readonly schemas = new Set<string>();
  /** The API key of the last `unit add` against each server URL, as the document writes it. */
  readonly apiKeys = new Map<string, string>();
  readonly #options: DeploymentRunOptions;
  /** `sealchain` commands still running (when another party's command failed). */
  readonly #commandChildren = new Set<ChildProcess>();

  private constructor(options: DeploymentRunOptions) {
    this.#options = options;
  }

  static async create(options: DeploymentRunOptions): Promise<DeploymentRun> {
    const run = new DeploymentRun(options);
    for (const name of [...ORGANISATIONS, 'unit']) {
      const root = join(options.dir, name);
      const cwd = name === 'unit' ? root : join(root, 'root');
      mkdirSync(cwd, { recursive: true });
      const party: Party = { name, root, cwd, env: {}, ports: new Map(), nodes: new Map() };
      if (name !== 'unit') {
        for (const port of [8081, 8082]) party.ports.set(port, await findFreePort());
        party.proxy = await startNginxRoutes((port) => {
          const mapped = party.ports.get(port);
          if (mapped === undefined)
            throw new Error(`${name}: nginx proxies to port ${port}, which no process has`);
          return mapped;
        });
      }
      run.parties.set(name, party);
    }
    return run;
  }

  party(name: string): Party {
    const party = this.parties.get(name);
    if (party === undefined) throw new Error(`the document names an unknown party ${name}`);
    return party;
  }

  /** The base URL standing in for an organisation's public HTTPS host. */
  publicUrl(organisation: string): string {
    return `http://127.0.0.1:${this.party(organisation).proxy!.port}`;
  }

  /**
   * Runs the steps in order. Consecutive blocks of different parties run at once, as the
   * organisations follow the guide each on its own machine; a copy between them waits for both.
   */
  async runSteps(steps: readonly DeploymentStep[]): Promise<void> {
    let batch: { party: Party; commands: readonly ShellCommand[] }[] = [];
    const flush = async () => {
      const running = batch;
      batch = [];
      await Promise.all(
        running.map(async ({ party, commands }) => {
          for (const command of commands) await this.runCommand(party, command);
        }),
      );
    };
    for (const step of steps) {
      if (step.kind === 'file') continue;
      if (step.kind === 'copy') {
        await flush();
        const from = this.mapPath(this.party(step.from.party), step.from.path);
        const to = this.mapPath(this.party(step.to.party), step.to.path);
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(from, to);
        continue;
      }
      const parties = (step.party === 'all' ? ORGANISATIONS : [step.party]).map((name) => this.party(name));
      if (parties.some((party) => batch.some((b) => b.party === party))) await flush();
      for (const party of parties) batch.push({ party, commands: step.commands });
    }
    await flush();
  }

  mapPath(party: Party, path: string): string {
    if (path.startsWith('/opt/sealchain/')) return join(REPO_ROOT, path.slice('/opt/sealchain/'.length));
    if (path === '/usr/local/bin/node') return process.execPath;
    return path.startsWith('/') ? join(party.root, path) : resolve(party.cwd, path);
  }

  #mapUrls(text: string): string {
    return text.replace(/https:\/\/([a-z.-]+\.example\.cn)/g, (whole, host: string) =>
      HOSTS[host] === undefined ? whole : this.publicUrl(HOSTS[host]),
    );
  }

  /** Replaces what an operator pastes: the admin token and API key printed by earlier commands. */
  #pasteSecrets(party: Party, word: string, env: Record<string, string>): string {
    if (word.includes('sca_…')) {
      if (party.adminToken === undefined) throw new Error(`${party.name}: no admin token was made yet`);
      return word.replace('sca_…', party.adminToken);
    }
    if (word.includes('sc_…')) {
      const server = env['SEALCHAIN_SERVER'] ?? '';
      const key = this.apiKeys.get(server);
      if (key === undefined) throw new Error(`${party.name}: no API key was made on ${server} yet`);
      return word.replace('sc_…', key);
    }
    return word;
  }

  async runCommand(party: Party, command: ShellCommand): Promise<void> {
    let rest = command.words;
    while (rest.length > 0) {
      const end = rest.indexOf('&&');
      await this.#runSimple(party, end < 0 ? rest : rest.slice(0, end), command);
      rest = end < 0 ? [] : rest.slice(end + 1);
    }
  }

  async #runSimple(party: Party, input: readonly string[], command: ShellCommand): Promise<void> {
    let words = [...input];
    if (words[0] === 'sudo' && words[1] === '-u') {
      if (words[2] !== 'sealchain') {
        this.skipped.add(words[3] ?? 'sudo');
        return;
      }
      words = words.slice(3);
    }
    const assignments: Record<string, string> = {};
    while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
      const [name, ...value] = words.shift()!.split('=');
      assignments[name!] = value.join('=');
    }
    const [program, ...args] = words;
    if (program === undefined) {
      Object.assign(party.env, assignments);
      return;
    }
    if (SKIPPED.has(program)) {
      this.skipped.add(program);
      return;
    }
    switch (program) {
      case 'sealchain':
        return this.#runSealchain(party, args, { ...party.env, ...assignments });
      case 'export':
        for (const word of args) {
          const [name, ...value] = word.split('=');
          party.env[name!] = value.join('=');
        }
        return;
      case 'install':
        return this.#install(party, args);
      case 'cp': {
        const to = this.mapPath(party, args[1]!);
        const target = existsSync(to) && statSync(to).isDirectory() ? join(to, basename(args[0]!)) : to;
        copyFileSync(this.mapPath(party, args[0]!), target);
        return;
      }
      case 'ln': {
        if (args[0] !== '-s') throw new Error(`only ln -s is known: ${command.text}`);
        const link = this.mapPath(party, args[2]!);
        const at = args[2]!.endsWith('/') ? join(link, basename(args[1]!)) : link;
        mkdirSync(dirname(at), { recursive: true });
        symlinkSync(this.mapPath(party, args[1]!), at);
        return;
      }
      case 'echo': {
        const operator = args.findIndex((w) => w === '>' || w === '>>');
        const text = `${args.slice(0, operator).join(' ')}\n`;
        const path = this.mapPath(party, args[operator + 1]!);
        if (args[operator] === '>') writeFileSync(path, text);
        else appendFileSync(path, text);
        return;
      }
      case 'cat':
        if (command.heredoc === undefined || args[0] !== '>')
          throw new Error(`only cat > FILE <<EOF is known: ${command.text}`);
        return this.#writeFile(party, args[1]!, command.heredoc);
      case 'systemctl':
        return this.#systemctl(party, args);
      default:
        throw new Error(`the deployment test does not know how to run: ${command.text}`);
    }
  }

  #install(party: Party, args: readonly string[]): void {
    let mode: number | undefined;
    let directories = false;
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-d') directories = true;
      else if (args[i] === '-m') mode = parseInt(args[++i]!, 8);
      else if (args[i] === '-o' || args[i] === '-g') i++;
      else operands.push(args[i]!);
    }
    if (directories) {
      for (const dir of operands) {
        mkdirSync(this.mapPath(party, dir), { recursive: true });
        if (mode !== undefined) chmodSync(this.mapPath(party, dir), mode);
      }
      return;
    }
    const [source, destination] = operands;
    let to = this.mapPath(party, destination!);
    if (destination!.endsWith('/')) {
      mkdirSync(to, { recursive: true });
      to = join(to, basename(source!));
    }
    if (source === '/dev/null') writeFileSync(to, '');
    else copyFileSync(this.mapPath(party, source!), to);
    if (mode !== undefined) chmodSync(to, mode);
  }

  /** A configuration file gets this machine's paths, free ports and schemas of the run's own. */
  #writeFile(party: Party, path: string, text: string): void {
    const target = this.mapPath(party, path);
    mkdirSync(dirname(target), { recursive: true });
    if (!path.startsWith('/etc/sealchain/') || !path.endsWith('.json')) {
      writeFileSync(target, text);
      return;
    }
    const config = JSON.parse(text) as Record<string, unknown>;
    for (const field of ['consortium', 'key', 'dataDir']) {
      if (typeof config[field] === 'string') config[field] = this.mapPath(party, config[field] as string);
    }
    const port = party.ports.get(config['port'] as number);
    if (port === undefined)
      throw new Error(`${path}: port ${String(config['port'])} is not one of the guide's`);
    config['port'] = port;
    const schema = `${this.#options.schemaPrefix}_${party.name.replace(/-/g, '_')}_${String(config['databaseSchema'])}`;
    config['databaseSchema'] = schema;
    this.schemas.add(schema);
    writeFileSync(target, JSON.stringify(config, null, 2));
  }

  async #systemctl(party: Party, args: readonly string[]): Promise<void> {
    const [action, ...units] = args;
    if (action === 'daemon-reload') return;
    if (action === 'reload' && units[0] === 'nginx') {
      const enabled = this.mapPath(party, '/etc/nginx/sites-enabled');
      party.proxy!.use(readdirSync(enabled).map((name) => readFileSync(join(enabled, name), 'utf8')));
      return;
    }
    if (action === 'enable' && units[0] === '--now') {
      await Promise.all(units.slice(1).map((unit) => this.#startUnit(party, unit)));
      return;
    }
    throw new Error(`the deployment test does not know systemctl ${args.join(' ')}`);
  }

  /** Starts a template unit's instance as its unit file says, and resolves once it listens. */
  async #startUnit(party: Party, unit: string): Promise<void> {
    const match = /^([a-z-]+)@([a-z-]+)$/.exec(unit);
    if (match === null) throw new Error(`not a template instance: ${unit}`);
    const instance = match[2]!;
    const unitFile = readFileSync(this.mapPath(party, `/etc/systemd/system/${match[1]}@.service`), 'utf8');
    const directive = (name: string) =>
      /^(\S+)=(.*)$/m
        .exec(unitFile.split('\n').find((line) => line.startsWith(`${name}=`)) ?? '')?.[2]
        ?.replaceAll('%i', instance);
    const env: Record<string, string> = {};
    for (const line of readFileSync(this.mapPath(party, directive('EnvironmentFile')!), 'utf8').split('\n')) {
      const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
      if (assignment !== null) env[assignment[1]!] = assignment[2]!;
    }
    // The organisation's database is the test server's, its schemas the run's own.
    env['DATABASE_URL'] = this.#options.databaseUrl;
    const stateDir = this.mapPath(party, `/var/lib/${directive('StateDirectory')!}`);
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const [program, ...args] = directive('ExecStart')!
      .split(' ')
      .map((word) => (word.startsWith('/') ? this.mapPath(party, word) : word));
    const config = JSON.parse(
      readFileSync(this.mapPath(party, `/etc/sealchain/${instance}.json`), 'utf8'),
    ) as { port: number };
    const child = spawn(program!, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    const node: NodeProcess = { instance, child, output: '', port: config.port };
    party.nodes.set(instance, node);
    await new Promise<void>((resolveStart, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${party.name} ${unit} did not start: ${node.output}`)),
        START_TIMEOUT_MS,
      );
      const read = (chunk: Buffer) => {
        node.output += chunk.toString();
        if (/listening on/.test(node.output)) {
          clearTimeout(timer);
          resolveStart();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${party.name} ${unit} exited ${code}: ${node.output}`));
      });
    });
  }

  async #runSealchain(party: Party, input: readonly string[], env: Record<string, string>): Promise<void> {
    const args = input.map((word) => {
      const pasted = this.#pasteSecrets(party, word, env);
      return pasted.startsWith('/') ? this.mapPath(party, pasted) : this.#mapUrls(pasted);
    });
    const childEnv: Record<string, string> = { PATH: process.env['PATH'] ?? '', DATABASE_URL: '' };
    for (const [name, value] of Object.entries(env))
      childEnv[name] = this.#mapUrls(this.#pasteSecrets(party, value, env));
    const run: CommandRun = { party: party.name, args, status: null, stdout: '', stderr: '' };
    this.commands.push(run);
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: party.cwd,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    this.#commandChildren.add(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    run.status = await new Promise<number | null>((resolveExit) => child.once('close', resolveExit));
    clearTimeout(timer);
    this.#commandChildren.delete(child);
    if (run.status !== 0) {
      throw new Error(
        `${party.name}: sealchain ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`,
      );
    }
    const token = /admin token[^:\n]*: (sca_\S+)/.exec(run.stdout)?.[1];
    if (token !== undefined) party.adminToken = token;
    const apiKey = /API key[^:\n]*: (sc_\S+)/.exec(run.stdout)?.[1];
    if (apiKey !== undefined) this.apiKeys.set(env['SEALCHAIN_SERVER'] ?? '', apiKey);
  }

  /** Stops every node (SIGTERM, as systemd does), every proxy, and any command still running. */
  async close(): Promise<void> {
    for (const child of this.#commandChildren) child.kill('SIGKILL');
    const stopping: Promise<unknown>[] = [];
    for (const party of this.parties.values()) {
      for (const node of party.nodes.values()) {
        if (node.child.exitCode !== null || node.child.signalCode !== null) continue;
        stopping.push(new Promise((resolveExit) => node.child.once('exit', resolveExit)));
        node.child.kill('SIGTERM');
      }
      if (party.proxy !== undefined) stopping.push(party.proxy.close());
    }
    await Promise.all(stopping);
  }
}
