import { CDC_GEAR } from './gear.ts';

// ISO 24138:2024 Annex (CDC), iscc-core `cdc.py`: FastCDC-style content-defined chunking with a
// gear rolling hash. Bytes before the minimum size are skipped; up to the centre size a cut needs
// the pattern's low (bits+1) bits clear, after it only the low (bits−1) bits; a chunk never
// exceeds the maximum size.

export interface CdcParams {
  minSize: number;
  maxSize: number;
  centerSize: number;
  maskSmall: number;
  maskLarge: number;
}

/** Chunking parameters for a target average chunk size in bytes (1024 for the Data-Code). */
export function computeCdcParams(averageSize: number): CdcParams {
  const minSize = Math.floor(averageSize / 4);
  const maxSize = averageSize * 8;
  const offset = minSize + Math.ceil(minSize / 2);
  const bits = Math.round(Math.log2(averageSize));
  return {
    minSize,
    maxSize,
    centerSize: averageSize - offset,
    maskSmall: 2 ** (bits + 1) - 1,
    maskLarge: 2 ** (bits - 1) - 1,
  };
}

export const DATA_AVERAGE_CHUNK_SIZE = 1024;

/** Receives a chunk as a byte range; the bytes are only valid during the call. */
export type ChunkSink = (bytes: Uint8Array, start: number, end: number) => void;

/**
 * Cuts a byte stream fed in arbitrary pieces into the same chunks as cutting it whole. A chunk
 * that lies inside one piece is passed in place; one that spans pieces is assembled in a buffer
 * of `maxSize` bytes, so no allocation happens per chunk or per byte.
 */
export class CdcChunker {
  readonly #params: CdcParams;
  readonly #sink: ChunkSink;
  readonly #carry: Uint8Array;
  #carryLength = 0;
  #chunkLength = 0;
  #pattern = 0;
  #emitted = false;

  constructor(sink: ChunkSink, params: CdcParams = computeCdcParams(DATA_AVERAGE_CHUNK_SIZE)) {
    this.#params = params;
    this.#sink = sink;
    this.#carry = new Uint8Array(params.maxSize);
  }

  push(data: Uint8Array): void {
    const { minSize, maxSize, centerSize, maskSmall, maskLarge } = this.#params;
    const n = data.length;
    let i = 0;
    let chunkStart = 0;
    let position = this.#chunkLength;
    let pattern = this.#pattern;
    while (i < n) {
      if (position < minSize) {
        const skip = Math.min(minSize - position, n - i);
        i += skip;
        position += skip;
        if (i === n) break;
      }
      let cut = false;
      const smallEnd = Math.min(n, i + centerSize - position);
      while (i < smallEnd) {
        pattern = ((pattern >>> 1) + CDC_GEAR[data[i]!]!) | 0;
        i++;
        position++;
        if ((pattern & maskSmall) === 0) {
          cut = true;
          break;
        }
      }
      if (!cut) {
        const largeEnd = Math.min(n, i + maxSize - position);
        while (i < largeEnd) {
          pattern = ((pattern >>> 1) + CDC_GEAR[data[i]!]!) | 0;
          i++;
          position++;
          if ((pattern & maskLarge) === 0) {
            cut = true;
            break;
          }
        }
        if (position === maxSize) cut = true;
      }
      if (!cut) break;
      this.#emit(data, chunkStart, i);
      chunkStart = i;
      position = 0;
      pattern = 0;
    }
    if (chunkStart < n) {
      this.#carry.set(data.subarray(chunkStart, n), this.#carryLength);
      this.#carryLength += n - chunkStart;
    }
    this.#chunkLength = position;
    this.#pattern = pattern;
  }

  /** Emits the last chunk: the bytes left over, or one empty chunk if the stream was empty. */
  finish(): void {
    if (this.#chunkLength > 0 || !this.#emitted) {
      this.#sink(this.#carry, 0, this.#carryLength);
      this.#emitted = true;
    }
    this.#carryLength = 0;
    this.#chunkLength = 0;
    this.#pattern = 0;
  }

  #emit(data: Uint8Array, start: number, end: number): void {
    this.#emitted = true;
    if (this.#carryLength === 0) {
      this.#sink(data, start, end);
      return;
    }
    this.#carry.set(data.subarray(start, end), this.#carryLength);
    const length = this.#carryLength + end - start;
    this.#carryLength = 0;
    this.#sink(this.#carry, 0, length);
  }
}
