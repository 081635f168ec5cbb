// Multi-index hashing against the linear scan it replaces, both over the same 10^6 codes in the
// same run: uniformly random codes (the hard case for MIH) plus planted near-duplicates, queried
// half with a perturbed planted code and half with a random code.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildHammingIndex, type HammingIndex } from '../src/fingerprint/index.ts';
import { percentile, printRow } from './harness.ts';

const CODE_COUNT = 1_000_000;
const PLANTED_GROUPS = 2_000;
const PLANTED_PER_GROUP = 5;
const INDEX_QUERIES = 2_000;
const ROUNDS = 8;
const SCAN_QUERIES_PER_ROUND = 5;

function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>>= 0);
  };
}

function flipBits(code: Uint8Array, count: number, next: () => number): Uint8Array {
  const copy = code.slice();
  for (let i = 0; i < count; i++) {
    const bit = next() % (code.length * 8);
    copy[bit >> 3]! ^= 1 << (bit & 7);
  }
  return copy;
}

interface Workload {
  packed: Uint8Array;
  words: Uint32Array;
  queries: Uint8Array[];
}

function createWorkload(bits: number, radius: number, seed: number): Workload {
  const next = createRandom(seed);
  const bytes = bits / 8;
  const packed = new Uint8Array(CODE_COUNT * bytes);
  const filler = new Uint32Array(packed.buffer);
  for (let i = 0; i < filler.length; i++) filler[i] = next();
  const queries: Uint8Array[] = [];
  for (let g = 0; g < PLANTED_GROUPS; g++) {
    const centre = packed.slice(g * 400 * bytes, (g * 400 + 1) * bytes);
    for (let p = 1; p <= PLANTED_PER_GROUP; p++) {
      packed.set(flipBits(centre, 1 + (next() % radius), next), (g * 400 + p) * bytes);
    }
    if (queries.length < INDEX_QUERIES / 2) queries.push(flipBits(centre, next() % (radius / 2), next));
  }
  while (queries.length < INDEX_QUERIES) {
    const query = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) query[i] = next() & 255;
    queries.push(query);
  }
  const words = new Uint32Array(CODE_COUNT * (bits / 32));
  const view = new DataView(packed.buffer);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(i * 4);
  return { packed, words, queries };
}

// The baseline: XOR and popcount over every stored code, stopping a code once past the radius.
function scanRadius(words: Uint32Array, wordsPerCode: number, query: Uint8Array, radius: number): number {
  const view = new DataView(query.buffer, query.byteOffset);
  const q = Array.from({ length: wordsPerCode }, (_, w) => view.getUint32(w * 4));
  let found = 0;
  for (let offset = 0; offset < words.length; offset += wordsPerCode) {
    let distance = 0;
    for (let w = 0; w < wordsPerCode && distance <= radius; w++) {
      let x = words[offset + w]! ^ q[w]!;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      distance += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    if (distance <= radius) found++;
  }
  return found;
}

function timeQueries(
  queries: Uint8Array[],
  run: (query: Uint8Array) => number,
): { latenciesMs: number[]; found: number[] } {
  const latenciesMs: number[] = [];
  const found: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    found.push(run(query));
    latenciesMs.push(performance.now() - start);
  }
  return { latenciesMs, found };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

// A full collection before each heap reading, so the memory figure is the index's own.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

// Array buffers are released after the collection, so collect, let them go, and collect again.
async function measureHeapBytes(): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function benchCodes(bits: number, radius: number, seed: number): Promise<void> {
  const workload = createWorkload(bits, radius, seed);
  const ids = Array.from({ length: CODE_COUNT }, (_, i) => i);
  const heapBefore = await measureHeapBytes();
  const buildStart = performance.now();
  const index: HammingIndex = buildHammingIndex({ bits }, ids, workload.packed);
  const buildMs = performance.now() - buildStart;
  const indexBytes = (await measureHeapBytes()) - heapBefore;

  // Rounds alternate the two, so load from other processes on a shared machine weighs on both alike.
  const wordsPerCode = bits / 32;
  const perRound = INDEX_QUERIES / ROUNDS;
  const indexRates: number[] = [];
  const scanRates: number[] = [];
  const indexLatencies: number[] = [];
  const scanLatencies: number[] = [];
  let matches = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const queries = workload.queries.slice(round * perRound, (round + 1) * perRound);
    const indexed = timeQueries(queries, (q) => index.searchRadius(q, radius).length);
    const scanQueries = queries.filter((_, i) => i % Math.floor(perRound / SCAN_QUERIES_PER_ROUND) === 0);
    const scan = timeQueries(scanQueries, (q) => scanRadius(workload.words, wordsPerCode, q, radius));
    scanQueries.forEach((_, i) => {
      const expected = indexed.found[i * Math.floor(perRound / SCAN_QUERIES_PER_ROUND)];
      if (scan.found[i] !== expected)
        throw new Error(`index found ${expected}, linear scan ${scan.found[i]}`);
    });
    indexRates.push((1000 * queries.length) / sum(indexed.latenciesMs));
    scanRates.push((1000 * scanQueries.length) / sum(scan.latenciesMs));
    indexLatencies.push(...indexed.latenciesMs);
    scanLatencies.push(...scan.latenciesMs);
    matches += sum(indexed.found);
  }
  const indexRate = percentile(indexRates, 50);
  const scanRate = percentile(scanRates, 50);
  const label = `${bits}-bit codes, radius ${radius}, ${CODE_COUNT.toLocaleString('en-US')} codes`;
  printRow({
    name: `${label}: MIH queries (median of ${ROUNDS} rounds)`,
    value: indexRate,
    unit: 'queries/s',
    baselineName: 'linear scan',
    baselineValue: scanRate,
    goal: 'ratio ≥ 20',
    met: indexRate / scanRate >= 20,
  });
  const p50 = percentile(indexLatencies, 50);
  printRow({
    name: `${label}: MIH p50 latency`,
    value: p50,
    unit: 'ms',
    baselineName: 'linear scan p50',
    baselineValue: percentile(scanLatencies, 50),
    goal: 'p50 ≤ 5 ms',
    met: p50 <= 5,
  });
  console.log(
    `${label}: ${index.substringCount} substrings; MIH p99 ${percentile(indexLatencies, 99).toFixed(2)} ms; ` +
      `build ${(buildMs / 1000).toFixed(2)} s (${Math.round(CODE_COUNT / (buildMs / 1000)).toLocaleString('en-US')} codes/s); ` +
      `index memory ≈ ${Math.round(indexBytes / 2 ** 20)} MiB; ` +
      `matches per query ${(matches / INDEX_QUERIES).toFixed(2)}`,
  );
}

export async function runBench(): Promise<void> {
  await benchCodes(256, 31, 1);
  await benchCodes(64, 8, 2);
}
