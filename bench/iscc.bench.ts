// ISCC throughput: Text-Code and Data-Code (and Instance-Code) in MB/s of input, each beside raw
// SHA-256 over the same bytes measured in the same run.
import { createHasher } from '../src/crypto/index.ts';
import { generateDataCode, generateInstanceCode, generateTextCode } from '../src/fingerprint/index.ts';
import { measureRate, printRow } from './harness.ts';

const MB = 1_000_000;
const DATA_BYTES = 16 * MB;
const TEXT_BYTES = 1 * MB;
const READ_PIECE_BYTES = 1 << 20;

function seededBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = 0x12345678;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** Prose-like text: words drawn from a small vocabulary, with some non-ASCII. */
function seededText(bytes: number): string {
  const words = [
    'the',
    'registration',
    'of',
    'works',
    'copyright',
    '作品',
    'evidence',
    'chain',
    'été',
    'court',
  ];
  let state = 7;
  let text = '';
  while (text.length < bytes) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    text += words[state % words.length] + (state % 13 === 0 ? '.\n' : ' ');
  }
  return text;
}

function* inPieces(data: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += READ_PIECE_BYTES) {
    yield data.subarray(offset, offset + READ_PIECE_BYTES);
  }
}

async function measureSha256(data: Uint8Array): Promise<number> {
  const rate = await measureRate(
    () => {
      const hasher = createHasher('sha256');
      for (const piece of inPieces(data)) hasher.update(piece);
      hasher.digest();
    },
    { batch: data.length / MB, minMs: 1500 },
  );
  return rate.perSecond;
}

export async function runBench(): Promise<void> {
  const data = seededBytes(DATA_BYTES);
  const text = seededText(TEXT_BYTES);
  const textBytes = new TextEncoder().encode(text).length;

  const sha256 = await measureSha256(data);
  const dataCode = await measureRate(() => generateDataCode(inPieces(data)), {
    batch: DATA_BYTES / MB,
    minMs: 1500,
  });
  printRow({
    name: 'Data-Code',
    value: dataCode.perSecond,
    unit: 'MB/s',
    baselineName: 'SHA-256',
    baselineValue: sha256,
  });

  const instanceCode = await measureRate(() => generateInstanceCode(inPieces(data)), {
    batch: DATA_BYTES / MB,
    minMs: 1500,
  });
  printRow({
    name: 'Instance-Code (BLAKE3)',
    value: instanceCode.perSecond,
    unit: 'MB/s',
    baselineName: 'SHA-256',
    baselineValue: sha256,
  });

  const textCode = await measureRate(() => generateTextCode(text), { batch: textBytes / MB, minMs: 1500 });
  printRow({
    name: 'Text-Code',
    value: textCode.perSecond,
    unit: 'MB/s',
    baselineName: 'SHA-256',
    baselineValue: sha256,
  });
}
