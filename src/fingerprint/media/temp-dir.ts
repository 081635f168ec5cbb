import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const TEMP_DIR_PREFIX = 'sealchain-media-';

/** Runs `work` with a fresh private directory that is removed afterwards, whatever happens. */
export async function withTempDir<T>(parent: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(parent, TEMP_DIR_PREFIX));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
