import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import { listLocalOwnEntries } from './local-own-entries.ts';
import type { SequencerNode } from './node.ts';
import type { WitnessNode } from './witness-node.ts';

// The one port of a local consortium: each request goes to the node that answers it, chosen by
// its path; a few answers (the list of chains, readiness, metrics) are put together from all of
// them (and the caller's own entries over every chain). A path no rule claims goes to the home chain's node (the court's), which also answers
// for the consortium as a whole: units, verifications, statistics, alarms and the API document.

export type LocalTarget = { readonly chain: string } | { readonly witness: string };

export interface LocalRoute {
  readonly pattern: RegExp;
  /** The node that answers, from the pattern's match. */
  readonly target: (match: RegExpExecArray) => LocalTarget;
}

/** Which node answers which paths, first match first; a new resource of one chain adds one line. */
export const LOCAL_ROUTES: readonly LocalRoute[] = [
  { pattern: /^\/witness\/([^/]+)(?:\/|$)/, target: (m) => ({ witness: decodeURIComponent(m[1]!) }) },
  {
    pattern: /^\/(?:v1\/chains|log)\/([^/]+)(?:\/|$)/,
    target: (m) => ({ chain: decodeURIComponent(m[1]!) }),
  },
  { pattern: /^\/v1\/(?:works|licenses|reviews)(?:\/|$)/, target: () => ({ chain: 'works' }) },
  { pattern: /^\/v1\/me\/works(?:\/|$)/, target: () => ({ chain: 'works' }) },
  { pattern: /^\/verify\/([a-z][a-z0-9-]*)\/[0-9]/, target: (m) => ({ chain: m[1]! }) },
  { pattern: /^\/verify\/[^/]+$/, target: () => ({ chain: 'works' }) },
];

/** The node a path goes to by LOCAL_ROUTES, or undefined for the home chain's node. */
export function locateLocalTarget(path: string): LocalTarget | undefined {
  for (const rule of LOCAL_ROUTES) {
    const match = rule.pattern.exec(path);
    if (match !== null) return rule.target(match);
  }
  return undefined;
}

export interface LocalGatewayConfig {
  readonly homeChain: string;
  /** Filled in as the nodes open; a node not there yet answers 503. */
  readonly sequencers: ReadonlyMap<string, SequencerNode>;
  readonly witnesses: ReadonlyMap<string, WitnessNode>;
  /** True once every node is open: /readyz never answers ready while a node is still missing. */
  readonly isStarted: () => boolean;
}

function notReady(detail: string): Response {
  const problem = {
    type: 'urn:sealchain:problem:not-ready',
    title: 'Service Unavailable',
    status: 503,
    detail,
    code: 'NOT_READY',
  };
  return new Response(JSON.stringify(problem), {
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': '1', 'cache-control': 'no-store' },
  });
}

export function createLocalGateway(config: LocalGatewayConfig) {
  const processMetrics = new Registry();
  collectDefaultMetrics({ register: processMetrics, prefix: 'sealchain_process_' });

  const home = () => config.sequencers.get(config.homeChain);
  const route = (path: string): SequencerNode | WitnessNode | undefined => {
    const target = locateLocalTarget(path);
    if (target === undefined) return home();
    const node =
      'chain' in target ? config.sequencers.get(target.chain) : config.witnesses.get(target.witness);
    return node ?? home();
  };

  async function listChains(request: Request): Promise<Response> {
    const chains: unknown[] = [];
    const nodes = [...config.sequencers.values()].sort(
      (a, b) => Number(b.chain.name === config.homeChain) - Number(a.chain.name === config.homeChain),
    );
    for (const node of nodes) {
      const answer = await node.app.fetch(new Request(request.url, { headers: request.headers }));
      if (answer.status !== 200) return answer;
      chains.push(...((await answer.json()) as { chains: unknown[] }).chains);
    }
    return Response.json({ chains });
  }

  async function readiness(): Promise<Response> {
    if (!config.isStarted()) return notReady('the consortium is starting');
    for (const node of [...config.sequencers.values(), ...config.witnesses.values()]) {
      const answer = await node.app.fetch(new Request('http://local/readyz'));
      if (answer.status !== 200) return answer;
    }
    return Response.json({ status: 'ok' });
  }

  async function metrics(): Promise<Response> {
    const registries = [
      processMetrics,
      ...[...config.sequencers.values()].map((node) => node.context.metrics.registry),
      ...[...config.witnesses.values()].map((node) => node.metrics.registry),
    ];
    const aggregated = AggregatorRegistry.aggregate(
      await Promise.all(registries.map((r) => r.getMetricsAsJSON())),
    );
    return new Response(await aggregated.metrics(), {
      headers: { 'content-type': aggregated.contentType, 'cache-control': 'no-store' },
    });
  }

  return {
    /** `env` (the Node request, for the client's address) is passed on to the node that answers. */
    async fetch(request: Request, env?: unknown): Promise<Response> {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET') {
        if (path === '/v1/chains') return listChains(request);
        if (path === '/readyz') return readiness();
        if (path === '/metrics') return metrics();
        if (path === '/v1/me/entries') {
          return listLocalOwnEntries(request, config.sequencers, async (chain) => {
            const node = (chain === undefined ? undefined : config.sequencers.get(chain)) ?? home();
            return node === undefined ? notReady('the consortium is starting') : node.app.fetch(request, env);
          });
        }
      }
      const node = route(path);
      return node === undefined ? notReady('the consortium is starting') : node.app.fetch(request, env);
    },
  };
}
