import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntrySigner } from '../consortium/index.ts';
import type { HashAlgorithm } from '../crypto/index.ts';
import type { Ledger } from '../ledger/index.ts';
import {
  LicenseRegistry,
  ReviewRegistry,
  WorkRegistry,
  type RegistryOptions,
  type WorksChain,
} from '../registry/index.ts';
import type { WorksService } from '../services/index.ts';
import { BlobStore, SqlRegistryStorage, type SqlClient } from '../store/index.ts';

export interface WorksServiceConfig {
  client: SqlClient;
  chainName: string;
  ledger: Ledger;
  /** Signs the registry's entries with the node's authorised registrar key. */
  signEntry: EntrySigner;
  hashAlgorithm: HashAlgorithm;
  /** The node's data directory: files go to its blob store, uploads wait in `tmp/works`. */
  dataDir: string;
  /** Largest work file, in bytes. */
  maxFileBytes: number;
  options?: Partial<RegistryOptions>;
}

/** Opens the registry over the node's database, works chain and blob store (indexes rebuilt, interrupted work resumed). */
export async function openWorksService(config: WorksServiceConfig): Promise<WorksService> {
  const scratchDir = join(config.dataDir, 'tmp', 'works');
  await mkdir(scratchDir, { recursive: true, mode: 0o700 });
  // Uploads a crash interrupted: nothing refers to them.
  for (const name of await readdir(scratchDir)) {
    if (/^upload-[0-9a-f]{32}\.partial$/.test(name)) await rm(join(scratchDir, name), { force: true });
  }
  const storage = new SqlRegistryStorage(config.client);
  const chain: WorksChain = { append: (request) => config.ledger.append(config.signEntry(request)) };
  const shared = { storage, chain, hashAlgorithm: config.hashAlgorithm };
  const registry = await WorkRegistry.open({
    ...shared,
    files: new BlobStore({ rootDir: join(config.dataDir, 'blobs'), maxBlobBytes: config.maxFileBytes }),
    options: { scratchDir, maxFileBytes: config.maxFileBytes, ...config.options },
  });
  const licenses = await LicenseRegistry.open({ ...shared, works: registry });
  const reviews = await ReviewRegistry.open({ ...shared, works: registry });
  return { chainName: config.chainName, registry, licenses, reviews };
}
