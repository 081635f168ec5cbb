import type { Readable } from 'node:stream';

/** A blob written to the node's content-addressed store. */
export interface WrittenBlob {
  /** Lower-case hex SHA-256 of the content: the blob's address. */
  sha256: string;
  sizeBytes: number;
  /** False when the same content was already stored. */
  created: boolean;
}

/**
 * The node's content-addressed file store as the use cases and routes see it (src/store's
 * BlobStore implements it; src/node constructs it). openBlobStream MUST reject with a typed
 * BLOB_NOT_FOUND error when the blob is absent.
 */
export interface BlobFiles {
  writeBlob(source: AsyncIterable<Uint8Array>, options?: { expectedSha256?: string }): Promise<WrittenBlob>;
  openBlobStream(sha256: string): Promise<Readable>;
}
