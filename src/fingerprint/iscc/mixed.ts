import { decodeBase32 } from './base32.ts';
import { encodeUnit, requireUnitBits, stripIsccPrefix } from './codec.ts';
import { decodeHeader } from './header.ts';
import { inputError } from './input.ts';
import { computeSimhash } from './simhash.ts';
import { ContentSubType, MainType, UNIT_BITS_MAX, UNIT_BITS_STEP } from './types.ts';

// ISO 24138:2024 §6.6 (Content-Code Mixed), iscc-core `code_content_mixed.py`: SimHash over the
// Content-Codes, each as its first header byte (main type and sub type nibbles) followed by its
// body cut to `bits − 8` bits. As in the reference, the sub type is not checked: conformance
// vectors mix in Content-Codes with sub types that later versions left unassigned.

export interface MixedCodeResult {
  iscc: string;
  /** The codes given, as given. */
  parts: string[];
}

function decodeContentCode(code: unknown, index: number): { bytes: Uint8Array; bodyOffset: number } {
  if (typeof code !== 'string')
    throw inputError('every part of a Mixed-Code must be an ISCC string', { index });
  const bytes = decodeBase32(stripIsccPrefix(code));
  const { header, bodyOffset } = decodeHeader(bytes);
  const bits = (header.length + 1) * UNIT_BITS_STEP;
  if (header.mainType !== MainType.CONTENT || header.version !== 0 || bits > UNIT_BITS_MAX) {
    throw inputError('a Mixed-Code is made of version 0 Content-Codes only', { index });
  }
  if (bytes.length - bodyOffset !== bits / 8) {
    throw inputError('a Content-Code body does not have the length its header announces', { index });
  }
  return { bytes, bodyOffset };
}

/** Mixed-Code of two or more Content-Codes of at least `bits` bits each. */
export function generateMixedCode(codes: string[], bits = 64): MixedCodeResult {
  requireUnitBits(bits);
  if (!Array.isArray(codes) || codes.length < 2)
    throw inputError('a Mixed-Code needs at least two Content-Codes');
  const nbytes = bits / 8;
  const entries = new Uint8Array(codes.length * nbytes);
  codes.forEach((code, index) => {
    const { bytes, bodyOffset } = decodeContentCode(code, index);
    const codeBits = (bytes.length - bodyOffset) * 8;
    if (codeBits < bits) {
      throw inputError(`every Content-Code must have at least ${bits} bits`, { index, bits: codeBits });
    }
    entries[index * nbytes] = bytes[0]!;
    entries.set(bytes.subarray(bodyOffset, bodyOffset + nbytes - 1), index * nbytes + 1);
  });
  const digest = computeSimhash(entries, nbytes, codes.length);
  return { iscc: encodeUnit(MainType.CONTENT, ContentSubType.MIXED, bits, digest), parts: [...codes] };
}
