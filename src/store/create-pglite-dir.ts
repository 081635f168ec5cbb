import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { StoreError } from './errors.ts';
import { openDatabase } from './open-database.ts';

// A new embedded database runs initdb, whose WebAssembly memory (hundreds of MB) the process
// keeps after the database is closed. A node that creates its databases at first start does it
// in a short-lived child process instead, so its own memory stays that of an opened database.

const CHILD_TIMEOUT_MS = 300_000;

/** Creates the embedded database in `pgliteDir` (initdb and every migration) in a child process. */
export async function createPgliteDirInChild(pgliteDir: string): Promise<void> {
  const loader = import.meta.resolve('tsx');
  const script = fileURLToPath(import.meta.url);
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', loader, script, pgliteDir],
      { timeout: CHILD_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (error === null) return resolve();
        reject(
          new StoreError(
            'DATABASE_UNAVAILABLE',
            `cannot create the embedded database in ${pgliteDir}: ${stderr.trim().split('\n').at(-1) ?? error.message}`,
            { cause: error },
          ),
        );
      },
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (target === undefined) throw new Error('usage: create-pglite-dir.ts DIRECTORY');
  await (await openDatabase({ pgliteDir: target })).close();
}
