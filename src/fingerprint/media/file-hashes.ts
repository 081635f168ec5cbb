import { createReadStream } from 'node:fs';
import { bytesToHex, createHasher } from '../../crypto/index.ts';
import { DataCodeHasher, InstanceCodeHasher } from '../iscc/index.ts';
import { unreadableFile } from './detect.ts';

export interface FileHashes {
  /** ISCC Instance-Code (BLAKE3) of the bytes. */
  instanceCode: string;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  /** ISCC Data-Code (content-defined chunks, MinHash) of the bytes. */
  dataCode: string;
  /** Bytes read. */
  size: number;
}

const READ_CHUNK_BYTES = 1024 * 1024;

/** The Instance-Code, Data-Code and SHA-256 of a file in one streamed pass (constant memory). */
export async function hashFile(path: string): Promise<FileHashes> {
  const instance = new InstanceCodeHasher();
  const data = new DataCodeHasher();
  const sha256 = createHasher('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })) {
      const bytes = chunk as Buffer;
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      instance.update(view);
      data.update(view);
      sha256.update(view);
    }
  } catch (cause) {
    throw unreadableFile(path, cause);
  }
  return {
    instanceCode: instance.result().iscc,
    sha256: bytesToHex(sha256.digest()),
    dataCode: data.code(),
    size: instance.filesize,
  };
}
