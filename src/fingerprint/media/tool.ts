import { spawn } from 'node:child_process';
import { FingerprintError } from '../errors.ts';
import {
  resolveMediaOptions,
  type MediaOptions,
  type MediaOptionsInput,
  type MediaToolPaths,
} from './options.ts';

export type MediaTool = keyof MediaToolPaths;

/** The Debian package that provides each tool, named in the TOOL_MISSING message. */
export const TOOL_PACKAGES: Readonly<Record<MediaTool, string>> = Object.freeze({
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
  fpcalc: 'libchromaprint-tools',
});

const STDERR_KEEP_BYTES = 64 * 1024;

export interface ToolRun {
  stdout: Uint8Array;
  /** The last 64 KiB of standard error. */
  stderr: string;
  exitCode: number;
}

/** The last non-empty line of a tool's standard error, shortened for a one-line message. */
export function summariseToolError(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const last = lines.at(-1) ?? 'no message';
  return last.length > 200 ? `${last.slice(0, 200)}…` : last;
}

function missingTool(tool: MediaTool, path: string, cause: unknown): FingerprintError {
  return new FingerprintError(
    'TOOL_MISSING',
    `${tool} not found: install the Debian package ${TOOL_PACKAGES[tool]}`,
    { cause, details: { tool, path, package: TOOL_PACKAGES[tool] } },
  );
}

/**
 * Runs a tool with an argument array (never through a shell), standard input closed. Kills the child
 * and throws TOOL_FAILED past `toolTimeoutMs` or `toolMaxOutputBytes`; throws TOOL_MISSING when the
 * program cannot be started. A non-zero exit status is returned for the caller to interpret.
 */
export function runTool(
  tool: MediaTool,
  args: readonly string[],
  options: MediaOptions,
  run: { cwd?: string } = {},
): Promise<ToolRun> {
  const path = options.toolPaths[tool];
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, {
      cwd: run.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = Buffer.alloc(0);
    let failure: FingerprintError | undefined;
    const fail = (error: FingerprintError) => {
      if (failure !== undefined) return;
      failure = error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      fail(
        new FingerprintError(
          'TOOL_FAILED',
          `${tool} ran longer than ${options.toolTimeoutMs} ms and was stopped`,
          {
            details: { tool, timeoutMs: options.toolTimeoutMs },
          },
        ),
      );
    }, options.toolTimeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > options.toolMaxOutputBytes) {
        fail(
          new FingerprintError(
            'TOOL_FAILED',
            `${tool} wrote more than ${options.toolMaxOutputBytes} bytes and was stopped`,
            { details: { tool, maxOutputBytes: options.toolMaxOutputBytes } },
          ),
        );
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > STDERR_KEEP_BYTES) stderr = stderr.subarray(stderr.length - STDERR_KEEP_BYTES);
    });
    child.on('error', (cause: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (cause.code === 'ENOENT' || cause.code === 'EACCES') reject(missingTool(tool, path, cause));
      else
        reject(new FingerprintError('TOOL_FAILED', `${tool} could not be run: ${cause.message}`, { cause }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      const text = stderr.toString('utf8');
      if (code === null) {
        reject(
          new FingerprintError('TOOL_FAILED', `${tool} was stopped by signal ${String(signal)}`, {
            details: { tool, signal, stderr: summariseToolError(text) },
          }),
        );
        return;
      }
      const out = Buffer.concat(stdout);
      resolve({
        stdout: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
        stderr: text,
        exitCode: code,
      });
    });
  });
}

/** True when the tool starts (it is asked for its version); for tests and for `sealchain` diagnostics. */
export async function isToolAvailable(tool: MediaTool, options: MediaOptionsInput = {}): Promise<boolean> {
  const resolved = resolveMediaOptions(options);
  try {
    await runTool(tool, ['-version'], {
      ...resolved,
      toolTimeoutMs: Math.min(resolved.toolTimeoutMs, 10_000),
    });
    return true;
  } catch (error) {
    if (error instanceof FingerprintError && error.code === 'TOOL_MISSING') return false;
    throw error;
  }
}
