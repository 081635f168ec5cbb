import { FingerprintError } from '../errors.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Share of control characters (other than tab, line and page breaks) above which input is binary. */
const MAX_CONTROL_SHARE = 0.01;

// Unicode §23.8 (byte order mark): the BOM names the encoding and is not part of the text.
/** The encoding a byte order mark names, with the BOM's length; UTF-8 without a BOM. */
export function detectTextEncoding(bytes: Uint8Array): { encoding: TextEncoding; bomBytes: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2 };
  return { encoding: 'utf-8', bomBytes: 0 };
}

function countBinaryCharacters(text: string): { nul: number; control: number } {
  let nul = 0;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0) nul++;
    else if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
      code === 0x7f
    ) {
      control++;
    }
  }
  return { nul, control };
}

/** Why decoded text looks like binary data, or undefined when it reads as text. */
export function findBinaryReason(text: string): string | undefined {
  const { nul, control } = countBinaryCharacters(text);
  if (nul > 0) return 'it contains NUL bytes';
  if (control > Math.max(1, text.length * MAX_CONTROL_SHARE)) return 'it is mostly control characters';
  return undefined;
}

/**
 * Decodes text bytes: UTF-8, or UTF-16 with a byte order mark; the BOM is dropped. `partial` lets the
 * bytes end inside a character (a sample of a longer file). Throws TEXT_INVALID for bytes that are
 * not valid in the encoding or that read as binary data.
 */
export function decodeTextBytes(bytes: Uint8Array, options: { partial?: boolean } = {}): string {
  const { encoding, bomBytes } = detectTextEncoding(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(bomBytes), {
      stream: options.partial === true,
    });
  } catch (cause) {
    throw new FingerprintError('TEXT_INVALID', `the bytes are not valid ${encoding.toUpperCase()} text`, {
      cause,
      details: { encoding },
    });
  }
  const binary = findBinaryReason(text);
  if (binary !== undefined) {
    throw new FingerprintError('TEXT_INVALID', `the bytes are not text: ${binary}`, {
      details: { encoding },
    });
  }
  return text;
}

/** True when a sample of a file's first bytes decodes as text (see decodeTextBytes). */
export function looksLikeText(sample: Uint8Array): boolean {
  try {
    decodeTextBytes(sample, { partial: true });
    return true;
  } catch {
    return false;
  }
}
