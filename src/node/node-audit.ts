import { toVerifierKey } from '../crypto/index.ts';
import { join } from 'node:path';
import { auditLedger, resolveLedgerOptions, type AuditReport, type LedgerOptions } from '../ledger/index.ts';
import { rfc6962 } from '../merkle/index.ts';
import { openDatabase, SqlLedgerStorage } from '../store/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import { lockDataDir } from './data-lock.ts';
import { loadSequencerKey } from './node-files.ts';
import {
  locateNodeFiles,
  NODE_LEDGER_DEFAULTS,
  resolveNodeOptions,
  type NodeOptions,
} from './node-options.ts';

/**
 * Audits a node's chain from its data directory (or database server) without starting it and
 * without writing anything: the whole tree is recomputed from the stored entries and every
 * stored leaf hash, tile and checkpoint is checked against it.
 */
export async function auditEvidenceNode(
  options: Partial<NodeOptions> = {},
): Promise<AuditReport & { origin: string }> {
  const resolved = resolveNodeOptions(options);
  const files = locateNodeFiles(resolved.dataDir, resolved.chainName);
  const unlock = await lockDataDir(resolved.dataDir);
  try {
    const signer = await loadSequencerKey(files.sequencerKey, resolved.origin);
    const client = await openDatabase({
      databaseUrl: resolved.databaseUrl,
      schema: resolved.databaseSchema,
      pgliteDir: files.pgliteDir,
    });
    try {
      const storage = await SqlLedgerStorage.open(client, resolved.origin, resolved.hashAlgorithm);
      const report = await auditLedger({
        storage,
        hasher: rfc6962(resolved.hashAlgorithm),
        origin: resolved.origin,
        sequencerKey: toVerifierKey(signer),
        options: resolveLedgerOptions({ ...NODE_LEDGER_DEFAULTS, ...resolved.ledger }),
      });
      return { ...report, origin: resolved.origin };
    } finally {
      await client.close();
    }
  } finally {
    await unlock();
  }
}

/**
 * Audits a sequencer node's chain from its data directory (or its schema on a database server),
 * with the sequencer key of the consortium file; writes nothing.
 */
export async function auditSequencerNode(location: {
  dataDir: string;
  databaseUrl: string | undefined;
  databaseSchema: string;
  chain: TrustedChain;
  ledger?: Partial<LedgerOptions>;
}): Promise<AuditReport & { origin: string }> {
  const { chain } = location;
  const unlock = await lockDataDir(location.dataDir);
  try {
    const client = await openDatabase({
      databaseUrl: location.databaseUrl,
      schema: location.databaseSchema,
      pgliteDir: join(location.dataDir, 'pglite'),
    });
    try {
      const storage = await SqlLedgerStorage.open(client, chain.origin, chain.hashAlgorithm);
      const report = await auditLedger({
        storage,
        hasher: rfc6962(chain.hashAlgorithm),
        origin: chain.origin,
        sequencerKey: chain.sequencer.key,
        options: resolveLedgerOptions({ ...NODE_LEDGER_DEFAULTS, ...location.ledger }),
      });
      return { ...report, origin: chain.origin };
    } finally {
      await client.close();
    }
  } finally {
    await unlock();
  }
}
