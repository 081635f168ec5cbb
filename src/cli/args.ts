import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Strict parse of a command's arguments; unknown options throw REQUEST_INVALID with a usable message. */
export function parseCommandArgs(args: readonly string[], options: Options): ParsedArgs {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (cause) {
    throw new CliError('USAGE_INVALID', cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** A decimal integer option within [min, max]. */
export function readIntegerOption(
  value: string | boolean | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'string' ||
    !/^[0-9]{1,9}$/.test(value) ||
    Number(value) < min ||
    Number(value) > max
  ) {
    throw new CliError('USAGE_INVALID', `--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** `--max-merge-delay-ms` of the consortium commands: 1 ms to a day, 10 s when not given. */
export function readMaxMergeDelayOption(value: string | boolean | undefined): number {
  return readIntegerOption(value, 'max-merge-delay-ms', 10_000, 1, 86_400_000);
}

/** The roles of a repeatable `--role` option, each of which may also list several with commas. */
export function readRoleOptions(value: unknown): string[] {
  const given = Array.isArray(value) ? (value as unknown[]).filter((v) => typeof v === 'string') : [];
  return given.flatMap((role) => role.split(',')).filter((role) => role !== '');
}
