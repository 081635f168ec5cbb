import type { LicenseRegistry, Registration, ReviewRegistry, WorkRegistry } from '../registry/index.ts';
import type { ChainHandle } from './chain.ts';
import { ServiceError } from './errors.ts';

// Works registration (版权登记), licences and reviews: the registry of the works chain's node,
// opened by src/node and used by the works, licences and reviews routes.

/** The registry of the works chain's node. */
export interface WorksService {
  /** The works chain (its handle among the node's chains). */
  chainName: string;
  registry: WorkRegistry;
  licenses: LicenseRegistry;
  reviews: ReviewRegistry;
}

/** True for the chain whose node keeps the works registry. */
export function isWorksChain(chainName: string): boolean {
  return chainName === 'works';
}

/** The works service and its chain; ROUTE_NOT_FOUND on a node of another chain. */
export function requireWorksService(
  works: WorksService | undefined,
  chains: ReadonlyMap<string, ChainHandle>,
): { works: WorksService; chain: ChainHandle } {
  const chain = works === undefined ? undefined : chains.get(works.chainName);
  if (works === undefined || chain === undefined) {
    throw new ServiceError(
      'ROUTE_NOT_FOUND',
      'this node does not keep the works registry: ask the works chain node',
    );
  }
  return { works, chain };
}

export interface RegisterWorkInput {
  unit: string;
  /** The uploaded file, already on disk in the registry's scratch directory. */
  file: { path: string; fileName: string; sizeBytes: number };
  /** The declared metadata: its JSON text as sent, or null. */
  metadata: unknown;
}

/** Registers a work; FILE_EMPTY for a file of 0 bytes (nothing is stored or registered). */
export async function registerWork(works: WorksService, input: RegisterWorkInput): Promise<Registration> {
  if (input.file.sizeBytes === 0) {
    throw new ServiceError('FILE_EMPTY', "the work's file is empty (0 bytes): there is nothing to register");
  }
  return works.registry.register({
    unit: input.unit,
    filePath: input.file.path,
    fileName: input.file.fileName,
    metadata: input.metadata,
  });
}
