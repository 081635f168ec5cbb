// File signatures ("magic numbers") of the formats the media front ends read, after WHATWG MIME
// Sniffing §6.1 (images), §6.2 (audio and video) and each format's own specification.

export type SniffedKind = 'image' | 'audio' | 'video';

export interface Sniffed {
  kind: SniffedKind;
  /** Short format name: jpeg, png, mp4, matroska, mp3, … */
  format: string;
}

const IMAGE_BRANDS = new Set([
  'avif',
  'avis',
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'mif1',
  'msf1',
]);
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = start; i < start + length && i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function sniffImage(head: Uint8Array): Sniffed | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', format: 'png' };
  const opening = ascii(head, 0, 6);
  if (opening === 'GIF87a' || opening === 'GIF89a') return { kind: 'image', format: 'gif' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'image', format: 'tiff' };
  }
  if (ascii(head, 4, 4) === 'ftyp' && IMAGE_BRANDS.has(ascii(head, 8, 4)))
    return { kind: 'image', format: 'heif' };
  return undefined;
}

function isMpegTransportStream(head: Uint8Array): boolean {
  return head.length >= 377 && head[0] === 0x47 && head[188] === 0x47 && head[376] === 0x47;
}

function sniffAudioVideo(head: Uint8Array): Sniffed | undefined {
  const four = ascii(head, 0, 4);
  if (ascii(head, 0, 3) === 'ID3') return { kind: 'audio', format: 'mp3' };
  if (four === 'fLaC') return { kind: 'audio', format: 'flac' };
  if (four === 'OggS') return { kind: 'audio', format: 'ogg' };
  if (four === 'RIFF' && ascii(head, 8, 4) === 'WAVE') return { kind: 'audio', format: 'wav' };
  if (four === 'RIFF' && ascii(head, 8, 4) === 'AVI ') return { kind: 'video', format: 'avi' };
  if (four === 'FORM' && /^AIF[FC]$/.test(ascii(head, 8, 4))) return { kind: 'audio', format: 'aiff' };
  if (ascii(head, 0, 5) === '#!AMR') return { kind: 'audio', format: 'amr' };
  if (four === 'caff') return { kind: 'audio', format: 'caf' };
  if (four === 'wvpk') return { kind: 'audio', format: 'wavpack' };
  if (four === 'MAC ') return { kind: 'audio', format: 'ape' };
  if (four === '.snd') return { kind: 'audio', format: 'au' };
  if (ascii(head, 4, 4) === 'ftyp') {
    return AUDIO_BRANDS.has(ascii(head, 8, 4))
      ? { kind: 'audio', format: 'm4a' }
      : { kind: 'video', format: 'mp4' };
  }
  if (QUICKTIME_ATOMS.has(ascii(head, 4, 4))) return { kind: 'video', format: 'mov' };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'video', format: 'matroska' };
  if (ascii(head, 0, 3) === 'FLV') return { kind: 'video', format: 'flv' };
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]))
    return { kind: 'video', format: 'asf' };
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba]) || startsWith(head, [0x00, 0x00, 0x01, 0xb3])) {
    return { kind: 'video', format: 'mpeg' };
  }
  if (isMpegTransportStream(head)) return { kind: 'video', format: 'mpegts' };
  // MPEG audio frame sync (11 set bits, ISO/IEC 11172-3 §2.4.2.3) or ADTS (ISO/IEC 13818-7).
  if (head[0] === 0xff && head.length > 1 && (head[1]! & 0xe0) === 0xe0)
    return { kind: 'audio', format: 'mpeg-audio' };
  return undefined;
}

/** Recognises an image, audio or video file by its first bytes (at least 512 should be given). */
export function sniffMedia(head: Uint8Array): Sniffed | undefined {
  return sniffImage(head) ?? sniffAudioVideo(head);
}
