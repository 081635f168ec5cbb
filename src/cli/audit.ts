import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { auditEvidenceNode, auditSequencerNode, locateLocalNode, readNodeConfig } from '../node/index.ts';
import {
  DEFAULT_TLOG_CLIENT_OPTIONS,
  locateConsortiumFile,
  readConsortiumFile,
  type ServedLogAuditReport,
} from '../consortium/index.ts';
import type { AuditReport } from '../ledger/index.ts';
import { findTrustedChain } from '../verify/index.ts';
import { parseCommandArgs } from './args.ts';
import { auditServer } from './audit-server.ts';
import { CliError } from './errors.ts';
import { resolveServer } from './http-client.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';

export const AUDIT_USAGE = `Usage: sealchain audit [--data ./data] [--chain evidence] [--config FILE] [--json]
       sealchain audit --server URL [--chain evidence] [--trust data/consortium.json] [--json]

Recomputes a whole chain from its stored entries and checks every stored leaf hash, tile and
checkpoint against it; reports the first divergence precisely. Reads the chain's node from the
local consortium under --data (or DATABASE_URL), or the node of a deployment's --config FILE;
with embedded storage, stop the node first (one process opens it at a time).

With --server, audits a running node through its public C2SP tlog-tiles read API alone: verifies
the checkpoint it serves against the chain's sequencer key in the trust file, reads every entry
bundle up to the checkpoint's size, recomputes the leaf hashes and the tree, compares every tile
served with the recomputed one and the root with the checkpoint's. A request gives up after
${DEFAULT_TLOG_CLIENT_OPTIONS.fetchTimeoutMs / 1000} s or ${DEFAULT_TLOG_CLIENT_OPTIONS.maxResponseBytes / 1e6} MB; an answer that is not the resource asked for is an error.
Exit status 0 only if everything matches, 1 on a divergence or an error, 2 on a usage mistake.`;

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

function printDivergence(
  output: CommandOutput,
  divergence: object & { kind: string; message: string },
): void {
  output.out(`  first divergence (${divergence.kind}): ${divergence.message}`);
  for (const [key, value] of Object.entries(divergence)) {
    if (key === 'kind' || key === 'message' || value === undefined) continue;
    output.out(`    ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
}

function checkServerArgs(values: Record<string, string | boolean | undefined>): void {
  if (values['server'] === undefined) {
    if (values['trust'] !== undefined)
      throw new CliError('USAGE_INVALID', '--trust goes with --server (the stored data names its own keys)');
    return;
  }
  for (const option of ['data', 'config']) {
    if (values[option] !== undefined) {
      throw new CliError(
        'USAGE_INVALID',
        `--server audits a running node through its read API; --${option} audits stored data instead`,
      );
    }
  }
}

function printServedReport(output: CommandOutput, report: ServedLogAuditReport): void {
  output.out(`${report.origin} at ${report.url}: ${report.ok ? 'consistent' : 'DIVERGENCE FOUND'}`);
  output.out(
    `  checked the checkpoint of size ${report.treeSize}, ${report.entriesChecked} entries in ${report.entryBundlesChecked} entry bundles, ${report.tilesChecked} tiles`,
  );
  if (report.divergence !== null) printDivergence(output, report.divergence);
}

function printStoredReport(output: CommandOutput, report: AuditReport & { origin: string }): void {
  output.out(`${report.origin}: ${report.ok ? 'consistent' : 'DIVERGENCE FOUND'}`);
  output.out(
    `  checked ${report.entriesChecked} entries, ${report.tilesChecked} tiles, ${report.checkpointsChecked} checkpoints`,
  );
  if (report.divergence !== null) printDivergence(output, report.divergence);
}

/** `sealchain audit`: exit 0 only when the chain is consistent with its entries. */
export async function runAuditCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    chain: { type: 'string' },
    config: { type: 'string' },
    server: { type: 'string' },
    trust: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new CliError('USAGE_INVALID', AUDIT_USAGE);
  checkServerArgs(values);
  const json = values['json'] === true;
  if (values['server'] !== undefined) {
    const report = await auditServer(
      resolveServer(values['server'], env),
      typeof values['chain'] === 'string' ? values['chain'] : 'evidence',
      typeof values['trust'] === 'string' ? values['trust'] : 'data/consortium.json',
      output,
    );
    if (json) output.out(JSON.stringify(report, null, 2));
    else printServedReport(output, report);
    return report.ok ? EXIT_OK : EXIT_FAILED;
  }
  const report = await runAudit(values, env);
  if (json) output.out(JSON.stringify(report, null, 2));
  else printStoredReport(output, report);
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
