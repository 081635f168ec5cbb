import { chmod, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '../api/index.ts';

// One process at a time per data directory: two processes opening the same embedded database
// would corrupt it. The lock file holds the owner's pid; a lock left by a process that no longer
// runs (killed, crashed) is taken over.

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return /^[1-9][0-9]{0,9}\n?$/.test(text) ? Number(text) : undefined;
}

const DATA_DIR_MODE = 0o700;

/**
 * Creates the data directory owner-only (0700), or tightens an existing one that others could
 * enter, with a process warning (code SEALCHAIN_DATA_DIR_MODE): it holds the database and the
 * signing keys. Throws NODE_OPTIONS_INVALID when it cannot be tightened (another owner).
 */
export async function secureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const found = await stat(dataDir);
  if ((found.mode & 0o077) === 0) return;
  const was = (found.mode & 0o777).toString(8);
  try {
    await chmod(dataDir, DATA_DIR_MODE);
  } catch (cause) {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      `the data directory ${dataDir} is open to others (mode ${was}) and cannot be made owner-only: chmod 700 it`,
      { cause, details: { dataDir, mode: was } },
    );
  }
  process.emitWarning(`the data directory ${dataDir} was mode ${was}; it is now 700 (owner only)`, {
    code: 'SEALCHAIN_DATA_DIR_MODE',
  });
}

/** Takes the data directory's lock; resolves a function that releases it. DATA_DIR_LOCKED if held. */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await secureDataDir(dataDir);
  const path = join(dataDir, 'node.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return async () => {
        if ((await readOwner(path)) === process.pid) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(path);
      if (owner !== undefined && isRunning(owner)) {
        throw new ApiError(
          'DATA_DIR_LOCKED',
          `the data directory ${dataDir} is in use by process ${owner} on this machine (another sealchain ` +
            `node or audit; a data directory and its embedded database belong to one process at a time); ` +
            `stop that process first`,
          { details: { dataDir, pid: owner } },
        );
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new ApiError('DATA_DIR_LOCKED', `the lock of ${dataDir} could not be taken`, {
    details: { dataDir },
  });
}

/**
 * Takes the data directory's lock, then opens what `open` opens; the lock is released when that
 * is closed, or at once if opening fails.
 */
export async function holdDataDir<T extends { close: () => Promise<void> }>(
  dataDir: string,
  open: () => Promise<T>,
): Promise<T> {
  const unlock = await lockDataDir(dataDir);
  let opened: T;
  try {
    opened = await open();
  } catch (error) {
    await unlock();
    throw error;
  }
  const close = opened.close;
  let closing: Promise<void> | undefined;
  opened.close = () => {
    closing ??= close().finally(unlock);
    return closing;
  };
  return opened;
}
