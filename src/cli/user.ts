import { parseCommandArgs, readRoleOptions } from './args.ts';
import { readAdminToken } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_OK, printAnswer, type CommandOutput } from './output.ts';

export const USER_USAGE = `Usage: sealchain user add NAME --org ORG --role ROLE [--role ROLE]... [--display-name TEXT]
       sealchain user list | disable NAME | reset-password NAME | reset-totp NAME
       [--server URL] [--admin-token TOKEN] [--json]

Manages the user accounts people log in to the web portal with. Each belongs to an organisation
and holds roles, like a principal (see "sealchain help principal"). add and reset-password print
a one-time password, shown once, which the user replaces after logging in (no password is ever
taken on the command line, where the shell history would keep it). disable is for good: the
user's sessions end and the account cannot log in again. Judges, registrars and operators may
add a second factor (TOTP) after logging in; reset-totp switches it off (a lost phone), so the
user logs in with the password alone and may enrol again.
The server defaults to SEALCHAIN_SERVER or http://127.0.0.1:8080; the token to SEALCHAIN_ADMIN_TOKEN.`;

interface UserAnswer {
  name: string;
  displayName: string;
  organisation: string | null;
  roles: string[];
  totpEnabled: boolean;
  passwordChangeRequired: boolean;
  disabledAt: string | null;
  createdAt: string;
}

function formatUser(user: UserAnswer): string {
  const state = user.disabledAt === null ? 'active' : `disabled ${user.disabledAt}`;
  const extras = [user.totpEnabled ? 'totp' : '', user.passwordChangeRequired ? 'one-time password' : '']
    .filter((x) => x !== '')
    .join(', ');
  return `${user.name}  ${JSON.stringify(user.displayName)}  ${user.organisation ?? '(no organisation)'}  ${user.roles.join(',')}  ${state}${extras === '' ? '' : `  (${extras})`}`;
}

/** `sealchain user …` against a running node, with the admin token. */
export async function runUserCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    server: { type: 'string' },
    'admin-token': { type: 'string' },
    org: { type: 'string' },
    role: { type: 'string', multiple: true },
    'display-name': { type: 'string' },
    json: { type: 'boolean' },
  });
  const server = resolveServer(values['server'], env);
  const token = readAdminToken(values, env);
  const json = values['json'] === true;
  const print = (value: unknown, text: readonly string[]) => printAnswer(output, json, value, text);
  const [action, argument, ...rest] = positionals;
  if (rest.length > 0) throw new CliError('USAGE_INVALID', `unexpected argument ${JSON.stringify(rest[0])}`);
  if (action === 'add' && argument !== undefined) {
    const organisation = values['org'];
    const roles = readRoleOptions(values['role']);
    if (typeof organisation !== 'string' || roles.length === 0) {
      throw new CliError('USAGE_INVALID', `give --org ORG and at least one --role\n\n${USER_USAGE}`);
    }
    const displayName = values['display-name'];
    const { body } = await requestJson<{ user: UserAnswer; oneTimePassword: string }>(server, '/v1/users', {
      method: 'POST',
      token,
      json: {
        name: argument,
        organisation,
        roles,
        ...(typeof displayName === 'string' ? { displayName } : {}),
      },
    });
    print(body, [
      `created user ${body.user.name} of ${body.user.organisation} with roles ${body.user.roles.join(', ')}`,
      `one-time password (shown only now; the user replaces it after logging in): ${body.oneTimePassword}`,
    ]);
    return EXIT_OK;
  }
  if (action === 'list' && argument === undefined) {
    const { body } = await requestJson<{ users: UserAnswer[] }>(server, '/v1/users', { token });
    print(body.users, body.users.length === 0 ? ['no users yet'] : body.users.map(formatUser));
    return EXIT_OK;
  }
  if (action === 'disable' && argument !== undefined) {
    const { body } = await requestJson<{ user: UserAnswer }>(
      server,
      `/v1/users/${encodeURIComponent(argument)}/disable`,
      { method: 'POST', token },
    );
    print(body, [`disabled ${body.user.name} at ${body.user.disabledAt}; its sessions have ended`]);
    return EXIT_OK;
  }
  if (action === 'reset-password' && argument !== undefined) {
    const { body } = await requestJson<{ user: UserAnswer; oneTimePassword: string }>(
      server,
      `/v1/users/${encodeURIComponent(argument)}/password`,
      { method: 'POST', token },
    );
    print(body, [
      `new one-time password for ${body.user.name} (shown only now; its sessions have ended): ${body.oneTimePassword}`,
    ]);
    return EXIT_OK;
  }
  if (action === 'reset-totp' && argument !== undefined) {
    const { body } = await requestJson<{ user: UserAnswer }>(
      server,
      `/v1/users/${encodeURIComponent(argument)}/totp/disable`,
      { method: 'POST', token },
    );
    print(body, [
      `switched off the second factor of ${body.user.name}; it logs in with its password alone until it enrols again`,
    ]);
    return EXIT_OK;
  }
  throw new CliError('USAGE_INVALID', USER_USAGE);
}
