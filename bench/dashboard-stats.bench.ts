// The dashboard's one stats endpoint (GET /v1/stats/dashboard) on a chain whose index holds 10^6
// entries (SEALCHAIN_DASHBOARD_ENTRIES), spread over a year of days, 50 units and the entry types
// a consortium writes (deposits, captures, works of five types, verifications, anchors). The index
// is filled through SqlChainIndexStorage.commitIndexBatch exactly as the chain indexer fills it, a
// batch of 4,096 entries at a time, so the per-day counters are those 10^6 real entries would
// leave. Measured beside, in the same run: GET /healthz through the same client, and the query a
// dashboard without counters would need (GROUP BY day and type over 10^6 entry rows, in a
// database of the same kind). Goal (issue 14): ≤ 100 ms at 10^6 entries.
import { rmSync } from 'node:fs';
import type { ChainIndexBatch, DailyCount, UnitTypeCount } from '../src/consortium/index.ts';
import { startEvidenceNode } from '../src/node/index.ts';
import { listWindowDays } from '../src/services/index.ts';
import { openDatabase } from '../src/store/index.ts';
import { createPgliteDir } from '../src/store/test-support/databases.ts';
import { createTestDataDir } from '../test/api-node-support.ts';
import { percentile, printRow } from './harness.ts';

const ENTRIES = Number(process.env['SEALCHAIN_DASHBOARD_ENTRIES'] ?? 1_000_000);
const BATCH = 4_096;
const DAYS = 365;
const UNITS = 50;
const SAMPLES = 200;
const GOAL_MS = 100;
const WORK_TYPES = ['text', 'image', 'audio', 'video', 'software'];

/** The type, subtype, unit and day (index) of entry `i`: a fixed, repeatable mix. */
function describeEntry(i: number): { type: string; subtype: string; unit: number; day: number } {
  const slot = i % 100;
  const unit = (i * 7) % UNITS;
  const day = Math.floor((i * DAYS) / ENTRIES);
  if (slot < 90) return { type: 'evidence', subtype: '', unit, day };
  if (slot < 94) return { type: 'capture', subtype: '', unit, day };
  if (slot < 97) return { type: 'work', subtype: WORK_TYPES[i % WORK_TYPES.length]!, unit, day };
  if (slot < 99) return { type: 'verification', subtype: i % 2 === 0 ? 'cross-chain' : '', unit, day };
  return { type: 'anchor', subtype: '', unit, day };
}

function buildBatch(origin: string, days: readonly string[], from: number, to: number): ChainIndexBatch {
  const counts = new Map<string, UnitTypeCount & { entries: number }>();
  const daily = new Map<string, DailyCount & { entries: number }>();
  const unitEntries: { unit: string; leafIndex: number }[] = [];
  for (let i = from; i < to; i++) {
    const entry = describeEntry(i);
    const unit = `unit-${entry.unit}`;
    unitEntries.push({ unit, leafIndex: i });
    const key = `${unit}\n${entry.type}`;
    const count = counts.get(key) ?? { unit, type: entry.type, entries: 0 };
    count.entries++;
    counts.set(key, count);
    const day = days[entry.day]!;
    const dayKey = `${day}\n${key}\n${entry.subtype}`;
    const dayCount = daily.get(dayKey) ?? { day, unit, type: entry.type, subtype: entry.subtype, entries: 0 };
    dayCount.entries++;
    daily.set(dayKey, dayCount);
  }
  return {
    origin,
    fromIndex: from,
    toIndex: to,
    counts: [...counts.values()],
    dailyCounts: [...daily.values()],
    unitEntries,
    verifications: [],
    anchors: [],
  };
}

