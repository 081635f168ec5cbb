import { toVerifierKey } from '../crypto/index.ts';
import { auditLedger, resolveLedgerOptions, type AuditReport } from '../ledger/index.ts';
import { rfc6962 } from '../merkle/index.ts';
import { openDatabase, SqlLedgerStorage } from '../store/index.ts';
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
 * stored tile, bundle and checkpoint is checked against it.
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
