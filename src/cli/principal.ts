import { ROLE_DESCRIPTIONS, ROLES } from '../accounts/index.ts';
import { parseCommandArgs, readRoleOptions } from './args.ts';
import { readAdminToken } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_OK, printAnswer, type CommandOutput } from './output.ts';

const ROLE_LINES = ROLES.map((role) => `  ${role.padEnd(10)} ${ROLE_DESCRIPTIONS[role]}`).join('\n');

export const PRINCIPAL_USAGE = `Usage: sealchain principal add NAME --org ORG --role ROLE [--role ROLE]...
       sealchain principal list | rotate-key NAME | revoke NAME
       sealchain principal org-add NAME | org-list
       [--server URL] [--admin-token TOKEN] [--json]

Manages a node's principals: API keys that belong to one organisation (a consortium member such as
court, copyright-center or notary, or one added with org-add) and hold roles. add prints the new
API key (shown once); rotate-key gives a new key and the old one stops working; revoke ends a key.
The server defaults to SEALCHAIN_SERVER or http://127.0.0.1:8080; the token to SEALCHAIN_ADMIN_TOKEN.
Who may call what is in docs/permissions.md.

Roles:
${ROLE_LINES}`;

interface PrincipalAnswer {
  id: string;
  name: string;
  organisation: string | null;
  roles: string[];
  createdAt: string;
  revokedAt: string | null;
  apiKey?: string;
}

function formatPrincipal(p: PrincipalAnswer): string {
  const state = p.revokedAt === null ? 'active' : `revoked ${p.revokedAt}`;
  return `${p.id}  ${p.name}  ${p.organisation ?? '(no organisation)'}  ${p.roles.join(',')}  ${state}`;
}

/** The principal `nameOrId` names, from the node's list. */
async function findPrincipal(server: string, token: string, nameOrId: string): Promise<PrincipalAnswer> {
  const { body } = await requestJson<{ units: PrincipalAnswer[] }>(server, '/v1/principals', { token });
  const found = body.units.find((p) => p.id === nameOrId || p.name === nameOrId);
  if (found === undefined)
    throw new CliError('USAGE_INVALID', `there is no principal ${JSON.stringify(nameOrId)}`);
  return found;
}

/** `sealchain principal …` against a running node, with the admin token. */
export async function runPrincipalCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    server: { type: 'string' },
    'admin-token': { type: 'string' },
    org: { type: 'string' },
    role: { type: 'string', multiple: true },
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
      throw new CliError('USAGE_INVALID', `give --org ORG and at least one --role\n\n${PRINCIPAL_USAGE}`);
    }
    const { body } = await requestJson<PrincipalAnswer>(server, '/v1/principals', {
      method: 'POST',
      token,
      json: { name: argument, organisation, roles },
    });
    print(body, [
      `created principal ${body.name} of ${body.organisation} with roles ${body.roles.join(', ')} (id ${body.id})`,
      `API key (shown only now; the node keeps only its hash): ${body.apiKey}`,
    ]);
    return EXIT_OK;
  }
  if (action === 'list' && argument === undefined) {
    const { body } = await requestJson<{ units: PrincipalAnswer[] }>(server, '/v1/principals', { token });
    print(body.units, body.units.length === 0 ? ['no principals yet'] : body.units.map(formatPrincipal));
    return EXIT_OK;
  }
  if ((action === 'rotate-key' || action === 'revoke') && argument !== undefined) {
    const principal = await findPrincipal(server, token, argument);
    const rotate = action === 'rotate-key';
    const { body } = await requestJson<PrincipalAnswer>(
      server,
      rotate ? `/v1/principals/${principal.id}/key` : `/v1/units/${principal.id}`,
      rotate ? { method: 'POST', token, json: {} } : { method: 'DELETE', token },
    );
    print(
      body,
      rotate
        ? [`new API key for ${body.name} (the old one no longer works; shown only now): ${body.apiKey}`]
        : [`revoked ${body.name} (id ${body.id}) at ${body.revokedAt}`],
    );
    return EXIT_OK;
  }
  if (action === 'org-add' && argument !== undefined) {
    const { body } = await requestJson<{ name: string }>(server, '/v1/organisations', {
      method: 'POST',
      token,
      json: { name: argument },
    });
    print(body, [`added organisation ${body.name}`]);
    return EXIT_OK;
  }
  if (action === 'org-list' && argument === undefined) {
    const { body } = await requestJson<{
      organisations: { name: string; kind: string; memberRole: string | null }[];
    }>(server, '/v1/organisations', { token });
    print(
      body.organisations,
      body.organisations.map(
        (o) => `${o.name}  ${o.kind === 'member' ? `member (${o.memberRole})` : 'added'}`,
      ),
    );
    return EXIT_OK;
  }
  throw new CliError('USAGE_INVALID', PRINCIPAL_USAGE);
}
