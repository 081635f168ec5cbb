import { CliError } from './errors.ts';

// The credential a command sends: the admin token (--admin-token or SEALCHAIN_ADMIN_TOKEN) for the
// node's administration, or a principal's API key (--key or SEALCHAIN_API_KEY) for everything else.
// An option given on the command line wins over the environment.

/** The admin token of `values['admin-token']` or SEALCHAIN_ADMIN_TOKEN; USAGE_INVALID when neither. */
export function readAdminToken(values: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv): string {
  const given = values['admin-token'];
  const token = typeof given === 'string' ? given : env['SEALCHAIN_ADMIN_TOKEN'];
  if (token === undefined || token === '') {
    throw new CliError('USAGE_INVALID', 'give the admin token with --admin-token or SEALCHAIN_ADMIN_TOKEN');
  }
  return token;
}

/** The API key of `values.key` or SEALCHAIN_API_KEY; USAGE_INVALID (naming `whose` key) when neither. */
export function readApiKey(
  values: Readonly<Record<string, unknown>>,
  env: NodeJS.ProcessEnv,
  whose = 'the API key',
): string {
  const given = values['key'];
  const key = typeof given === 'string' ? given : env['SEALCHAIN_API_KEY'];
  if (key === undefined || key === '') {
    throw new CliError('USAGE_INVALID', `give ${whose} with --key or SEALCHAIN_API_KEY`);
  }
  return key;
}
