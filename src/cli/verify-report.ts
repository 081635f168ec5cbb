import { readFile, stat } from 'node:fs/promises';
import type { VerificationReport } from '../verify/index.ts';
import { formatCosignerLine } from './cosigner-line.ts';
import { CliError } from './errors.ts';

// The input reader and the report printer of `sealchain verify` and the commands that verify too
// (certificates, verification records).

const MAX_INPUT_BYTES = 8 << 20;

export async function readSmallFile(path: string, what: string): Promise<string> {
  const found = await stat(path).catch((cause: unknown) => {
    throw new CliError('FILE_UNREADABLE', `cannot read the ${what} ${path}`, { cause, details: { path } });
  });
  if (!found.isFile() || found.size > MAX_INPUT_BYTES) {
    throw new CliError('FILE_UNREADABLE', `the ${what} ${path} is not a file of at most 8 MiB`, {
      details: { path },
    });
  }
  return readFile(path, 'utf8');
}

function formatDetail(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function formatReport(report: VerificationReport, bundlePath: string): string[] {
  const lines = [`${bundlePath}: ${report.ok ? 'VERIFIED' : 'NOT VERIFIED'}`];
  lines.push(`  chain       ${report.chain} (${report.origin})`);
  if (report.entry !== undefined) {
    lines.push(
      `  entry       #${report.index}, ${report.entry.type} from ${report.entry.unit} at ${report.entry.time}`,
    );
    lines.push(`  digest      ${report.entry.digest}`);
  } else lines.push(`  entry       #${report.index}`);
  lines.push(
    `  tree        size ${report.treeSize}${report.rootHash === undefined ? '' : `, root ${report.rootHash}`}`,
  );
  if (report.cosigners.length > 0) {
    lines.push(formatCosignerLine(report.cosigners));
  }
  for (const check of report.checks) {
    lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.id.padEnd(20)} ${check.summary}`);
    if (!check.ok) {
      for (const [key, value] of Object.entries(check.details ?? {}))
        lines.push(`          ${key}: ${formatDetail(value)}`);
    }
  }
  return lines;
}
