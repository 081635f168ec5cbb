import { CliError } from './errors.ts';

// The credentials a client command sends: a principal's API key (`--key` or SEALCHAIN_API_KEY) or
// the node's admin token (`--admin-token` or SEALCHAIN_ADMIN_TOKEN), read in one way everywhere.

function readCredential(option: unknown, fallback: string | undefined): string | undefined {
  const value = typeof option === 'string' ? option : fallback;
  return value === undefined || value === '' ? undefined : value;
}

/** The API key of `--key` or SEALCHAIN_API_KEY; USAGE_INVALID naming whose key is needed. */
export function readApiKey(option: unknown, env: NodeJS.ProcessEnv, whose = 'the API key'): string {
  const key = readCredential(option, env['SEALCHAIN_API_KEY']);
  if (key === undefined) throw new CliError('USAGE_INVALID', `give ${whose} with --key or SEALCHAIN_API_KEY`);
  return key;
}

/** The node's admin token of `--admin-token` or SEALCHAIN_ADMIN_TOKEN; USAGE_INVALID without one. */
export function readAdminToken(option: unknown, env: NodeJS.ProcessEnv): string {
  const token = readCredential(option, env['SEALCHAIN_ADMIN_TOKEN']);
  if (token === undefined) {
    throw new CliError('USAGE_INVALID', 'give the admin token with --admin-token or SEALCHAIN_ADMIN_TOKEN');
  }
  return token;
}
