import { parseCommandArgs } from './args.ts';
import { readAdminToken } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';
import { ADMIN_TOKEN_USAGE, runAdminTokenCommand } from './admin-token.ts';

export const UNIT_USAGE = `Usage: sealchain unit add NAME [--org ORG] | list | revoke ID  [--server URL] [--admin-token TOKEN] [--json]
       sealchain unit admin-token [--env-file FILE] [--json]

Manages the application units allowed to deposit on one node: a unit's API key is valid on the
node that made it only, so a unit depositing on two chains of a deployment gets a key from each
chain's node. add prints the new unit's API key (shown once); a unit is a principal with the role
unit (of organisation ORG with --org; principals of other roles: sealchain principal). The server defaults to
SEALCHAIN_SERVER or http://127.0.0.1:8080; the token to SEALCHAIN_ADMIN_TOKEN.

${ADMIN_TOKEN_USAGE}`;

interface UnitAnswer {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  apiKey?: string;
}

function formatUnit(unit: UnitAnswer): string {
  const state = unit.revokedAt === null ? 'active' : `revoked ${unit.revokedAt}`;
  return `${unit.id}  ${unit.name}  created ${unit.createdAt}  ${state}`;
}

/** `sealchain unit add|list|revoke` against a running node, with the admin token; `unit admin-token` makes one. */
export async function runUnitCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  if (args[0] === 'admin-token') return runAdminTokenCommand(args.slice(1), output);
  const { values, positionals } = parseCommandArgs(args, {
    server: { type: 'string' },
    'admin-token': { type: 'string' },
    org: { type: 'string' },
    json: { type: 'boolean' },
  });
  const server = resolveServer(values['server'], env);
  const token = readAdminToken(values, env);
  const json = values['json'] === true;
  const [action, argument, ...rest] = positionals;
  if (rest.length > 0) throw new CliError('USAGE_INVALID', `unexpected argument ${JSON.stringify(rest[0])}`);
  if (action === 'add' && argument !== undefined) {
    const { body } = await requestJson<UnitAnswer>(server, '/v1/units', {
      method: 'POST',
      token,
      json:
        typeof values['org'] === 'string'
          ? { name: argument, organisation: values['org'] }
          : { name: argument },
    });
    if (json) output.out(JSON.stringify(body));
    else {
      output.out(`created unit ${body.name} (id ${body.id})`);
      output.out(`API key (shown only now; the node keeps only its hash): ${body.apiKey}`);
    }
    return EXIT_OK;
  }
  if (action === 'list' && argument === undefined) {
    const { body } = await requestJson<{ units: UnitAnswer[] }>(server, '/v1/units', { token });
    if (json) output.out(JSON.stringify(body.units));
    else if (body.units.length === 0) output.out('no units yet; create one with: sealchain unit add NAME');
    else for (const unit of body.units) output.out(formatUnit(unit));
    return EXIT_OK;
  }
  if (action === 'revoke' && argument !== undefined) {
    const { body } = await requestJson<UnitAnswer>(server, `/v1/units/${encodeURIComponent(argument)}`, {
      method: 'DELETE',
      token,
    });
    if (json) output.out(JSON.stringify(body));
    else output.out(`revoked unit ${body.name} (id ${body.id}) at ${body.revokedAt}`);
    return EXIT_OK;
  }
  throw new CliError('USAGE_INVALID', UNIT_USAGE);
}
