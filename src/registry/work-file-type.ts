import type { WorkFingerprint } from './work-file.ts';

// How a work's file may be shown: the Content-Type it is sent with and the preview the portal
// makes of it. Only types a browser renders without running anything are sent as themselves
// (WHATWG MIME Sniffing §7 image, audio and video types); text is always text/plain; every other
// file is application/octet-stream, a download.

export type WorkFilePreview = 'image' | 'audio' | 'video' | 'text' | 'download';

/** Detected `mediaType/format` → a type browsers render without scripts. */
const SAFE_MEDIA_TYPES: Readonly<Record<string, string>> = Object.freeze({
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'audio/mp3': 'audio/mpeg',
  'audio/mpeg-audio': 'audio/mpeg',
  'audio/ogg': 'audio/ogg',
  'audio/wav': 'audio/wav',
  'audio/flac': 'audio/flac',
  'audio/m4a': 'audio/mp4',
  'video/mp4': 'video/mp4',
  'video/matroska': 'video/webm',
});

export const DOWNLOAD_TYPE = 'application/octet-stream';

/** The Content-Type of a work's file and the preview it allows. */
export function chooseWorkFileType(fingerprint: Pick<WorkFingerprint, 'mediaType' | 'format'>): {
  contentType: string;
  preview: WorkFilePreview;
} {
  const { mediaType, format } = fingerprint;
  if (mediaType === 'text') return { contentType: 'text/plain; charset=utf-8', preview: 'text' };
  const listed = SAFE_MEDIA_TYPES[`${mediaType}/${format}`];
  if (listed === undefined || mediaType === 'binary')
    return { contentType: DOWNLOAD_TYPE, preview: 'download' };
  return { contentType: listed, preview: mediaType };
}
