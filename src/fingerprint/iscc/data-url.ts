import { base64ToBytes } from '../../crypto/index.ts';
import { inputError } from './input.ts';

// RFC 2397 data URLs: `data:[<media type>][;base64],<data>`.

const utf8Encoder = new TextEncoder();

export interface DataUrl {
  /** The header between `data:` and the comma, without `;base64`. */
  mediaType: string;
  payload: Uint8Array;
}

function percentDecode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw inputError('the data URL has a malformed percent escape');
      out.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const codePoint = text.codePointAt(i)!;
      const char = String.fromCodePoint(codePoint);
      out.push(...utf8Encoder.encode(char));
      i += char.length - 1;
    }
  }
  return Uint8Array.from(out);
}

/** Parses a data URL; throws ISCC_INPUT_INVALID when it is malformed. */
export function parseDataUrl(url: string): DataUrl {
  if (!/^data:/i.test(url)) throw inputError('meta text must be a data URL (data:…)');
  const comma = url.indexOf(',');
  if (comma < 0) throw inputError('the data URL has no comma before its data');
  const header = url.slice(5, comma);
  const data = url.slice(comma + 1);
  const isBase64 = /;base64$/i.test(header);
  if (!isBase64) return { mediaType: header, payload: percentDecode(data) };
  try {
    return { mediaType: header.slice(0, -7), payload: base64ToBytes(data) };
  } catch (cause) {
    throw inputError('the data URL has malformed base64 data', { cause: String(cause) });
  }
}
