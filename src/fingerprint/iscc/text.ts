import { encodeUnit, requireUnitBits } from './codec.ts';
import { requireString } from './input.ts';
import { addMinhashFeatures, createMinhashState, digestMinhash256 } from './minhash.ts';
import { collapseText } from './text-normalize.ts';
import { ContentSubType, MainType } from './types.ts';
import { xxh32 } from './xxh32.ts';

// ISO 24138:2024 §6.4 (Content-Code Text), iscc-core `code_content_text.py`: collapse the text,
// XXH32 of the UTF-8 of every 13-character window, MinHash of those features.

export const TEXT_NGRAM_SIZE = 13;

const utf8Encoder = new TextEncoder();

export interface TextCodeResult {
  iscc: string;
  /** Characters (code points) of the collapsed text. */
  characters: number;
}

/**
 * The 256-bit Text-Hash of collapsed text. The text is encoded once; each window is hashed in
 * place through a table of code point offsets. Text shorter than a window is one window.
 */
export function hashCollapsedText(collapsed: string): { digest: Uint8Array; characters: number } {
  const bytes = utf8Encoder.encode(collapsed);
  const starts = new Int32Array(bytes.length + 1);
  let characters = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i]! & 0xc0) !== 0x80) starts[characters++] = i;
  starts[characters] = bytes.length;
  const windows = Math.max(characters - TEXT_NGRAM_SIZE + 1, 1);
  const features = new Uint32Array(windows);
  for (let w = 0; w < windows; w++) {
    features[w] = xxh32(bytes, starts[w]!, starts[Math.min(w + TEXT_NGRAM_SIZE, characters)]!);
  }
  const state = createMinhashState();
  addMinhashFeatures(state, features);
  return { digest: digestMinhash256(state), characters };
}

/** Text-Code of plain text (markup already removed). */
export function generateTextCode(text: string, bits = 64): TextCodeResult {
  requireString(text, 'text');
  requireUnitBits(bits);
  const { digest, characters } = hashCollapsedText(collapseText(text));
  return { iscc: encodeUnit(MainType.CONTENT, ContentSubType.TEXT, bits, digest), characters };
}
