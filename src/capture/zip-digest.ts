import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { CaptureError } from './errors.ts';
import {
  DEFAULT_ZIP_LIMITS,
  listZipEntries,
  overrunError,
  type ZipDirectoryEntry,
  type ZipLimits,
} from './zip.ts';

// Verification of an archive without holding it inflated: each file is inflated in chunks that are
// hashed and dropped, and inflation stops the moment a file passes the size its entry declares
// (which listZipEntries has already bounded). Only the files a caller asks for are kept.

export interface DigestedZipEntry {
  path: string;
  /** `sha256:<hex>` of the inflated bytes. */
  sha256: string;
  /** Inflated size in bytes. */
  size: number;
  /** The CRC-32 the archive records for the file. */
  expectedCrc: number;
  /** The CRC-32 of the bytes read. */
  computedCrc: number;
  /** The bytes, only for the files `keep` named. */
  bytes?: Uint8Array;
}

const CHUNK_BYTES = 64 << 10;
/** Largest file kept in memory: the JSON files a check reads, never a WARC. */
export const MAX_KEPT_BYTES = 16 << 20;

function* slices(stored: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < stored.length; at += CHUNK_BYTES) yield stored.subarray(at, at + CHUNK_BYTES);
}

async function digestEntry(
  zip: Uint8Array,
  entry: ZipDirectoryEntry,
  keep: boolean,
): Promise<DigestedZipEntry> {
  if (keep && entry.size > MAX_KEPT_BYTES) {
    throw new CaptureError(
      'ARCHIVE_TOO_LARGE',
      `the archive is refused: ${entry.path} is over the ${MAX_KEPT_BYTES} bytes read into memory`,
      {
        details: {
          file: entry.path,
          limit: 'maxKeptBytes',
          maxBytes: MAX_KEPT_BYTES,
          declaredBytes: entry.size,
        },
      },
    );
  }
  const stored = zip.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const hash = createHash('sha256');
  const kept: Uint8Array[] = [];
  let computedCrc = 0;
  let size = 0;
  // Kept aside: pipeline reports the abort of its streams, not the error that caused it.
  let overrun: CaptureError | undefined;
  const take = (chunk: Uint8Array): void => {
    size += chunk.length;
    if (size > entry.size) {
      overrun = overrunError(entry);
      throw overrun;
    }
    hash.update(chunk);
    computedCrc = crc32(chunk, computedCrc);
    if (keep) kept.push(chunk);
  };
  if (entry.method === 0) take(stored);
  else {
    try {
      await pipeline(
        Readable.from(slices(stored)),
        createInflateRaw({ chunkSize: CHUNK_BYTES }),
        async (inflated: AsyncIterable<Buffer>) => {
          for await (const chunk of inflated) take(chunk);
        },
      );
    } catch (cause) {
      if (overrun !== undefined) throw overrun;
      throw new CaptureError(
        'PACKAGE_INVALID',
        `not a readable WACZ package: ${entry.path} does not inflate`,
        {
          cause,
          details: { file: entry.path },
        },
      );
    }
  }
  if (size !== entry.size) {
    throw new CaptureError(
      'PACKAGE_INVALID',
      `not a readable WACZ package: ${entry.path} holds ${size} bytes, not the ${entry.size} its entry says`,
      { details: { file: entry.path } },
    );
  }
  return {
    path: entry.path,
    sha256: `sha256:${hash.digest('hex')}`,
    size,
    expectedCrc: entry.expectedCrc,
    computedCrc,
    ...(keep ? { bytes: Buffer.concat(kept) } : {}),
  };
}

/**
 * The SHA-256, size and CRC-32 of every file of a ZIP archive, in central-directory order, with the
 * bytes of the files `keep` accepts. Memory stays near one chunk per file whatever the archive
 * declares. Throws as listZipEntries does, ARCHIVE_TOO_LARGE for a file that inflates past its
 * declared size, and PACKAGE_INVALID for a file that does not inflate to it.
 */
export async function digestZipEntries(
  zip: Uint8Array,
  keep: (path: string) => boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<DigestedZipEntry[]> {
  const digested: DigestedZipEntry[] = [];
  for (const entry of listZipEntries(zip, limits))
    digested.push(await digestEntry(zip, entry, keep(entry.path)));
  return digested;
}
