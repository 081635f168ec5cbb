import { cp, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_MEMBER_NAMES,
  initConsortium,
  loadConsortiumKeys,
  locateConsortiumFile,
  readConsortiumFile,
  relocateMembers,
  writeConsortiumFile,
  type WitnessOptions,
} from '../consortium/index.ts';
import { resolveCaptureOptions } from '../capture/index.ts';
import type { LedgerOptions } from '../ledger/index.ts';
import { createPgliteDirInChild } from '../store/index.ts';
import type { TrustFile } from '../verify/index.ts';
import { ApiError, type ApiOptions } from '../api/index.ts';
import { type ChainServiceOptions, forkReportToView, sortAlarms } from '../services/index.ts';
import { holdDataDir } from './data-lock.ts';
import { listenFetch } from './http-listen.ts';
import { createLocalGateway } from './local-gateway.ts';
import type { FirstOperator } from './first-operator.ts';
import { logToStderr, openSequencerNode, type SequencerNode } from './node.ts';
import { openWitnessNode, type WitnessNode } from './witness-node.ts';

// `sealchain start`: the local consortium of DESIGN.md in one process. The court sequences the
// evidence chain and the copyright centre the works chain; the court, the copyright centre, a
// notary office and a judicial forensics centre witness both, and each chain is final at 2 of its
// 3 independent witnesses (the sequencer's own does not count). Each is a node instance of its own
// with its own database (a PGlite directory under <data>/nodes, or a schema on a server), and they
// talk HTTP to each other over loopback through the one port that also serves the public API.

export interface LocalConsortiumOptions {
  /** Holds consortium.json, keys/ and nodes/<node>/. */
  dataDir: string;
  /** `postgres://…`: every node gets a schema of its own on this server instead of a PGlite directory. */
  databaseUrl: string | undefined;
  /** Prefix of the nodes' schema names on the server (e.g. one consortium per prefix). */
  schemaPrefix: string;
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  ledger: Partial<LedgerOptions>;
  api: Partial<ApiOptions>;
  consortium: Partial<ChainServiceOptions>;
  witness: Partial<WitnessOptions>;
  /** Witnesses that mirror the chains and recompute their roots before cosigning. */
  auditWitnesses: readonly string[];
  /** Longest wait for requests in flight at shutdown, in milliseconds. */
  shutdownGraceMs: number;
  /** The public base URL of verify links and QR codes; undefined: the URL the consortium listens on. */
  publicBaseUrl: string | undefined;
  /**
   * Private networks the capture browser may reach besides public addresses, as CIDR blocks
   * (`10.0.0.0/8`); none by default (--capture-allow-cidr, SEALCHAIN_CAPTURE_ALLOW_CIDRS).
   */
  captureAllowedNetworks: readonly string[];
  /**
   * The first operator's password (SEALCHAIN_OPERATOR_PASSWORD), used only at the start that
   * creates the account; undefined: a one-time password is made and returned once.
   */
  operatorPassword: string | undefined;
}

export const DEFAULT_LOCAL_CONSORTIUM_OPTIONS: Readonly<LocalConsortiumOptions> = Object.freeze({
  dataDir: 'data',
  databaseUrl: undefined,
  schemaPrefix: '',
  host: '127.0.0.1',
  port: 8080,
  ledger: Object.freeze({}),
  api: Object.freeze({}),
  consortium: Object.freeze({}),
  witness: Object.freeze({}),
  auditWitnesses: Object.freeze([]),
  shutdownGraceMs: 10_000,
  publicBaseUrl: undefined,
  captureAllowedNetworks: Object.freeze([]),
  operatorPassword: undefined,
});

export interface RunningConsortium {
  /** The public base URL. */
  url: string;
  trust: TrustFile;
  consortiumFile: string;
  /** The admin token, only at the first start. */
  adminToken: string | null;
  /** The first operator's one-time password (account FIRST_OPERATOR_NAME), only at the start that made it. */
  operatorPassword: string | null;
  sequencers: ReadonlyMap<string, SequencerNode>;
  witnesses: ReadonlyMap<string, WitnessNode>;
  close: () => Promise<void>;
}

/** The node directory and database schema of a member's node. */
export function locateLocalNode(dataDir: string, node: string) {
  return { dataDir: join(dataDir, 'nodes', node), schema: node.replaceAll('-', '_') };
}