async function timeGets(url: string, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const answer = await fetch(url);
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

async function timeNaiveQuery(days: readonly string[]): Promise<number[]> {
  const dir = await createPgliteDir();
  const client = await openDatabase({ pgliteDir: dir });
  try {
    await client.execute(`CREATE TABLE bench_entries (leaf_index bigint PRIMARY KEY, day date NOT NULL,
      unit text NOT NULL, entry_type text NOT NULL)`);
    await client.query(
      `INSERT INTO bench_entries
       SELECT i, $2::date + (i * ${DAYS} / $1::bigint)::int, 'unit-' || (i * 7 % ${UNITS}),
              CASE WHEN i % 100 < 90 THEN 'evidence' WHEN i % 100 < 94 THEN 'capture'
                   WHEN i % 100 < 97 THEN 'work' WHEN i % 100 < 99 THEN 'verification' ELSE 'anchor' END
       FROM generate_series(0, $1::bigint - 1) AS i`,
      [ENTRIES, days[0]],
    );
    await client.execute('CREATE INDEX bench_entries_day ON bench_entries (day, entry_type)');
    await client.execute('ANALYZE bench_entries');
    const times: number[] = [];
    const from = days[days.length - 30]!;
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await client.query(
        `SELECT day, unit, entry_type, count(*) FROM bench_entries WHERE day >= $1::date GROUP BY 1, 2, 3`,
        [from],
      );
      await client.query('SELECT entry_type, count(*) FROM bench_entries GROUP BY 1');
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runBench(): Promise<void> {
  const dataDir = await createTestDataDir();
  const running = await startEvidenceNode({ dataDir, port: 0 }, () => undefined);
  try {
    const chain = running.node.chain;
    const days = listWindowDays(DAYS);
    const loadStarted = performance.now();
    for (let from = 0; from < ENTRIES; from += BATCH) {
      const batch = buildBatch(chain.origin, days, from, Math.min(ENTRIES, from + BATCH));
      if (!(await chain.index.commitIndexBatch(batch))) throw new Error(`batch at ${from} refused`);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    console.log(
      `index of ${ENTRIES.toLocaleString('en-US')} entries committed in ${loadSeconds.toFixed(1)} s (${Math.round(ENTRIES / loadSeconds).toLocaleString('en-US')} entries/s through commitIndexBatch)`,
    );
    const dashboardUrl = `${running.url}/v1/stats/dashboard`;
    const check = (await (await fetch(dashboardUrl)).json()) as {
      chains: { entries: number; daily: { entries: number }[] }[];
    };
    if (check.chains[0]!.entries !== ENTRIES)
      throw new Error(`the dashboard counts ${check.chains[0]!.entries}`);
    await timeGets(dashboardUrl, 20);
    await timeGets(`${running.url}/healthz`, 20);
    const dashboard: number[] = [];
    const health: number[] = [];
    for (let round = 0; round < 10; round++) {
      health.push(...(await timeGets(`${running.url}/healthz`, SAMPLES / 10)));
      dashboard.push(...(await timeGets(dashboardUrl, SAMPLES / 10)));
    }
    const yearUrl = `${dashboardUrl}?days=${DAYS}`;
    const year = await timeGets(yearUrl, 50);
    const naive = await timeNaiveQuery(days);
    const size = ENTRIES.toLocaleString('en-US');
    for (const p of [50, 99]) {
      const value = percentile(dashboard, p);
      printRow({
        name: `GET /v1/stats/dashboard (30 days) at ${size} entries, p${p}`,
        value,
        unit: 'ms',
        baselineName: `GET /healthz p${p}`,
        baselineValue: percentile(health, p),
        goal: `≤ ${GOAL_MS} ms`,
        met: value <= GOAL_MS,
      });
    }
    printRow({
      name: `GET /v1/stats/dashboard?days=${DAYS} at ${size} entries, p50`,
      value: percentile(year, 50),
      unit: 'ms',
      baselineName: 'GET /healthz p50',
      baselineValue: percentile(health, 50),
      goal: `≤ ${GOAL_MS} ms`,
      met: percentile(year, 50) <= GOAL_MS,
    });
    printRow({
      name: 'GET /v1/stats/dashboard (30 days) p50',
      value: percentile(dashboard, 50),
      unit: 'ms',
      baselineName: `GROUP BY day, unit, type over ${size} entry rows (no counters), p50`,
      baselineValue: percentile(naive, 50),
    });
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
