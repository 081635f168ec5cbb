// Works registration: registrations per second for 100 KB articles and 1-megapixel images
// through the whole registry (PGlite, ledger, blob store), beside fingerprinting the same files
// alone; and the prior-registration check at 1,000,000 registered works, beside a linear scan of
// the same Content-Codes and the exact-duplicate lookup in a table of 1,000,000 rows. A
// registration costs the fingerprints plus five durable writes (blob, number, row, entry, row).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { bytesToBase64 } from '../src/crypto/index.ts';
import { computeTextSignature, encodeIscc, extractText, fingerprintFile } from '../src/fingerprint/index.ts';
import { WorkIndex, type IndexedCodes } from '../src/registry/index.ts';
import { openTestDatabase } from '../src/store/test-support/databases.ts';
import { makeMetadata, openTestRegistry } from '../test/fixtures/works/registry-setup.ts';
import { percentile, printRow } from './harness.ts';

const FILES = 24;
const INDEXED_WORKS = 1_000_000;
const QUERIES = 400;
const SQL_ROWS = 1_000_000;
const CHUNK = 50_000;

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

const WORDS =
  '春 江 潮 水 连 海 平 明 月 共 生 滟 随 波 千 万 里 何 处 无 流 宛 转 绕 芳 甸 花 林 皆 似 霰 the river light moon spring tide flows over every field'.split(
    ' ',
  );

function makeArticle(next: () => number, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentence =
      Array.from({ length: 12 }, () => WORDS[next() % WORDS.length]).join(next() % 2 ? '' : ' ') + '。\n';
    parts.push(sentence);
    size += Buffer.byteLength(sentence);
  }
  return parts.join('');
}

