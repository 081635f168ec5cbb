import { isSealchainError } from '../errors/index.ts';

/** Where a command writes: lines to standard output and to standard error. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites the current standard-error line (progress); absent when stderr is not a terminal. */
  progress?(line: string): void;
}

export const CONSOLE_OUTPUT: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
};

/** Exit statuses of every command. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** A wait for finality stopped at its --timeout with entries not final yet. */
export const EXIT_NOT_FINAL = 3;
/** A wait for finality stopped because the server could not be reached (or kept answering "later"). */
export const EXIT_SERVER_UNAVAILABLE = 4;
/** `sealchain register`: recorded, but held for a registrar's review (no certificate yet). */
export const EXIT_HELD_FOR_REVIEW = 5;
/** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report a process that SIGINT ended. */
export const EXIT_INTERRUPTED = 130;

/** One line about an error: its code and message for typed errors, the message otherwise. */
export function describeCliError(error: unknown): string {
  if (isSealchainError(error)) return `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message.split('\n')[0]!;
  return String(error);
}

/** Writes `value` as one JSON line under --json, else the text lines for people. */
export function printAnswer(
  output: CommandOutput,
  json: boolean,
  value: unknown,
  text: readonly string[],
): void {
  if (json) output.out(JSON.stringify(value));
  else for (const line of text) output.out(line);
}
