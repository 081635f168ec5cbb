import { isSealchainError } from '../errors/index.ts';
import { fingerprintFile, type FileFingerprint } from '../fingerprint/index.ts';

export const FINGERPRINT_USAGE = `Usage: sealchain fingerprint [--json] [--] FILE...

Prints the ISCC codes of each file (Instance-Code with SHA-256, Data-Code, Content-Code, ISCC-CODE),
its PDQ hash for an image and keyframe PDQ hashes for a video. --json prints one JSON array.
A file that cannot be fingerprinted gets a one-line error; the others are still processed.`;

/** Where the command writes: lines to standard output and to standard error. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE_OUTPUT: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

type FileReport = { file: string } & (
  { fingerprint: FileFingerprint } | { error: { code: string; message: string } }
);

function parseArguments(args: readonly string[]): { files: string[]; json: boolean } | { problem: string } {
  const files: string[] = [];
  let json = false;
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') files.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--json') json = true;
    else return { problem: `unknown option ${arg} (put -- before a file name that starts with -)` };
  }
  if (files.length === 0) return { problem: 'name at least one file' };
  return { files, json };
}

function describeError(error: unknown): { code: string; message: string } {
  if (isSealchainError(error)) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_ERROR', message: `internal error: ${message.split('\n')[0]}` };
}

function formatFingerprint(file: string, result: FileFingerprint): string[] {
  const lines = [
    file,
    `  media type  ${result.mediaType} (${result.format}), ${result.size} bytes`,
    `  instance    ${result.instance.iscc}  sha256:${result.instance.sha256}`,
    `  data        ${result.data.iscc}`,
    `  content     ${result.content === null ? 'none' : `${result.content.iscc} (${result.content.kind})`}`,
    `  iscc        ${result.iscc}`,
  ];
  if (result.pdq !== undefined) lines.push(`  pdq         ${result.pdq.hash}  quality ${result.pdq.quality}`);
  for (const frame of result.keyframes ?? []) {
    lines.push(
      `  keyframe    ${frame.timeSeconds.toFixed(2).padStart(8)} s  ${frame.pdq.hash}  quality ${frame.pdq.quality}`,
    );
  }
  return lines;
}

/**
 * `sealchain fingerprint FILE... [--json]`. Returns the exit status: 0 when every file was
 * fingerprinted, 1 when any failed (each failure is one line on standard error), 2 on bad usage.
 */
export async function runFingerprintCommand(
  args: readonly string[],
  output: CommandOutput = CONSOLE_OUTPUT,
): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(FINGERPRINT_USAGE);
    return 0;
  }
  const parsed = parseArguments(args);
  if ('problem' in parsed) {
    output.err(`sealchain fingerprint: ${parsed.problem}`);
    output.err(FINGERPRINT_USAGE.split('\n')[0]!);
    return 2;
  }
  const reports: FileReport[] = [];
  for (const file of parsed.files) {
    try {
      const fingerprint = await fingerprintFile(file);
      reports.push({ file, fingerprint });
      if (!parsed.json) output.out(formatFingerprint(file, fingerprint).join('\n'));
    } catch (error) {
      const described = describeError(error);
      reports.push({ file, error: described });
      output.err(`sealchain fingerprint: ${file}: ${described.message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  if (parsed.json) {
    const json = reports.map((report) =>
      'fingerprint' in report ? { file: report.file, ...report.fingerprint } : report,
    );
    output.out(JSON.stringify(json, null, 2));
  }
  return reports.some((report) => 'error' in report) ? 1 : 0;
}