async function makeImage(next: () => number, path: string): Promise<void> {
  const shapes = Array.from({ length: 40 }, () => {
    const [x, y, r] = [next() % 1000, next() % 1000, 20 + (next() % 180)];
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="#${(next() & 0xffffff).toString(16).padStart(6, '0')}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000"><rect width="1000" height="1000" fill="#${(next() & 0xffffff).toString(16).padStart(6, '0')}"/>${shapes}</svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(path);
}

async function benchRegistrations(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sealchain-bench-registry-'));
  const registry = await openTestRegistry({}, { autoIntegrate: true });
  try {
    const next = createRandom(11);
    for (const kind of ['text', 'image'] as const) {
      const paths: string[] = [];
      for (let i = 0; i < FILES * 2; i++) {
        const path = join(dir, `${kind}-${i}.${kind === 'text' ? 'txt' : 'jpg'}`);
        if (kind === 'text') await writeFile(path, makeArticle(next, 100 * 1024));
        else await makeImage(next, path);
        paths.push(path);
      }
      const fingerprintStart = performance.now();
      for (const path of paths.slice(0, FILES)) {
        await fingerprintFile(path);
        if (kind === 'text') computeTextSignature((await extractText(path)).text);
      }
      const fingerprintRate = FILES / ((performance.now() - fingerprintStart) / 1000);
      const registerStart = performance.now();
      for (const [i, path] of paths.slice(FILES).entries()) {
        await registry.works.register({
          unit: 'bench',
          filePath: path,
          fileName: `${kind}-${i}`,
          metadata: makeMetadata({ title: `作品 ${kind} ${i}`, workType: kind }),
        });
      }
      const registerRate = FILES / ((performance.now() - registerStart) / 1000);
      printRow({
        name: `registrations/s, ${kind === 'text' ? '100 KB articles' : '1-megapixel JPEG images'} (one at a time)`,
        value: registerRate,
        unit: 'works/s',
        baselineName: 'fingerprinting the same kind of file alone',
        baselineValue: fingerprintRate,
      });
    }
  } finally {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function randomBytes(next: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => next() & 255);
}

function perturb(code: Uint8Array, bits: number, next: () => number): Uint8Array {
  const copy = code.slice();
  for (let i = 0; i < bits; i++) {
    const bit = next() % (code.length * 8);
    copy[bit >> 3]! ^= 1 << (bit & 7);
  }
  return copy;
}

function makeTextSignature(next: () => number, base?: Uint16Array): { bins: Uint16Array; minHash: string } {
  const bins = Uint16Array.from({ length: 256 }, (_, i) =>
    base !== undefined && next() % 3 !== 0 ? base[i]! : next() & 0xffff,
  );
  const bytes = new Uint8Array(512);
  bins.forEach((value, i) => {
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 255;
  });
  return { bins, minHash: bytesToBase64(bytes) };
}

const contentCode = (digest: Uint8Array, subType: string) =>
  encodeIscc({ mainType: 'CONTENT', subType, bits: 64, digest });

async function benchPriorCheck(): Promise<void> {
  const next = createRandom(23);
  const thresholds = {
    contentCodeMaxDistance: 10,
    pdqMaxDistance: 31,
    pdqMinQuality: 50,
    textMinSimilarity: 0.18,
  };
  const imageDigests: Uint8Array[] = [];
  const textBins: Uint16Array[] = [];
  const index = new WorkIndex(50);
  let buildMs = 0;
  for (let first = 1; first <= INDEXED_WORKS; first += CHUNK) {
    const works: ({ id: number } & IndexedCodes)[] = [];
    for (let id = first; id < first + CHUNK && id <= INDEXED_WORKS; id++) {
      const digest = randomBytes(next, 8);
      if (id % 2 === 0) {
        const pdq = Buffer.from(randomBytes(next, 32)).toString('hex');
        works.push({
          id,
          contentKind: 'image',
          contentCode: contentCode(digest, 'IMAGE'),
          pdq: { hash: pdq, quality: 100 },
        });
        if (imageDigests.length < QUERIES / 2) imageDigests.push(digest);
      } else {
        const signature = makeTextSignature(next);
        const textSignature = { version: 1 as const, shingleCount: 5000, minHash: signature.minHash };
        works.push({ id, contentKind: 'text', contentCode: contentCode(digest, 'TEXT'), textSignature });
        if (textBins.length < QUERIES / 2) textBins.push(signature.bins);
      }
    }
    const start = performance.now();
    index.stageMany(works);
    buildMs += performance.now() - start;
  }
  const flushStart = performance.now();
  index.flushStaged();
  buildMs += performance.now() - flushStart;
  const buildSeconds = buildMs / 1000;
  const queries: IndexedCodes[] = [];
  for (const digest of imageDigests) {
    queries.push({
      contentKind: 'image',
      contentCode: contentCode(perturb(digest, 4, next), 'IMAGE'),
      pdq: { hash: Buffer.from(randomBytes(next, 32)).toString('hex'), quality: 100 },
    });
  }
  for (const bins of textBins) {
    const signature = makeTextSignature(next, bins);
    queries.push({
      contentKind: 'text',
      contentCode: contentCode(randomBytes(next, 8), 'TEXT'),
      textSignature: { version: 1, shingleCount: 5000, minHash: signature.minHash },
    });
  }
  const latencies: number[] = [];
  let found = 0;
  for (const query of queries) {
    const start = performance.now();
    found += index.findCodeMatches(query, thresholds).length;
    if (query.textSignature !== undefined)
      found += index.findTextCandidates(query.textSignature, 0.18, 200).length;
    latencies.push(performance.now() - start);
  }
  const scanCodes = new Uint32Array(INDEXED_WORKS * 2);
  for (let i = 0; i < scanCodes.length; i++) scanCodes[i] = next();
  const scanLatencies: number[] = [];
  for (let q = 0; q < 20; q++) {
    const [a, b] = [next(), next()];
    const start = performance.now();
    let near = 0;
    for (let i = 0; i < scanCodes.length; i += 2) {
      let distance = 0;
      for (let x of [scanCodes[i]! ^ a, scanCodes[i + 1]! ^ b]) {
        x -= (x >>> 1) & 0x55555555;
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        distance += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      if (distance <= 10) near++;
    }
    scanLatencies.push(performance.now() - start + near * 0);
  }
  console.log(
    `index of ${INDEXED_WORKS.toLocaleString('en-US')} works (half images with PDQ, half texts with signatures) built in ${buildSeconds.toFixed(1)} s; sizes ${JSON.stringify(index.sizes)}; ${found} candidates for ${queries.length} queries (half near copies)`,
  );
  printRow({
    name: 'prior-registration check p50 (Content-Code + PDQ + text index, 1M works)',
    value: percentile(latencies, 50),
    unit: 'ms',
    baselineName: 'linear scan of 1M 64-bit Content-Codes alone',
    baselineValue: percentile(scanLatencies, 50),
    goal: 'ratio ≤ 0.2',
    met: percentile(latencies, 50) / percentile(scanLatencies, 50) <= 0.2,
  });
  printRow({
    name: 'prior-registration check p99 (1M works)',
    value: percentile(latencies, 99),
    unit: 'ms',
    baselineName: 'linear scan p50',
    baselineValue: percentile(scanLatencies, 50),
  });
}

async function benchExactLookup(): Promise<void> {
  const db = await openTestDatabase('pglite');
  try {
    const loadStart = performance.now();
    await db.client.query(
      `INSERT INTO registry_works (number, sha256, unit, holder_name, title, record, entry_index, entry_leaf_hash, entry_time)
       SELECT 'SC-2026-W-' || lpad(g::text, 8, '0') || '-0', encode(sha256(g::text::bytea), 'hex'), 'bench', 'holder', 'title',
              '{}'::jsonb, g, '', '2026-01-01T00:00:00.000Z'
       FROM generate_series(1, $1::int) AS g`,
      [SQL_ROWS],
    );
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const latencies: number[] = [];
    const missLatencies: number[] = [];
    const next = createRandom(5);
    const { createHash } = await import('node:crypto');
    for (let q = 0; q < 500; q++) {
      const present = createHash('sha256')
        .update(String(1 + (next() % SQL_ROWS)))
        .digest('hex');
      let start = performance.now();
      await db.client.query('SELECT work_id FROM registry_works WHERE sha256 = $1', [present]);
      latencies.push(performance.now() - start);
      start = performance.now();
      await db.client.query('SELECT 1');
      missLatencies.push(performance.now() - start);
    }
    console.log(
      `registry table of ${SQL_ROWS.toLocaleString('en-US')} rows loaded in ${loadSeconds.toFixed(1)} s`,
    );
    printRow({
      name: 'exact-duplicate lookup by SHA-256 p50 (PGlite, 1M registrations)',
      value: percentile(latencies, 50),
      unit: 'ms',
      baselineName: 'SELECT 1 on the same connection',
      baselineValue: percentile(missLatencies, 50),
    });
  } finally {
    await db.dispose();
  }
}

export async function runBench(): Promise<void> {
  await benchRegistrations();
  await benchPriorCheck();
  await benchExactLookup();
}
