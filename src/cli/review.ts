import { parseCommandArgs } from './args.ts';
import { readApiKey } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';

export const REVIEW_USAGE = `Usage: sealchain review list [--server URL] [--key KEY] [--json]
       sealchain review approve NUMBER [--reason TEXT] [--server URL] [--key KEY] [--json]
       sealchain review reject NUMBER --reason TEXT [--server URL] [--key KEY] [--json]

A registration like an earlier one is held for review: it is recorded but not certified. list
prints the held registrations with the earlier works they resemble; approve or reject records the
registrar's decision as a registration-decision entry on the works chain (a rejection needs a
reason, shown on the verify page). Needs the API key of a registrar of the copyright centre
(--key or SEALCHAIN_API_KEY; "sealchain principal add NAME --org copyright-center --role
registrar" makes one). The server defaults to SEALCHAIN_SERVER or http://127.0.0.1:8080.`;

interface Similar {
  number: string;
  title: string;
  registeredAt: string;
  similarity: number;
}

interface HeldRegistration {
  number: string;
  title: string;
  registeredAt: string;
  registrant: string;
  status: string;
  review: {
    similar: Similar[];
    decision: { decision: string; reason: string; decidedAt: string; entry: { index: number } } | null;
  } | null;
}

function describeHeld(work: HeldRegistration): string[] {
  const lines = [`${work.number}  《${work.title}》 recorded ${work.registeredAt} by ${work.registrant}`];
  for (const s of work.review?.similar ?? []) {
    lines.push(
      `  similar to ${s.number} 《${s.title}》 registered at ${s.registeredAt}: ${Math.round(s.similarity * 100)}%`,
    );
  }
  return lines;
}

/** `sealchain review list|approve|reject`: the registrar's review of held registrations. */
export async function runReviewCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    server: { type: 'string' },
    key: { type: 'string' },
    reason: { type: 'string' },
    json: { type: 'boolean' },
  });
  const server = resolveServer(values['server'], env);
  const token = readApiKey(values, env, "a registrar's API key");
  const json = values['json'] === true;
  const [action, number, ...rest] = positionals;
  if (rest.length > 0) throw new CliError('USAGE_INVALID', `unexpected argument ${JSON.stringify(rest[0])}`);
  if (action === 'list' && number === undefined) {
    const { body } = await requestJson<{ reviews: HeldRegistration[] }>(server, '/v1/reviews', { token });
    if (json) output.out(JSON.stringify(body));
    else if (body.reviews.length === 0) output.out('no registration is waiting for review');
    else for (const work of body.reviews) for (const line of describeHeld(work)) output.out(line);
    return EXIT_OK;
  }
  if ((action === 'approve' || action === 'reject') && number !== undefined) {
    const reason = typeof values['reason'] === 'string' ? values['reason'] : undefined;
    if (action === 'reject' && (reason === undefined || reason.trim() === '')) {
      throw new CliError('USAGE_INVALID', `a rejection needs --reason TEXT\n\n${REVIEW_USAGE}`);
    }
    const { body } = await requestJson<{ registration: HeldRegistration }>(
      server,
      `/v1/works/${encodeURIComponent(number)}/decision`,
      {
        method: 'POST',
        token,
        json: { decision: action, ...(reason === undefined ? {} : { reason }) },
      },
    );
    if (json) output.out(JSON.stringify(body));
    else {
      const decision = body.registration.review?.decision;
      output.out(
        `${body.registration.number}: ${action === 'approve' ? 'approved' : 'rejected'} at ${decision?.decidedAt ?? '?'} (entry ${decision?.entry.index ?? '?'}); status ${body.registration.status}`,
      );
    }
    return EXIT_OK;
  }
  throw new CliError('USAGE_INVALID', REVIEW_USAGE);
}
