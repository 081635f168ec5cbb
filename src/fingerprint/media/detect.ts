import { open } from 'node:fs/promises';
import { FingerprintError } from '../errors.ts';
import { resolveMediaOptions, type MediaOptionsInput } from './options.ts';
import { hasMovingPicture, hasSound, probeMedia, type MediaProbe } from './probe.ts';
import { sniffMedia } from './sniff.ts';
import { decodeTextBytes, looksLikeText } from './text-decode.ts';
import { detectTextFormat } from './text.ts';

export type MediaType = 'image' | 'audio' | 'video' | 'text' | 'binary';

export interface MediaDetection {
  mediaType: MediaType;
  /** Short format name (jpeg, mp4, mp3, html, markdown, plain, …; `unknown` for other binary data). */
  format: string;
  /** Size of the file in bytes when it was opened. */
  size: number;
  /** ffprobe's description, for audio and video. */
  probe?: MediaProbe;
}

const HEAD_BYTES = 64 * 1024;

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
};

export function unreadableFile(path: string, cause: unknown): FingerprintError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    (code !== undefined ? ERRNO_REASONS[code] : undefined) ??
    (cause instanceof Error ? cause.message : String(cause));
  return new FingerprintError('FILE_UNREADABLE', `cannot read ${JSON.stringify(path)}: ${reason}`, {
    cause,
    details: { path, errno: code },
  });
}

/** The first bytes and the size of a regular file; FILE_UNREADABLE for anything else. */
export async function readFileHead(path: string): Promise<{ head: Uint8Array; size: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw unreadableFile(path, cause);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new FingerprintError('FILE_UNREADABLE', `${JSON.stringify(path)} is not a regular file`, {
        details: { path },
      });
    }
    const head = new Uint8Array(Math.min(HEAD_BYTES, info.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return { head: head.subarray(0, bytesRead), size: info.size };
  } catch (cause) {
    if (cause instanceof FingerprintError) throw cause;
    throw unreadableFile(path, cause);
  } finally {
    await handle.close();
  }
}

/**
 * What a file holds, judged by its content: image and audio/video signatures first (audio and video
 * told apart, and confirmed, by ffprobe), then text, else binary. The extension only picks Markdown
 * among text formats. Throws FILE_UNREADABLE, and AUDIO_INVALID / VIDEO_INVALID for a file that
 * carries an audio or video signature but that ffprobe cannot read.
 */
export async function detectMediaType(
  path: string,
  options: MediaOptionsInput = {},
): Promise<MediaDetection> {
  const resolved = resolveMediaOptions(options);
  const { head, size } = await readFileHead(path);
  const sniffed = sniffMedia(head);
  if (sniffed?.kind === 'image') return { mediaType: 'image', format: sniffed.format, size };
  if (sniffed !== undefined) {
    const result = await probeMedia(path, resolved);
    if (!result.ok) {
      const code = sniffed.kind === 'audio' ? 'AUDIO_INVALID' : 'VIDEO_INVALID';
      throw new FingerprintError(
        code,
        `${JSON.stringify(path)} looks like ${sniffed.format} but cannot be read: ${result.reason}`,
        { details: { path, format: sniffed.format } },
      );
    }
    const { probe } = result;
    const format = sniffed.format;
    if (hasMovingPicture(probe)) return { mediaType: 'video', format, size, probe };
    if (hasSound(probe)) return { mediaType: 'audio', format, size, probe };
    return { mediaType: 'binary', format, size, probe };
  }
  if (size > 0 && looksLikeText(head)) {
    const sample = decodeTextBytes(head, { partial: true });
    return { mediaType: 'text', format: detectTextFormat(path, sample), size };
  }
  return { mediaType: 'binary', format: 'unknown', size };
}
