import { link, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConsortiumError } from './errors.ts';

// Files of a member's set-up (private keys, its member file, the consortium file it assembles) are
// written once: durably, atomically, and never over a file already there, so a second run of a
// command cannot replace a key that a consortium file already names.

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to a new file at `path` with `mode`, through a temporary file linked into place
 * (a crash leaves no half-written file). Throws CONSORTIUM_EXISTS when `path` exists.
 */
export async function writeNewFile(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConsortiumError('CONSORTIUM_EXISTS', `${path} already exists; it was left as it was`, {
        cause,
        details: { path },
      });
    }
    throw cause;
  } finally {
    await unlink(temporary);
  }
  await syncDirectory(dirname(path));
}
