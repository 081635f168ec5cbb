import { FingerprintError } from '../errors.ts';
import { CdcChunker } from './cdc.ts';
import { encodeUnit, requireUnitBits } from './codec.ts';
import { readByteStream, type ByteStream } from './input.ts';
import { addMinhashFeatures, createMinhashState, digestMinhash256, type MinhashState } from './minhash.ts';
import { MainType } from './types.ts';
import { xxh32 } from './xxh32.ts';

// ISO 24138:2024 §6.7 (Data-Code), iscc-core `code_data.py`: content-defined chunks of ~1 KiB,
// an XXH32 feature per chunk, MinHash of the features.

const FEATURE_BATCH = 4096;

/** Feeds a Data-Code from pieces of a stream; the result does not depend on how it is cut. */
export class DataCodeHasher {
  readonly #minhash: MinhashState = createMinhashState();
  readonly #features = new Uint32Array(FEATURE_BATCH);
  #featureCount = 0;
  readonly #chunker = new CdcChunker((bytes, start, end) => {
    this.#features[this.#featureCount++] = xxh32(bytes, start, end);
    if (this.#featureCount === FEATURE_BATCH) this.#flush();
  });
  #finished = false;

  update(chunk: Uint8Array): this {
    if (this.#finished)
      throw new FingerprintError('ISCC_INPUT_INVALID', 'the Data-Code hasher was fed after its digest');
    this.#chunker.push(chunk);
    return this;
  }

  /** The 256-bit Data-Hash; the hasher cannot be fed afterwards. */
  digest(): Uint8Array {
    if (!this.#finished) {
      this.#chunker.finish();
      this.#flush();
      this.#finished = true;
    }
    return digestMinhash256(this.#minhash);
  }

  /** The Data-Code (`ISCC:G…`) truncated to `bits`. */
  code(bits = 64): string {
    return encodeUnit(MainType.DATA, 0, requireUnitBits(bits), this.digest());
  }

  #flush(): void {
    addMinhashFeatures(this.#minhash, this.#features, this.#featureCount);
    this.#featureCount = 0;
  }
}

export interface DataCodeResult {
  iscc: string;
}

/** Data-Code of a byte stream, read piece by piece (a 1 GiB file never sits in memory whole). */
export async function generateDataCode(stream: ByteStream, bits = 64): Promise<DataCodeResult> {
  requireUnitBits(bits);
  const hasher = new DataCodeHasher();
  for await (const chunk of readByteStream(stream)) hasher.update(chunk);
  return { iscc: hasher.code(bits) };
}
