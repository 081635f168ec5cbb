import { FingerprintError } from '../errors.ts';

// ISO 24138:2024 §5.2: the header is four varnibbles (main type, sub type, version, length),
// each 1–4 nibbles, padded with a zero nibble to a whole byte.

export interface IsccHeader {
  mainType: number;
  subType: number;
  version: number;
  /** The raw length field; its meaning depends on the main type (see codec.ts). */
  length: number;
}

export const VARNIBBLE_MAX = 4679;

function pushVarnibble(nibbles: number[], value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > VARNIBBLE_MAX) {
    throw new FingerprintError('ISCC_INPUT_INVALID', `a header field must be an integer 0–${VARNIBBLE_MAX}`, {
      details: { value },
    });
  }
  if (value < 8) {
    nibbles.push(value);
  } else if (value < 72) {
    const bits = 0x80 | (value - 8);
    nibbles.push(bits >> 4, bits & 15);
  } else if (value < 584) {
    const bits = 0xc00 | (value - 72);
    nibbles.push(bits >> 8, (bits >> 4) & 15, bits & 15);
  } else {
    const bits = 0xe000 | (value - 584);
    nibbles.push(bits >> 12, (bits >> 8) & 15, (bits >> 4) & 15, bits & 15);
  }
}

export function encodeHeader(header: IsccHeader): Uint8Array {
  const nibbles: number[] = [];
  pushVarnibble(nibbles, header.mainType);
  pushVarnibble(nibbles, header.subType);
  pushVarnibble(nibbles, header.version);
  pushVarnibble(nibbles, header.length);
  if (nibbles.length % 2 === 1) nibbles.push(0);
  const out = new Uint8Array(nibbles.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  return out;
}

function nibbleAt(bytes: Uint8Array, index: number): number {
  const byte = bytes[index >> 1]!;
  return index % 2 === 0 ? byte >> 4 : byte & 15;
}

export interface DecodedHeader {
  header: IsccHeader;
  /** Offset of the first body byte. */
  bodyOffset: number;
}

/** Reads a header at `offset`; throws ISCC_INVALID when the bytes end early or a prefix is 1111. */
export function decodeHeader(bytes: Uint8Array, offset = 0): DecodedHeader {
  const available = (bytes.length - offset) * 2;
  let position = 0;
  const read = (): number => {
    const need = (first: number): number => {
      if (first < 8) return 1;
      if (first < 12) return 2;
      if (first < 14) return 3;
      if (first < 15) return 4;
      throw new FingerprintError('ISCC_INVALID', 'the ISCC header has an invalid field prefix');
    };
    if (position >= available) {
      throw new FingerprintError('ISCC_INVALID', 'the ISCC is too short to hold a header');
    }
    const first = nibbleAt(bytes, offset * 2 + position);
    const count = need(first);
    if (position + count > available) {
      throw new FingerprintError('ISCC_INVALID', 'the ISCC is too short to hold a header');
    }
    let bits = 0;
    for (let i = 0; i < count; i++) bits = (bits << 4) | nibbleAt(bytes, offset * 2 + position + i);
    position += count;
    if (count === 1) return bits;
    if (count === 2) return (bits & 0x3f) + 8;
    if (count === 3) return (bits & 0x1ff) + 72;
    return (bits & 0xfff) + 584;
  };
  const header: IsccHeader = { mainType: read(), subType: read(), version: read(), length: read() };
  if (position % 2 === 1) {
    if (nibbleAt(bytes, offset * 2 + position) !== 0) {
      throw new FingerprintError('ISCC_INVALID', 'the ISCC header padding nibble is not zero');
    }
    position += 1;
  }
  return { header, bodyOffset: offset + position / 2 };
}
