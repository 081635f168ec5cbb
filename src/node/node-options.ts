import { join } from 'node:path';
import { isHashAlgorithm, type HashAlgorithm } from '../crypto/index.ts';
import type { LedgerOptions } from '../ledger/index.ts';
import { ApiError, type ApiOptions } from '../api/index.ts';
import type { ChainServiceOptions } from '../services/index.ts';
import type { NodeCaptureOptions } from './captures.ts';

export interface NodeOptions {
  /** Directory of the embedded database, blobs, keys and the trust file. */
  dataDir: string;
  /** `postgres://…` for a PostgreSQL server; undefined for embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** Schema of the node's tables on a PostgreSQL server. */
  databaseSchema: string;
  /** Interface to listen on; 127.0.0.1 keeps the node local until asked otherwise. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Name of the consortium in the trust file. */
  consortiumName: string;
  /** The chain's short name in paths. */
  chainName: string;
  /** The chain's C2SP origin. */
  origin: string;
  hashAlgorithm: HashAlgorithm;
  /** Ledger options over the node's defaults (which allow batches of 10,000). */
  ledger: Partial<LedgerOptions>;
  api: Partial<ApiOptions>;
  /** Witnessing, indexing and anchoring options (a single node has no witnesses: quorum 0). */
  consortium: Partial<ChainServiceOptions>;
  /** Web capture: which chains capture, the browser pool, the queue. */
  capture: Partial<NodeCaptureOptions>;
  /** Longest wait for in-flight requests at shutdown, in milliseconds. */
  shutdownGraceMs: number;
}

export const DEFAULT_NODE_OPTIONS: Readonly<NodeOptions> = Object.freeze({
  dataDir: 'data',
  databaseUrl: undefined,
  databaseSchema: 'public',
  host: '127.0.0.1',
  port: 8080,
  consortiumName: 'sealchain-local',
  chainName: 'evidence',
  origin: 'court.sealchain.local/evidence',
  hashAlgorithm: 'sha256',
  ledger: Object.freeze({}),
  api: Object.freeze({}),
  consortium: Object.freeze({}),
  capture: Object.freeze({}),
  shutdownGraceMs: 10_000,
});

/** Ledger defaults of a node: one append may carry a whole 10,000-entry batch. */
export const NODE_LEDGER_DEFAULTS: Readonly<Partial<LedgerOptions>> = Object.freeze({
  maxBatchEntries: 10_000,
  maxPendingEntries: 50_000,
});

const CHAIN_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

function invalid(message: string, key: string): ApiError {
  return new ApiError('NODE_OPTIONS_INVALID', message, { details: { key } });
}

/** Merges `options` over the defaults; rejects unknown keys and malformed values. */
export function resolveNodeOptions(options: Partial<NodeOptions> = {}): NodeOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_NODE_OPTIONS, key)) throw invalid(`unknown node option "${key}"`, key);
  }
  const resolved = { ...DEFAULT_NODE_OPTIONS, ...options };
  if (typeof resolved.dataDir !== 'string' || resolved.dataDir === '')
    throw invalid('dataDir must be a path', 'dataDir');
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) {
    throw invalid('port must be an integer from 0 to 65535', 'port');
  }
  if (typeof resolved.host !== 'string' || resolved.host === '')
    throw invalid('host must be a host name or address', 'host');
  if (!CHAIN_NAME_PATTERN.test(resolved.chainName)) {
    throw invalid('chainName must be 1 to 63 of a-z, 0-9 and "-", starting with a letter', 'chainName');
  }
  if (!/^[\x21-\x7e]{1,255}$/.test(resolved.origin))
    throw invalid('origin must be 1 to 255 visible ASCII characters', 'origin');
  if (!isHashAlgorithm(resolved.hashAlgorithm))
    throw invalid('hashAlgorithm must be sha256 or sm3', 'hashAlgorithm');
  if (!Number.isSafeInteger(resolved.shutdownGraceMs) || resolved.shutdownGraceMs < 0) {
    throw invalid('shutdownGraceMs must be a non-negative integer', 'shutdownGraceMs');
  }
  return resolved;
}

/** Where the node keeps its files under dataDir. */
export function locateNodeFiles(dataDir: string, chainName: string) {
  return {
    pgliteDir: join(dataDir, 'pglite'),
    blobDir: join(dataDir, 'blobs'),
    sequencerKey: join(dataDir, 'keys', `${chainName}.sequencer.key`),
    serviceKey: join(dataDir, 'keys', `${chainName}.service.key`),
    trustFile: join(dataDir, 'consortium.json'),
  };
}
