// The CLI run in this process, its output captured line by line.
import { runCli } from '../src/cli/index.ts';

export interface Captured {
  status: number;
  out: string[];
  err: string[];
}

/** Runs `sealchain ...argv` and resolves its exit status and the lines it printed. */
export async function runCaptured(...argv: string[]): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out, err };
}
