import { Hono } from 'hono';
import { listWitnessedLogs, Witness, type WitnessOptions } from '../consortium/index.ts';
import { toVerifierKey, type SignerKey } from '../crypto/index.ts';
import { openDatabase, SqlWitnessStorage, type SqlClient } from '../store/index.ts';
import type { TrustFile } from '../verify/index.ts';
import { join } from 'node:path';
import { createWitnessRoutes, PROBLEM_MEDIA_TYPE } from '../api/index.ts';
import {
  type AlarmView,
  NodeMetrics,
  type NodeMetricsOptions,
  sortAlarms,
  witnessAlarmToView,
} from '../services/index.ts';
import { logToStderr, readProcessLog } from './node-log.ts';

// A witness node (C2SP tlog-witness): one consortium member's cosignature key over every chain of
// the consortium file that lists it, its state in a database of its own, the add-checkpoint
// endpoint at /witness/<member>/, its alarms, health and metrics. In audit mode it mirrors each
// chain through the chain's tlog-tiles URL and recomputes the root before it cosigns.

export interface WitnessNodeConfig {
  /** Directory of the embedded database (the caller holds its lock). */
  dataDir: string;
  databaseUrl: string | undefined;
  databaseSchema: string;
  trust: TrustFile;
  /** The witness's name in the consortium file. */
  member: string;
  /** The witness's cosignature/v1 key (it must be the key the consortium file names). */
  signer: SignerKey;
  /** Mirror each chain and recompute its root before cosigning. */
  audit: boolean;
  /** tlog-tiles URLs of the chains by chain name, over the sequencer URLs of the consortium file. */
  logUrls?: ReadonlyMap<string, string>;
  options?: Partial<WitnessOptions>;
  metrics?: NodeMetricsOptions;
  logError?: (message: string, error: unknown) => void;
  /** Where alarms are written, one line each. */
  logLine?: (line: string) => void;
}

export interface WitnessNode {
  member: string;
  app: Hono;
  witness: Witness;
  metrics: NodeMetrics;
  /** This witness's alarms, newest first. */
  listAlarms: () => Promise<AlarmView[]>;
  setReady: (ready: boolean) => void;
  close: () => Promise<void>;
}

function notReady(): Response {
  const problem = {
    type: 'urn:sealchain:problem:not-ready',
    title: 'Service Unavailable',
    status: 503,
    detail: 'the witness is starting or stopping',
    code: 'NOT_READY',
  };
  return new Response(JSON.stringify(problem), {
    status: 503,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, 'retry-after': '1' },
  });
}

function resolveLogs(config: WitnessNodeConfig) {
  const byOrigin = new Map(config.trust.chains.map((chain) => [chain.origin, chain.name]));
  const trust = {
    ...config.trust,
    chains: config.trust.chains.map((chain) => {
      const url = config.logUrls?.get(chain.name);
      return url === undefined ? chain : { ...chain, sequencer: { ...chain.sequencer, url } };
    }),
  };
  const logs = listWitnessedLogs(trust, toVerifierKey(config.signer), { audit: config.audit });
  return { logs, byOrigin };
}

export async function openWitnessNode(config: WitnessNodeConfig): Promise<WitnessNode> {
  const logError = config.logError ?? logToStderr;
  const logLine = config.logLine ?? ((line: string) => readProcessLog().write('info', line));
  const { logs } = resolveLogs(config);
  const metrics = new NodeMetrics(config.metrics);
  const member = config.member;
  let client: SqlClient | undefined;
  try {
    client = await openDatabase({
      databaseUrl: config.databaseUrl,
      schema: config.databaseSchema,
      pgliteDir: join(config.dataDir, 'pglite'),
    });
    const storage = new SqlWitnessStorage(client);
    const witness = new Witness({
      signer: config.signer,
      logs,
      storage,
      options: config.options ?? {},
      onAlarm: (alarm) => {
        metrics.countWitnessAlarm(member, alarm.origin, alarm.kind);
        logLine(
          `ALARM witness ${member}: ${alarm.kind} on ${alarm.origin}: ${alarm.evidence.split('\n')[0]}; nothing more is cosigned for it`,
        );
      },
    });
    let ready = false;
    const app = new Hono();
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      metrics.observeRequest(
        c.req.method,
        c.req.routePath,
        c.res.status,
        (performance.now() - started) / 1000,
      );
    });
    app.route(
      `/witness/${member}`,
      createWitnessRoutes(witness, {
        logError,
        onCosigned: (cosigned) => metrics.countCosignature(member, cosigned.origin),
        onRefused: (code) => metrics.countWitnessRefusal(member, code),
      }),
    );
    const listAlarms = async () =>
      sortAlarms((await witness.listAlarms()).map((alarm) => witnessAlarmToView(member, alarm)));
    app.get('/v1/alarms', async (c) =>
      c.json({ alarms: await listAlarms() }, 200, { 'cache-control': 'no-store' }),
    );
    app.get('/healthz', (c) => c.json({ status: 'ok' }));
    app.get('/readyz', (c) => (ready ? c.json({ status: 'ok' }) : notReady()));
    app.get('/metrics', async (c) =>
      c.body(await metrics.registry.metrics(), 200, {
        'Content-Type': metrics.registry.contentType,
        'Cache-Control': 'no-store',
      }),
    );
    const openedClient = client;
    let closing: Promise<void> | undefined;
    return {
      member,
      app,
      witness,
      metrics,
      listAlarms,
      setReady: (value) => {
        ready = value;
      },
      close: () => {
        closing ??= (async () => {
          ready = false;
          await witness.close();
          await openedClient.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await client?.close().catch(() => undefined);
    throw error;
  }
}
