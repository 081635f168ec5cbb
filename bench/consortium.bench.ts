// The consortium (issue 4), on PGlite and, when SEALCHAIN_TEST_DATABASE_URL is set, on the server:
// - deposit → final latency (quorum-cosigned checkpoint covers the entry) p50/p99 at a steady
//   2,000 single deposits/s into the local consortium of `sealchain start` (a child process),
//   beside deposit → integrated (a signed checkpoint covers it) of the same entries;
// - cosignatures per second each witness gave during that run, beside the checkpoints signed;
// - a witness node's capacity over HTTP: add-checkpoint requests of 1 and 4 logs answered per
//   second, beside GET /healthz of the same node through the same client.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWitnessNode } from '../src/node/index.ts';
import { listenFetch } from '../src/node/http-listen.ts';
import { formatAddCheckpointRequest } from '../src/consortium/index.ts';
import { TestLog } from '../src/consortium/test-support/test-log.ts';
import {
  bytesToHex,
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  randomBytes,
  toVerifierKey,
} from '../src/crypto/index.ts';
import {
  createPgliteDir,
  createTestSchemaName,
  dropTestSchema,
} from '../src/store/test-support/databases.ts';
import type { TrustFile } from '../src/verify/index.ts';
import { offerLoad, percentile, printRow } from './harness.ts';
import { sendHttp, startNodeProcess, stopNodeProcess } from './node-process.ts';

const CHILD = fileURLToPath(new URL('./consortium-node-child.ts', import.meta.url));
const OFFERED_PER_SECOND = 2_000;
const LOAD_SECONDS = 8;
const LOCAL_NODES = ['witness-court', 'witness-copyright-center', 'witness-notary', 'evidence', 'works'];
const WITNESSES = ['court', 'copyright-center', 'notary'];
const CAPACITY_MS = 2_000;
const CAPACITY_CHECKPOINTS = 2_000;

function readCounters(metrics: string, name: string, label: string): Map<string, number> {
  const counters = new Map<string, number>();
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const key = new RegExp(`${label}="([^"]+)"`).exec(line)?.[1];
    if (key !== undefined) counters.set(key, (counters.get(key) ?? 0) + Number(line.split(' ').at(-1)));
  }
  return counters;
}

async function benchLatency(name: string, options: Record<string, unknown>): Promise<void> {
  const { child, url, adminToken } = await startNodeProcess(CHILD, options);
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  try {
    const unit = JSON.parse(
      (await sendHttp(agent, url, 'POST', '/v1/units', JSON.stringify({ name: 'bench' }), adminToken)).body,
    ) as {
      apiKey: string;
    };
    const deposit = () =>
      sendHttp(
        agent,
        url,
        'POST',
        '/v1/chains/evidence/entries',
        JSON.stringify({ digest: `sha256:${bytesToHex(randomBytes(32))}` }),
        unit.apiKey,
      );
    await deposit();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const metricsBefore = (await sendHttp(agent, url, 'GET', '/metrics')).body;
    const finalLatencies: number[] = [];
    const integratedLatencies: number[] = [];
    const sentFinalLatencies: number[] = [];
    let refused = 0;
    const waits: Promise<void>[] = [];
    const load = await offerLoad(OFFERED_PER_SECOND, LOAD_SECONDS, (sampled) => {
      const sentAt = performance.now();
      waits.push(
        deposit().then(async (answer) => {
          if (answer.status !== 201) {
            refused++;
            return;
          }
          if (!sampled) return;
          const receiptAt = performance.now();
          const { index } = JSON.parse(answer.body) as { index: number };
          const bundle = `/v1/chains/evidence/entries/${index}/bundle?timeoutMs=30000&wait=`;
          await Promise.all([
            sendHttp(agent, url, 'GET', `${bundle}integrated`).then((a) => {
              if (a.status === 200) integratedLatencies.push(performance.now() - receiptAt);
            }),
            sendHttp(agent, url, 'GET', `${bundle}final`).then((a) => {
              if (a.status !== 200) return;
              finalLatencies.push(performance.now() - receiptAt);
              sentFinalLatencies.push(performance.now() - sentAt);
            }),
          ]);
        }),
      );
    });
    await Promise.all(waits);
    const metricsAfter = (await sendHttp(agent, url, 'GET', '/metrics')).body;
    const offered = load.sent / load.seconds;
    console.log(`  (${refused} of ${load.sent} deposits refused)`);
    for (const p of [50, 99]) {
      const value = percentile(finalLatencies, p);
      printRow({
        name: `${name}: receipt → final p${p} at ${Math.round(offered)} deposits/s offered (${finalLatencies.length} samples)`,
        value,
        unit: 'ms',
        baselineName: `receipt → integrated p${p}, same entries`,
        baselineValue: percentile(integratedLatencies, p),
        ...(p === 99 ? { goal: '≤ 2,000 ms', met: value <= 2_000 } : {}),
      });
    }
    for (const p of [50, 99]) {
      printRow({
        name: `${name}: request sent → final p${p}, the deposit's own wait included`,
        value: percentile(sentFinalLatencies, p),
        unit: 'ms',
        baselineName: `receipt → final p${p}`,
        baselineValue: percentile(finalLatencies, p),
      });
    }
    const seconds = load.seconds + 0.5;
    const cosigned = (metrics: string) =>
      readCounters(metrics, 'sealchain_witness_cosignatures_total', 'witness');
    const checkpoints = (metrics: string) =>
      readCounters(metrics, 'sealchain_witness_requests_total', 'chain');
    const before = cosigned(metricsBefore);
    const after = cosigned(metricsAfter);
    const signed =
      ((checkpoints(metricsAfter).get('evidence') ?? 0) - (checkpoints(metricsBefore).get('evidence') ?? 0)) /
      3;
    for (const witness of WITNESSES) {
      printRow({
        name: `${name}: cosignatures by witness ${witness} during the load (both chains)`,
        value: ((after.get(witness) ?? 0) - (before.get(witness) ?? 0)) / seconds,
        unit: 'cosignatures/s',
        baselineName: 'checkpoints of the evidence chain sent to each witness',
        baselineValue: signed / seconds,
      });
    }
  } finally {
    agent.destroy();
    await stopNodeProcess(child);
  }
}

