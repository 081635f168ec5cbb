// Text signatures (OpenCC normalisation, shingling, one-permutation MinHash) against plain SHA-256
// of the same UTF-8 bytes, the least any content fingerprint costs, measured in the same run on
// about 1 MiB each of Chinese and English prose from the test corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { sha256 } from '../src/crypto/index.ts';
import { computeTextSignature } from '../src/fingerprint/index.ts';
import { measureRate, percentile, printRow } from './harness.ts';

const CORPUS_DIR = new URL('../test/fixtures/texts/', import.meta.url);
const TARGET_BYTES = 1 << 20;
const ROUNDS = 5;
const ROUND_MS = 600;

function buildText(prefix: string): string {
  const parts = readdirSync(CORPUS_DIR)
    .filter((file) => file.startsWith(prefix) && file.endsWith('.txt'))
    .sort()
    .map((file) => readFileSync(new URL(file, CORPUS_DIR), 'utf8'));
  let text = '';
  for (let i = 0; new TextEncoder().encode(text).length < TARGET_BYTES; i++) {
    text += `${parts[i % parts.length]!}\n${i}\n`;
  }
  return text;
}

async function benchLanguage(label: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const megabytes = bytes.length / 2 ** 20;
  const signatureRates: number[] = [];
  const shaRates: number[] = [];
  // Alternating rounds, so load from other processes weighs on both alike.
  for (let round = 0; round < ROUNDS; round++) {
    signatureRates.push(
      (await measureRate(() => computeTextSignature(text), { minMs: ROUND_MS })).perSecond * megabytes,
    );
    shaRates.push((await measureRate(() => sha256(bytes), { minMs: ROUND_MS / 4 })).perSecond * megabytes);
  }
  printRow({
    name: `text signature, ${label} (${megabytes.toFixed(2)} MiB)`,
    value: percentile(signatureRates, 50),
    unit: 'MiB/s',
    baselineName: 'SHA-256 of the same bytes',
    baselineValue: percentile(shaRates, 50),
  });
}

export async function runBench(): Promise<void> {
  await benchLanguage('Chinese', buildText('zh-'));
  await benchLanguage('English', buildText('en-'));
}
