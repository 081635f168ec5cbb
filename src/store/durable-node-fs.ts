import { fsyncSync } from 'node:fs';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import type { PGlite } from '@electric-sql/pglite';
import { StoreError } from './errors.ts';

// PGlite starts PostgreSQL with fsync off (`-F`), and Emscripten's NODEFS has no fsync: writes
// reach the kernel on every write(2) (safe against a killed process) but never reach the disk
// before a commit returns (unsafe against power loss). This file system gives NODEFS an fsync
// that calls the host's, so PostgreSQL's own discipline (WAL flushed at commit, data files at
// checkpoint, directories after renames) holds. PostgreSQL must run with `fsync=on` and
// `wal_sync_method=fsync`, because Emscripten's fdatasync is a stub that never calls the file system.

interface EmscriptenStream {
  nfd?: number;
}

interface EmscriptenModuleWithNodeFs {
  NODEFS?: { stream_ops?: { fsync?: (stream: EmscriptenStream) => number } };
}

type PgliteFsInit = Awaited<ReturnType<NodeFS['init']>>;
type PreRun = (module: EmscriptenModuleWithNodeFs) => void;

export class DurableNodeFS extends NodeFS {
  /** Host fsync calls made so far; tests read it to see that commits reach the disk. */
  syncCount = 0;

  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]): Promise<PgliteFsInit> {
    const result = await super.init(pg, options);
    const installFsync: PreRun = (module) => {
      const streamOps = module.NODEFS?.stream_ops;
      if (streamOps === undefined) {
        throw new StoreError(
          'DURABILITY_UNAVAILABLE',
          'this PGlite build exposes no NODEFS stream operations, so commits cannot be made durable',
        );
      }
      streamOps.fsync = (stream) => {
        if (typeof stream.nfd === 'number') {
          fsyncSync(stream.nfd);
          this.syncCount++;
        }
        return 0;
      };
    };
    const emscriptenOpts = result.emscriptenOpts as { preRun?: PreRun[] };
    emscriptenOpts.preRun = [installFsync, ...(emscriptenOpts.preRun ?? [])];
    return result;
  }
}