/** A witness node over HTTP, for logs of its own: how many add-checkpoint requests it answers a second. */
async function benchWitnessCapacity(
  name: string,
  database: { databaseUrl: string | undefined; databaseSchema: string },
): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-bench-witness-'));
  if (database.databaseUrl === undefined) renameSync(await createPgliteDir(), join(dataDir, 'pglite'));
  const witnessKey = createSignerKey('notary.sealchain.bench/witness', KEY_TYPE_COSIGNATURE_V1);
  const logs = Array.from({ length: 4 }, (_, i) =>
    new TestLog(`log${i}.sealchain.bench/evidence`).append(CAPACITY_CHECKPOINTS),
  );
  const trust: TrustFile = {
    version: 2,
    authorities: [],
    name: 'bench',
    chains: logs.map((log, i) => ({
      name: `log${i}`,
      origin: log.origin,
      hashAlgorithm: 'sha256',
      sequencer: { name: `log${i}`, key: toVerifierKey(log.signer) },
      witnesses: [{ name: 'notary', key: toVerifierKey(witnessKey) }],
      quorum: 1,
      maxMergeDelayMs: 10_000,
    })),
    members: [],
  };
  const bodies = logs.map((log) => {
    const list = [formatAddCheckpointRequest(0, [], log.signCheckpoint(1))];
    for (let size = 2; size <= CAPACITY_CHECKPOINTS; size++) {
      list.push(
        formatAddCheckpointRequest(size - 1, log.proveConsistency(size - 1, size), log.signCheckpoint(size)),
      );
    }
    return list;
  });
  const node = await openWitnessNode({
    dataDir,
    ...database,
    trust,
    member: 'notary',
    signer: witnessKey,
    audit: false,
    logLine: () => undefined,
  });
  node.setReady(true);
  const listening = await listenFetch(node.app.fetch, 0, '127.0.0.1');
  const url = new URL(listening.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    const next = logs.map(() => 0);
    const run = async (logCount: number): Promise<number> => {
      let answered = 0;
      const until = performance.now() + CAPACITY_MS;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: logCount }, async (_, i) => {
          while (performance.now() < until && next[i]! < bodies[i]!.length) {
            const answer = await sendHttp(
              agent,
              url,
              'POST',
              '/witness/notary/add-checkpoint',
              bodies[i]![next[i]!]!,
              undefined,
              'text/plain',
            );
            if (answer.status !== 200)
              throw new Error(`add-checkpoint answered ${answer.status}: ${answer.body}`);
            next[i]!++;
            answered++;
          }
        }),
      );
      return answered / ((performance.now() - started) / 1000);
    };
    const healthStarted = performance.now();
    let health = 0;
    while (performance.now() - healthStarted < CAPACITY_MS) {
      await sendHttp(agent, url, 'GET', '/healthz');
      health++;
    }
    const healthRate = health / ((performance.now() - healthStarted) / 1000);
    for (const logCount of [1, 4]) {
      printRow({
        name: `${name}: one witness node over HTTP, add-checkpoint of ${logCount} log${logCount === 1 ? '' : 's'} at once`,
        value: await run(logCount),
        unit: 'cosignatures/s',
        baselineName: 'GET /healthz of the node, one client',
        baselineValue: healthRate,
      });
    }
  } finally {
    agent.destroy();
    await listening.stop(0);
    await node.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createLocalDataDir(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-bench-consortium-'));
  for (const node of LOCAL_NODES) {
    mkdirSync(join(dataDir, 'nodes', node), { recursive: true });
    renameSync(await createPgliteDir(), join(dataDir, 'nodes', node, 'pglite'));
  }
  return dataDir;
}

export async function runBench(): Promise<void> {
  const dataDir = await createLocalDataDir();
  try {
    await benchLatency('PGlite', { dataDir, port: 0 });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  await benchWitnessCapacity('PGlite', { databaseUrl: undefined, databaseSchema: 'public' });
  const databaseUrl = process.env.SEALCHAIN_TEST_DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === '') {
    console.log('PostgreSQL server: skipped (set SEALCHAIN_TEST_DATABASE_URL)');
    return;
  }
  const prefix = `${createTestSchemaName()}_`;
  const serverDir = mkdtempSync(join(tmpdir(), 'sealchain-bench-consortium-'));
  try {
    await benchLatency('PostgreSQL server', {
      dataDir: serverDir,
      port: 0,
      databaseUrl,
      schemaPrefix: prefix,
    });
  } finally {
    rmSync(serverDir, { recursive: true, force: true });
    for (const node of LOCAL_NODES) await dropTestSchema(`${prefix}${node.replaceAll('-', '_')}`);
  }
  const schema = createTestSchemaName();
  try {
    await benchWitnessCapacity('PostgreSQL server', { databaseUrl, databaseSchema: schema });
  } finally {
    await dropTestSchema(schema);
  }
}
