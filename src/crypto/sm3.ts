import type { IncrementalHash } from './backend-types.ts';
import { CryptoError } from './errors.ts';

// SM3 in plain TypeScript for the browser backend; Node uses OpenSSL's SM3 instead.
// GB/T 32905-2016 (also GM/T 0004-2012, ISO/IEC 10118-3:2018 §13).

const BLOCK_SIZE_BYTES = 64;
const DIGEST_SIZE_BYTES = 32;

// GB/T 32905-2016 §4.1
const INITIAL_VALUE = Uint32Array.from([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
]);

// GB/T 32905-2016 §4.2: T_j is 79cc4519 for j < 16 and 7a879d8a after; the compression
// function only ever uses T_j rotated left by j mod 32, so those rotations are tabulated.
const ROTATED_T = new Uint32Array(64);
for (let j = 0; j < 64; j++) {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
  const shift = j % 32;
  ROTATED_T[j] = shift === 0 ? t : ((t << shift) | (t >>> (32 - shift))) >>> 0;
}

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

class Sm3Hash implements IncrementalHash {
  private readonly state = Uint32Array.from(INITIAL_VALUE);
  private readonly block = new Uint8Array(BLOCK_SIZE_BYTES);
  private readonly blockView = new DataView(this.block.buffer);
  private readonly w = new Int32Array(68);
  private blockLength = 0;
  private totalBytes = 0;
  private finished = false;

  update(chunk: Uint8Array): IncrementalHash {
    if (this.finished) throw new CryptoError('HASH_FINALIZED', 'the hash was already finalized by digest()');
    let offset = 0;
    const length = chunk.length;
    this.totalBytes += length;
    if (this.blockLength > 0) {
      const take = Math.min(BLOCK_SIZE_BYTES - this.blockLength, length);
      this.block.set(chunk.subarray(0, take), this.blockLength);
      this.blockLength += take;
      offset = take;
      if (this.blockLength < BLOCK_SIZE_BYTES) return this;
      this.compress(this.blockView, 0);
      this.blockLength = 0;
    }
    if (length - offset >= BLOCK_SIZE_BYTES) {
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (; length - offset >= BLOCK_SIZE_BYTES; offset += BLOCK_SIZE_BYTES) this.compress(view, offset);
    }
    if (offset < length) {
      this.block.set(chunk.subarray(offset), 0);
      this.blockLength = length - offset;
    }
    return this;
  }

  // GB/T 32905-2016 §5.2: pad with 1, zeros, then the 64-bit big-endian message length in bits.
  digest(): Uint8Array {
    if (this.finished) throw new CryptoError('HASH_FINALIZED', 'the hash was already finalized by digest()');
    this.finished = true;
    const bitLength = this.totalBytes * 8;
    this.block[this.blockLength++] = 0x80;
    if (this.blockLength > BLOCK_SIZE_BYTES - 8) {
      this.block.fill(0, this.blockLength);
      this.compress(this.blockView, 0);
      this.blockLength = 0;
    }
    this.block.fill(0, this.blockLength, BLOCK_SIZE_BYTES - 8);
    this.blockView.setUint32(BLOCK_SIZE_BYTES - 8, Math.floor(bitLength / 0x1_0000_0000));
    this.blockView.setUint32(BLOCK_SIZE_BYTES - 4, bitLength >>> 0);
    this.compress(this.blockView, 0);
    const out = new Uint8Array(DIGEST_SIZE_BYTES);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(4 * i, this.state[i]!);
    return out;
  }

  // GB/T 32905-2016 §5.3: message expansion (§5.3.2) and compression function CF (§5.3.3).
  private compress(view: DataView, offset: number): void {
    const w = this.w;
    for (let j = 0; j < 16; j++) w[j] = view.getInt32(offset + 4 * j);
    for (let j = 16; j < 68; j++) {
      const x = w[j - 16]! ^ w[j - 9]! ^ rotl(w[j - 3]!, 15);
      w[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(w[j - 13]!, 7) ^ w[j - 6]!;
    }
    const state = this.state;
    let a = state[0]! | 0;
    let b = state[1]! | 0;
    let c = state[2]! | 0;
    let d = state[3]! | 0;
    let e = state[4]! | 0;
    let f = state[5]! | 0;
    let g = state[6]! | 0;
    let h = state[7]! | 0;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + ROTATED_T[j]!) | 0, 7);
      const ss2 = ss1 ^ a12;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = (ff + d + ss2 + (w[j]! ^ w[j + 4]!)) | 0;
      const tt2 = (gg + h + ss1 + w[j]!) | 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
    }
    state[0] = state[0]! ^ a;
    state[1] = state[1]! ^ b;
    state[2] = state[2]! ^ c;
    state[3] = state[3]! ^ d;
    state[4] = state[4]! ^ e;
    state[5] = state[5]! ^ f;
    state[6] = state[6]! ^ g;
    state[7] = state[7]! ^ h;
  }
}

export function createSm3Hash(): IncrementalHash {
  return new Sm3Hash();
}

export function hashSm3(data: Uint8Array): Uint8Array {
  return new Sm3Hash().update(data).digest();
}