function resolveOptions(options: Partial<LocalConsortiumOptions>): LocalConsortiumOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_LOCAL_CONSORTIUM_OPTIONS, key)) {
      throw new ApiError('NODE_OPTIONS_INVALID', `unknown consortium option "${key}"`, { details: { key } });
    }
  }
  return { ...DEFAULT_LOCAL_CONSORTIUM_OPTIONS, ...options };
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/**
 * Creates the embedded databases that are missing: one from scratch (initdb and migrations take
 * seconds, in a child process that takes initdb's memory with it), the others as copies of it.
 */
async function prepareLocalDatabases(dataDir: string, nodes: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const node of nodes) {
    // Owner-only from the start, as a node requires of its data directory (no warning at first start).
    await mkdir(locateLocalNode(dataDir, node).dataDir, { recursive: true, mode: 0o700 });
    const pgliteDir = join(locateLocalNode(dataDir, node).dataDir, 'pglite');
    if (!(await exists(join(pgliteDir, 'PG_VERSION')))) missing.push(pgliteDir);
  }
  const [first, ...rest] = missing;
  if (first === undefined) return;
  await createPgliteDirInChild(first);
  for (const target of rest) await cp(first, target, { recursive: true, errorOnExist: true, force: false });
}

/** The consortium file under dataDir (created at first start), with every member at `baseUrl`. */
async function prepareConsortiumFile(dataDir: string, baseUrl: string): Promise<TrustFile> {
  const path = locateConsortiumFile(dataDir);
  if (!(await exists(path))) {
    const members = Object.fromEntries(DEFAULT_MEMBER_NAMES.map((member) => [member, baseUrl]));
    return (await initConsortium({ dataDir, memberUrls: members })).trust;
  }
  const trust = await readConsortiumFile(path);
  if (trust.chains.every((chain) => chain.witnesses.length === 0)) {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      `${dataDir} holds a single evidence node of an earlier sealchain (a consortium file without witnesses); move it aside or start with --data <another directory>`,
      { details: { dataDir } },
    );
  }
  const relocated = relocateMembers(trust, () => baseUrl);
  if (JSON.stringify(relocated) !== JSON.stringify(trust)) await writeConsortiumFile(path, relocated);
  return relocated;
}

