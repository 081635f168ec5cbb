import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdcChunker, computeCdcParams, DATA_AVERAGE_CHUNK_SIZE } from './cdc.ts';
import { CDC_GEAR } from './gear.ts';

const PARAMS = computeCdcParams(DATA_AVERAGE_CHUNK_SIZE);

/** The reference's whole-buffer chunking: find a cut point from each chunk start, one at a time. */
function chunkNaively(data: Uint8Array): number[] {
  const { minSize, maxSize, centerSize, maskSmall, maskLarge } = PARAMS;
  const sizes: number[] = [];
  let offset = 0;
  while (offset < data.length) {
    const size = data.length - offset;
    let pattern = 0;
    let i = Math.min(minSize, size);
    let cut = -1;
    for (; i < Math.min(centerSize, size) && cut < 0; i++) {
      pattern = Math.floor(pattern / 2) + CDC_GEAR[data[offset + i]!]!;
      if ((pattern & maskSmall) === 0) cut = i + 1;
    }
    for (; i < Math.min(maxSize, size) && cut < 0; i++) {
      pattern = Math.floor(pattern / 2) + CDC_GEAR[data[offset + i]!]!;
      if ((pattern & maskLarge) === 0) cut = i + 1;
    }
    if (cut < 0) cut = i;
    sizes.push(cut);
    offset += cut;
  }
  return sizes.length === 0 ? [0] : sizes;
}

function chunkInPieces(data: Uint8Array, pieceSizes: () => number): { sizes: number[]; bytes: Uint8Array[] } {
  const sizes: number[] = [];
  const bytes: Uint8Array[] = [];
  const chunker = new CdcChunker((buffer, start, end) => {
    sizes.push(end - start);
    bytes.push(buffer.slice(start, end));
  });
  for (let offset = 0; offset < data.length;) {
    const size = Math.min(pieceSizes(), data.length - offset);
    chunker.push(data.subarray(offset, offset + size));
    offset += size;
  }
  chunker.finish();
  return { sizes, bytes };
}

function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

describe('CDC parameters', () => {
  it('derive min 256, max 8192, centre 640 and masks of 11 and 9 bits from 1024', () => {
    assert.deepEqual(PARAMS, {
      minSize: 256,
      maxSize: 8192,
      centerSize: 640,
      maskSmall: 2047,
      maskLarge: 511,
    });
  });
});

describe('CdcChunker', () => {
  it('cuts random data exactly as whole-buffer chunking does, however the stream is split', () => {
    const data = seededBytes(300_000, 7);
    const expected = chunkNaively(data);
    let state = 99;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return 1 + (state % 20_000);
    };
    for (const pieces of [() => data.length, () => 1, () => 4096, random]) {
      const { sizes, bytes } = chunkInPieces(data, pieces);
      assert.deepEqual(sizes, expected);
      const joined = new Uint8Array(data.length);
      let offset = 0;
      for (const chunk of bytes) {
        joined.set(chunk, offset);
        offset += chunk.length;
      }
      assert.deepEqual(joined, data);
    }
  });

  it('cuts runs of one byte value at the maximum size when no pattern ever matches', () => {
    const data = new Uint8Array(20_000).fill(0);
    const { sizes } = chunkInPieces(data, () => 3000);
    assert.deepEqual(sizes, [8192, 8192, 3616]);
    assert.deepEqual(chunkNaively(data), sizes);
  });

  it('gives one empty chunk for an empty stream and one short chunk for a short one', () => {
    assert.deepEqual(chunkInPieces(new Uint8Array(0), () => 1).sizes, [0]);
    assert.deepEqual(chunkInPieces(seededBytes(100, 1), () => 7).sizes, [100]);
  });
});
