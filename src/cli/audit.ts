import { auditEvidenceNode } from '../api/index.ts';
import { parseCommandArgs } from './args.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';

export const AUDIT_USAGE = `Usage: sealchain audit [--data ./data] [--json]

Recomputes the whole tree from the stored entries and checks every stored tile, entry bundle and
checkpoint against it; reports the first divergence precisely. Reads the node's data directory
(or DATABASE_URL); with embedded storage, stop the node first (one process opens it at a time).`;

/** `sealchain audit`: exit 0 only when the stored chain is consistent with its entries. */
export async function runAuditCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values } = parseCommandArgs(args, { data: { type: 'string' }, json: { type: 'boolean' } });
  const report = await auditEvidenceNode({
    dataDir: typeof values['data'] === 'string' ? values['data'] : 'data',
    databaseUrl: env['DATABASE_URL'] || undefined,
  });
  if (values['json'] === true) {
    output.out(JSON.stringify(report, null, 2));
    return report.ok ? EXIT_OK : EXIT_FAILED;
  }
  output.out(`${report.origin}: ${report.ok ? 'consistent' : 'DIVERGENCE FOUND'}`);
  output.out(
    `  checked ${report.entriesChecked} entries, ${report.tilesChecked} tiles, ${report.bundlesChecked} entry bundles, ${report.checkpointsChecked} checkpoints`,
  );
  const divergence = report.divergence;
  if (divergence !== null) {
    output.out(`  first divergence (${divergence.kind}): ${divergence.message}`);
    for (const key of ['leafIndex', 'treeSize', 'bundleIndex', 'expected', 'computed'] as const) {
      if (divergence[key] !== undefined) output.out(`    ${key}: ${divergence[key]}`);
    }
    if (divergence.tile !== undefined)
      output.out(`    tile: ${divergence.tile.level}/${divergence.tile.index}`);
  }
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
