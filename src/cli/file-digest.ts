import { createReadStream } from 'node:fs';
import { bytesToHex, createHasher, type HashAlgorithm } from '../crypto/index.ts';
import { CliError } from './errors.ts';

/** `<algorithm>:<hex>` of a file, read as a stream so files of any size hash in constant memory. */
export async function digestFile(
  path: string,
  algorithm: HashAlgorithm,
): Promise<{ digest: string; sizeBytes: number }> {
  const hasher = createHasher(algorithm);
  let sizeBytes = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      hasher.update(chunk as Uint8Array);
      sizeBytes += (chunk as Uint8Array).length;
    }
  } catch (cause) {
    throw new CliError(
      'FILE_UNREADABLE',
      `cannot read ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
        details: { path },
      },
    );
  }
  return { digest: `${algorithm}:${bytesToHex(hasher.digest())}`, sizeBytes };
}