/** Starts every node of the local consortium behind one HTTP server. */
export async function startLocalConsortium(
  options: Partial<LocalConsortiumOptions> = {},
  logError: (message: string, error: unknown) => void = logToStderr,
  logLine?: (line: string) => void,
): Promise<RunningConsortium> {
  const resolved = resolveOptions(options);
  const allowedNetworks = resolveCaptureOptions({
    allowedNetworks: [...resolved.captureAllowedNetworks],
  }).allowedNetworks;
  let gateway: ReturnType<typeof createLocalGateway> | undefined;
  const witnesses = new Map<string, WitnessNode>();
  const sequencers = new Map<string, SequencerNode>();
  let started = false;
  const listening = await listenFetch(
    (request, env) =>
      gateway === undefined ? Promise.resolve(notReadyResponse()) : gateway.fetch(request, env),
    resolved.port,
    resolved.host,
  );
  const baseUrl = listening.localUrl;
  const closeAll = async () => {
    for (const node of sequencers.values()) await node.close();
    for (const node of witnesses.values()) await node.close();
  };
  try {
    const publicUrl = listening.unspecifiedHost ? baseUrl : listening.url;
    const trust = await prepareConsortiumFile(resolved.dataDir, publicUrl);
    const publicBaseUrl = resolved.publicBaseUrl ?? publicUrl;
    const keys = await loadConsortiumKeys(resolved.dataDir, trust);
    const homeChain = trust.chains[0]!.name;
    if (resolved.databaseUrl === undefined) {
      const nodes = [
        ...[...keys.witnesses.keys()].map((member) => `witness-${member}`),
        ...keys.sequencers.keys(),
      ];
      await prepareLocalDatabases(resolved.dataDir, nodes);
    }
    gateway = createLocalGateway({ homeChain, sequencers, witnesses, isStarted: () => started });
    const database = (node: string) => {
      const located = locateLocalNode(resolved.dataDir, node);
      return {
        dataDir: located.dataDir,
        databaseUrl: resolved.databaseUrl,
        databaseSchema:
          resolved.databaseUrl === undefined ? 'public' : `${resolved.schemaPrefix}${located.schema}`,
      };
    };
    const chainUrls = new Map(trust.chains.map((chain) => [chain.name, baseUrl]));
    const logUrls = new Map(trust.chains.map((chain) => [chain.name, `${baseUrl}/log/${chain.name}`]));
    const witnessUrls = new Map(
      [...keys.witnesses.keys()].map((name) => [name, `${baseUrl}/witness/${name}`]),
    );
    for (const [member, signer] of keys.witnesses) {
      const where = database(`witness-${member}`);
      const node = await holdDataDir(where.dataDir, () =>
        openWitnessNode({
          ...where,
          trust,
          member,
          signer,
          audit: resolved.auditWitnesses.includes(member),
          logUrls,
          options: resolved.witness,
          metrics: { node: `witness-${member}`, processMetrics: false },
          logError,
          ...(logLine === undefined ? {} : { logLine }),
        }),
      );
      node.setReady(true);
      witnesses.set(member, node);
    }
    const order = [
      ...trust.chains.map((chain) => chain.name).filter((name) => name !== homeChain),
      homeChain,
    ];
    for (const chainName of order) {
      const signer = keys.sequencers.get(chainName);
      if (signer === undefined) {
        throw new ApiError(
          'NODE_OPTIONS_INVALID',
          `the sequencer key of chain ${chainName} is missing under ${resolved.dataDir}/keys`,
        );
      }
      const where = database(chainName);
      const isHome = chainName === homeChain;
      const node = await holdDataDir(where.dataDir, () =>
        openSequencerNode({
          ...where,
          trust,
          chainName,
          signer,
          serviceKeys: keys.services,
          witnessUrls,
          peerUrls: chainUrls,
          ledger: resolved.ledger,
          api: resolved.api,
          consortium: resolved.consortium,
          publicBaseUrl,
          capture: { service: { captureDefaults: { allowedNetworks } } },
          unitMirrors: isHome ? [...sequencers.values()].map((other) => other.unitStorage) : [],
          makeAdminToken: isHome,
          // Users log in on the home node; the other chains' nodes find sessions there.
          ...(isHome
            ? { firstOperator: firstOperatorOf(trust, resolved.operatorPassword) }
            : { accounts: () => sequencers.get(homeChain)?.context.accounts() }),
          metrics: { node: chainName, processMetrics: false },
          listOtherAlarms: isHome ? () => listOtherAlarms(witnesses, sequencers, homeChain) : async () => [],
          logError,
          ...(logLine === undefined ? {} : { logLine }),
        }),
      );
      node.setReady(true);
      sequencers.set(chainName, node);
    }
    started = true;
    let closing: Promise<void> | undefined;
    return {
      url: listening.url,
      trust,
      consortiumFile: locateConsortiumFile(resolved.dataDir),
      adminToken: sequencers.get(homeChain)!.adminToken,
      operatorPassword: sequencers.get(homeChain)!.operatorPassword,
      sequencers,
      witnesses,
      close: () => {
        closing ??= (async () => {
          for (const node of [...sequencers.values(), ...witnesses.values()]) node.setReady(false);
          for (const node of sequencers.values()) node.chain.watcher.close();
          await listening.stop(resolved.shutdownGraceMs);
          await closeAll();
        })();
        return closing;
      },
    };
  } catch (error) {
    await listening.stop(0);
    await closeAll().catch(() => undefined);
    throw error;
  }
}

/** The first operator belongs to the court, or to the first member when there is no court. */
function firstOperatorOf(trust: TrustFile, password: string | undefined): FirstOperator {
  const member = trust.members.find((m) => m.role === 'court') ?? trust.members[0];
  return { organisation: member?.name ?? null, ...(password === undefined ? {} : { password }) };
}

async function listOtherAlarms(
  witnesses: ReadonlyMap<string, WitnessNode>,
  sequencers: ReadonlyMap<string, SequencerNode>,
  homeChain: string,
) {
  const witnessAlarms = await Promise.all([...witnesses.values()].map((node) => node.listAlarms()));
  const reports = await Promise.all(
    [...sequencers.values()]
      .filter((node) => node.chain.name !== homeChain)
      .map(async (node) =>
        (await node.chain.finalityStorage.listForkReports(node.chain.origin)).map((r) =>
          forkReportToView(node.chain.name, r),
        ),
      ),
  );
  return sortAlarms([...witnessAlarms.flat(), ...reports.flat()]);
}

function notReadyResponse(): Response {
  return new Response(
    JSON.stringify({
      type: 'urn:sealchain:problem:not-ready',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the consortium is starting',
      code: 'NOT_READY',
    }),
    { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '1' } },
  );
}
