import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { auditEvidenceNode, auditSequencerNode, locateLocalNode, readNodeConfig } from '../api/index.ts';
import { locateConsortiumFile, readConsortiumFile } from '../consortium/index.ts';
import { findTrustedChain } from '../verify/index.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';

export const AUDIT_USAGE = `Usage: sealchain audit [--data ./data] [--chain evidence] [--config FILE] [--json]

Recomputes a whole chain from its stored entries and checks every stored leaf hash, tile and
checkpoint against it; reports the first divergence precisely. Reads the chain's node from the
local consortium under --data (or DATABASE_URL), or the node of a deployment's --config FILE;
with embedded storage, stop the node first (one process opens it at a time).`;

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function runAudit(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv) {
  const databaseUrl = env['DATABASE_URL'] || undefined;
  if (typeof values['config'] === 'string') {
    const config = await readNodeConfig(values['config'], env);
    if (config.role !== 'sequencer')
      throw new CliError('USAGE_INVALID', 'audit takes the configuration of a sequencer node');
    const trust = await readConsortiumFile(config.consortium);
    return auditSequencerNode({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      chain: findTrustedChain(trust, config.chain!),
      ...(config.ledger === undefined ? {} : { ledger: config.ledger }),
    });
  }
  const dataDir = typeof values['data'] === 'string' ? values['data'] : 'data';
  const chainName = typeof values['chain'] === 'string' ? values['chain'] : 'evidence';
  const node = locateLocalNode(dataDir, chainName);
  if (await exists(join(dataDir, 'nodes'))) {
    const trust = await readConsortiumFile(locateConsortiumFile(dataDir));
    return auditSequencerNode({
      dataDir: node.dataDir,
      databaseUrl,
      databaseSchema: databaseUrl === undefined ? 'public' : node.schema,
      chain: findTrustedChain(trust, chainName),
    });
  }
  return auditEvidenceNode({ dataDir, databaseUrl, chainName });
}

/** `sealchain audit`: exit 0 only when the stored chain is consistent with its entries. */
export async function runAuditCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseCommandArgs(args, {
    data: { type: 'string' },
    chain: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean' },
  });
  const report = await runAudit(values, env);
  if (values['json'] === true) {
    output.out(JSON.stringify(report, null, 2));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  }
  output.out(`${report.origin}: ${report.ok ? 'consistent' : 'DIVERGENCE FOUND'}`);
  output.out(
    `  checked ${report.entriesChecked} entries, ${report.tilesChecked} tiles, ${report.checkpointsChecked} checkpoints`,
  );
  const divergence = report.divergence;
  if (divergence !== null) {
    output.out(`  first divergence (${divergence.kind}): ${divergence.message}`);
    for (const [key, value] of Object.entries(divergence)) {
      if (key === 'kind' || key === 'message' || value === undefined) continue;
      output.out(`    ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
    }
  }
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
