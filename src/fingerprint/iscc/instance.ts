import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex } from '../../crypto/index.ts';
import { encodeUnit, requireUnitBits } from './codec.ts';
import { readByteStream, type ByteStream } from './input.ts';
import { MainType } from './types.ts';

// ISO 24138:2024 §6.8 (Instance-Code), iscc-core `code_instance.py`: BLAKE3 of the bytes; the
// full digest is also given as a multihash (0x1e = blake3, 0x20 = 32 bytes).

/** `1e20` + hex: the multihash form iscc-core gives as `datahash` and `metahash`. */
export function formatBlake3Multihash(digest: Uint8Array): string {
  return `1e20${bytesToHex(digest)}`;
}

export class InstanceCodeHasher {
  readonly #hash = blake3.create();
  #size = 0;

  update(chunk: Uint8Array): this {
    this.#hash.update(chunk);
    this.#size += chunk.length;
    return this;
  }

  /** Bytes fed so far. */
  get filesize(): number {
    return this.#size;
  }

  digest(): Uint8Array {
    return this.#hash.clone().digest();
  }

  result(bits = 64): InstanceCodeResult {
    const digest = this.digest();
    return {
      iscc: encodeUnit(MainType.INSTANCE, 0, requireUnitBits(bits), digest),
      datahash: formatBlake3Multihash(digest),
      filesize: this.#size,
    };
  }
}

export interface InstanceCodeResult {
  iscc: string;
  /** BLAKE3 multihash of the whole stream, `1e20…`. */
  datahash: string;
  /** Stream length in bytes. */
  filesize: number;
}

/** Instance-Code of a byte stream, read piece by piece. */
export async function generateInstanceCode(stream: ByteStream, bits = 64): Promise<InstanceCodeResult> {
  requireUnitBits(bits);
  const hasher = new InstanceCodeHasher();
  for await (const chunk of readByteStream(stream)) hasher.update(chunk);
  return hasher.result(bits);
}
