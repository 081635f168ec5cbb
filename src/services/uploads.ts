import type { EntryWriter } from '../accounts/index.ts';
import { bytesToHex, createHasher } from '../crypto/index.ts';
import { runAdmitted, type AdmissionPorts } from './admission.ts';
import type { BlobFiles } from './blobs.ts';
import type { ChainHandle } from './chain.ts';
import { checkEntryTypes, depositEntries, type DepositPorts, type DepositResult } from './deposits.ts';
import { ServiceError } from './errors.ts';

// Uploads: the node stores the file in its blob store and deposits its digest, as one admitted
// entry of the unit (given back to its bucket if any step fails).

export interface UploadPorts extends DepositPorts, AdmissionPorts {
  blobs: BlobFiles;
}

export interface UploadRequest {
  chain: ChainHandle;
  unit: string;
  type: string;
  meta: Record<string, unknown>;
  /** The file's bytes as they arrive. */
  body: AsyncIterable<Uint8Array>;
  idempotencyKey: string | undefined;
  writer: EntryWriter;
}

export interface UploadResult extends DepositResult {
  digest: string;
  sizeBytes: number;
}

/**
 * The body's chunks, once its first byte has arrived; FILE_EMPTY for a body of 0 bytes before
 * anything is written (an empty file's digest is the same for everyone: it proves nothing).
 */
async function readNonEmptyBody(body: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const chunks = body[Symbol.asyncIterator]();
  let first = await chunks.next();
  while (!first.done && first.value.length === 0) first = await chunks.next();
  if (first.done) {
    throw new ServiceError('FILE_EMPTY', 'the upload is empty (0 bytes): there is nothing to deposit');
  }
  const head = first.value;
  return (async function* () {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  })();
}

/** The file's digest with the chain's algorithm (the blob store addresses by SHA-256). */
async function digestBlob(blobs: BlobFiles, chain: ChainHandle, sha256: string): Promise<string> {
  if (chain.hashAlgorithm === 'sha256') return `sha256:${sha256}`;
  const hasher = createHasher(chain.hashAlgorithm);
  for await (const chunk of await blobs.openBlobStream(sha256)) hasher.update(chunk as Uint8Array);
  return `${chain.hashAlgorithm}:${bytesToHex(hasher.digest())}`;
}

/**
 * Stores the uploaded file and deposits its digest as one entry of `request.type` (refused before
 * the body is read when the writer may not write that type); the result names the digest and size.
 */
export async function depositUpload(ports: UploadPorts, request: UploadRequest): Promise<UploadResult> {
  const { chain, unit, type, meta, writer } = request;
  checkEntryTypes(chain, [{ type, digest: '' }], writer);
  return runAdmitted(ports, unit, 1, async () => {
    const blob = await ports.blobs.writeBlob(await readNonEmptyBody(request.body));
    const digest = await digestBlob(ports.blobs, chain, blob.sha256);
    const [result] = await depositEntries(ports, {
      chain,
      unit,
      entries: [{ digest, type, meta }],
      idempotencyKey: request.idempotencyKey,
      batch: false,
      writer,
    });
    return { ...result!, digest, sizeBytes: blob.sizeBytes };
  });
}
