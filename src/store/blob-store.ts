import type { ReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex, createHasher, randomBytes } from '../crypto/index.ts';
import { StoreError } from './errors.ts';

export interface BlobStoreOptions {
  /** Root directory; blobs live at `<rootDir>/sha256/ab/cd/<64 hex>`. */
  rootDir: string;
  /** Largest blob accepted, in bytes; enforced while streaming. */
  maxBlobBytes: number;
}

export const DEFAULT_BLOB_STORE_OPTIONS: Readonly<BlobStoreOptions> = Object.freeze({
  rootDir: join('data', 'blobs'),
  maxBlobBytes: 1024 * 1024 * 1024,
});

export interface StoredBlob {
  /** Lower-case hex SHA-256 of the content: the blob's address. */
  sha256: string;
  sizeBytes: number;
  /** False when the same content was already stored (the new copy was discarded). */
  created: boolean;
}

export interface WriteBlobOptions {
  /** When given, the write fails with BLOB_DIGEST_MISMATCH unless the content hashes to it. */
  expectedSha256?: string;
}

const ADDRESS_PATTERN = /^[0-9a-f]{64}$/;

function checkAddress(sha256: string): void {
  if (typeof sha256 !== 'string' || !ADDRESS_PATTERN.test(sha256)) {
    throw new StoreError(
      'BLOB_ADDRESS_INVALID',
      'a blob address is 64 lower-case hexadecimal digits (SHA-256)',
    );
  }
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Content-addressed files on disk. A write streams into a temporary file beside the store while
 * hashing, stops at the size limit, fsyncs, then renames into place, so a reader never sees a
 * partial blob and a crash leaves at most a stray temporary file.
 */
export class BlobStore {
  readonly #rootDir: string;
  readonly #maxBlobBytes: number;

  constructor(options: Partial<BlobStoreOptions> = {}) {
    for (const key of Object.keys(options)) {
      if (!Object.hasOwn(DEFAULT_BLOB_STORE_OPTIONS, key)) {
        throw new StoreError('STORE_OPTIONS_INVALID', `unknown blob store option "${key}"`);
      }
    }
    const resolved = { ...DEFAULT_BLOB_STORE_OPTIONS, ...options };
    if (!Number.isSafeInteger(resolved.maxBlobBytes) || resolved.maxBlobBytes < 0) {
      throw new StoreError('STORE_OPTIONS_INVALID', 'maxBlobBytes must be a non-negative integer');
    }
    this.#rootDir = resolved.rootDir;
    this.#maxBlobBytes = resolved.maxBlobBytes;
  }

  get maxBlobBytes(): number {
    return this.#maxBlobBytes;
  }

  /** The file of a blob; throws BLOB_ADDRESS_INVALID for anything but 64 lower-case hex digits. */
  locateBlob(sha256: string): string {
    checkAddress(sha256);
    return join(this.#rootDir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams `source` into the store. Rejects BLOB_TOO_LARGE as soon as more than maxBlobBytes
   * arrive and BLOB_DIGEST_MISMATCH for a wrong expected digest; in both cases nothing is stored.
   */
  async writeBlob(source: AsyncIterable<Uint8Array>, options: WriteBlobOptions = {}): Promise<StoredBlob> {
    if (options.expectedSha256 !== undefined) checkAddress(options.expectedSha256);
    const tempDir = join(this.#rootDir, 'tmp');
    await mkdir(tempDir, { recursive: true });
    const tempPath = join(tempDir, `${bytesToHex(randomBytes(16))}.partial`);
    const handle = await open(tempPath, 'wx');
    const hasher = createHasher('sha256');
    let sizeBytes = 0;
    let finished = false;
    try {
      for await (const chunk of source) {
        if (!(chunk instanceof Uint8Array)) {
          throw new StoreError('BLOB_WRITE_FAILED', 'a blob source must yield bytes (Uint8Array chunks)');
        }
        sizeBytes += chunk.length;
        if (sizeBytes > this.#maxBlobBytes) {
          throw new StoreError('BLOB_TOO_LARGE', `a blob may be at most ${this.#maxBlobBytes} bytes`, {
            details: { maxBlobBytes: this.#maxBlobBytes },
          });
        }
        hasher.update(chunk);
        await handle.write(chunk);
      }
      await handle.sync();
      await handle.close();
      finished = true;
      const sha256 = bytesToHex(hasher.digest());
      if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
        throw new StoreError('BLOB_DIGEST_MISMATCH', 'the blob does not hash to the expected SHA-256', {
          details: { expectedSha256: options.expectedSha256, computedSha256: sha256 },
        });
      }
      const finalPath = this.locateBlob(sha256);
      if ((await stat(finalPath).catch(() => undefined))?.isFile()) {
        await unlink(tempPath);
        return { sha256, sizeBytes, created: false };
      }
      const shardDir = join(this.#rootDir, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4));
      await mkdir(shardDir, { recursive: true });
      await rename(tempPath, finalPath);
      await syncDirectory(shardDir);
      return { sha256, sizeBytes, created: true };
    } catch (error) {
      if (!finished) await handle.close().catch(() => undefined);
      await unlink(tempPath).catch(() => undefined);
      if (error instanceof StoreError) throw error;
      throw new StoreError('BLOB_WRITE_FAILED', `the blob could not be written: ${describeError(error)}`, {
        cause: error,
      });
    }
  }

  /** Size of a stored blob, or undefined when absent. */
  async statBlob(sha256: string): Promise<{ sizeBytes: number } | undefined> {
    const found = await stat(this.locateBlob(sha256)).catch(() => undefined);
    return found?.isFile() ? { sizeBytes: found.size } : undefined;
  }

  /** A stream of the blob's bytes; rejects BLOB_NOT_FOUND when absent. */
  async openBlobStream(sha256: string): Promise<ReadStream> {
    const path = this.locateBlob(sha256);
    const handle = await open(path, 'r').catch((cause: unknown) => {
      throw new StoreError('BLOB_NOT_FOUND', `no blob ${sha256}`, { cause, details: { sha256 } });
    });
    return handle.createReadStream();
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
