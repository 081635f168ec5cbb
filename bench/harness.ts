// Benchmark helpers: every figure is printed next to a baseline measured in the same run,
// because the machines are shared and noisy; ratios travel between machines, absolutes do not.

export interface RateMeasurement {
  operations: number;
  seconds: number;
  perSecond: number;
}

/** Calls `run` (which does `batch` operations) repeatedly for at least `minMs` and returns the rate. */
export async function measureRate(
  run: () => unknown | Promise<unknown>,
  options: { batch?: number; minMs?: number; warmupMs?: number } = {},
): Promise<RateMeasurement> {
  const batch = options.batch ?? 1;
  const minMs = options.minMs ?? 1_000;
  const warmupUntil = performance.now() + (options.warmupMs ?? 200);
  while (performance.now() < warmupUntil) await run();
  let operations = 0;
  const start = performance.now();
  let elapsedMs = 0;
  do {
    await run();
    operations += batch;
    elapsedMs = performance.now() - start;
  } while (elapsedMs < minMs);
  return { operations, seconds: elapsedMs / 1000, perSecond: operations / (elapsedMs / 1000) };
}

/** Returns the p-th percentile (0–100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baselineName: string;
  baselineValue: number;
  /** How the figure compares with the baseline, e.g. "ratio ≥ 0.8"; printed as written. */
  goal?: string;
  met?: boolean;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

export function printRow(row: BenchRow): void {
  const ratio = row.value / row.baselineValue;
  const goal =
    row.goal === undefined
      ? ''
      : `  goal ${row.goal}: ${row.met === undefined ? '?' : row.met ? 'met' : 'NOT met'}`;
  console.log(
    `${row.name}: ${formatNumber(row.value)} ${row.unit}  | baseline ${row.baselineName}: ${formatNumber(row.baselineValue)} ${row.unit}  | ratio ${ratio.toFixed(3)}${goal}`,
  );
}

/**
 * Operations per second of this process's CPU time. On a shared machine, load from other
 * processes disturbs CPU time far less than wall time; use it for single-threaded work.
 */
export function measureCpuRate(run: () => void, batch: number, minCpuMs: number): number {
  const start = process.cpuUsage();
  let operations = 0;
  let cpuMicros = 0;
  do {
    run();
    operations += batch;
    const used = process.cpuUsage(start);
    cpuMicros = used.user + used.system;
  } while (cpuMicros < minCpuMs * 1000);
  return operations / (cpuMicros / 1e6);
}

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * Alternates short CPU-timed runs of the subject and of its baseline so that both see the same
 * machine conditions; returns the median rates and the spread of the per-round ratios.
 */
export function compareCpuRates(
  subject: { run: () => void; batch: number },
  baseline: { run: () => void; batch: number },
  options: { rounds?: number; roundCpuMs?: number } = {},
): { rate: number; baselineRate: number; ratioMin: number; ratioMedian: number; ratioMax: number } {
  const rounds = options.rounds ?? 9;
  const roundCpuMs = options.roundCpuMs ?? 200;
  subject.run();
  baseline.run();
  const rates: number[] = [];
  const baselineRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    baselineRates.push(measureCpuRate(baseline.run, baseline.batch, roundCpuMs));
    rates.push(measureCpuRate(subject.run, subject.batch, roundCpuMs));
  }
  const ratios = rates.map((rate, i) => rate / baselineRates[i]!).sort((a, b) => a - b);
  return {
    rate: median(rates),
    baselineRate: median(baselineRates),
    ratioMin: ratios[0]!,
    ratioMedian: median(ratios),
    ratioMax: ratios[ratios.length - 1]!,
  };
}

/**
 * Open-loop load: calls `send` at `perSecond` on average for `seconds`, catching up after a late
 * timer (the load generator's own event loop is busy with the answers), so the offered rate does
 * not sag below the target as it would with a fixed number a tick. `send(sampled)` is told to
 * sample one call a tick. Resolves with the calls made and the seconds the load lasted.
 */
export async function offerLoad(
  perSecond: number,
  seconds: number,
  send: (sampled: boolean) => void,
  tickMs = 20,
): Promise<{ sent: number; seconds: number }> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let sent = 0;
  for (let now = started; now < until; now = performance.now()) {
    const due = Math.floor(((now - started) / 1000) * perSecond) + 1;
    for (let first = true; sent < due; first = false, sent++) send(first);
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return { sent, seconds: (performance.now() - started) / 1000 };
}
