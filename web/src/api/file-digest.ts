import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

// The SHA-256 of a file computed in the browser, chunk by chunk with progress, so a large file
// is never read into memory whole and never has to leave the user's machine to be deposited or
// verified (FIPS 180-4; the same digest the chain records as `sha256:<hex>`).

const CHUNK_BYTES = 4 * 1024 * 1024;

export async function digestFile(
  file: Blob,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<string> {
  const hash = sha256.create();
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    hash.update(chunk);
    onProgress(Math.min(1, (offset + chunk.length) / Math.max(1, file.size)));
  }
  onProgress(1);
  return `sha256:${bytesToHex(hash.digest())}`;
}
