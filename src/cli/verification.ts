import { parseBundle, type VerificationReport } from '../verify/index.ts';
import { parseCommandArgs } from './args.ts';
import { readApiKey } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';
import { formatReport, readSmallFile } from './verify-report.ts';

export const VERIFICATION_USAGE = `Usage: sealchain verification record BUNDLE [--case CASE] [--server URL] [--key KEY] [--json]
       sealchain verification record --chain works --index N [--case CASE] [--server URL] [--key KEY] [--json]

Court and cross-chain verification, recorded: the node (the court's) checks a proof bundle, or
the entry N of a chain, whose bundle it fetches from that chain's node, against the consortium
file, and records the outcome on its own chain as a verification entry with the case it belongs
to (CASE, e.g. "(2026)京0491民初1号"). Prints every check and where the record is; exit status 0
only if the bundle verified (a failed verification is recorded too). The key defaults to
SEALCHAIN_API_KEY, the server to SEALCHAIN_SERVER or http://127.0.0.1:8080.`;

const CHAIN_NAME = /^[a-z][a-z0-9-]{0,62}$/;

interface VerificationAnswer {
  verified: boolean;
  crossChain: boolean;
  report: VerificationReport;
  record: { id: string; index: number; entry: string };
}

/** What to verify: a bundle read from a file, or a chain's entry by its index. */
type Subject = { bundlePath: string } | { chain: string; index: number };

function readSubject(positionals: readonly string[], values: Record<string, unknown>): Subject {
  const [action, bundlePath, ...rest] = positionals;
  if (action !== 'record') throw new CliError('USAGE_INVALID', VERIFICATION_USAGE);
  if (rest.length > 0) throw new CliError('USAGE_INVALID', `unexpected argument ${JSON.stringify(rest[0])}`);
  const chain = values['chain'];
  const index = values['index'];
  if (bundlePath !== undefined) {
    if (chain !== undefined || index !== undefined) {
      throw new CliError('USAGE_INVALID', 'give either a BUNDLE file, or --chain and --index, not both');
    }
    return { bundlePath };
  }
  if (typeof chain !== 'string' || typeof index !== 'string') {
    throw new CliError(
      'USAGE_INVALID',
      `give a BUNDLE file, or --chain and --index\n\n${VERIFICATION_USAGE}`,
    );
  }
  if (!CHAIN_NAME.test(chain)) {
    throw new CliError(
      'USAGE_INVALID',
      `--chain must be a chain's name such as works, not ${JSON.stringify(chain)}`,
    );
  }
  if (!/^[0-9]{1,16}$/.test(index) || Number(index) > Number.MAX_SAFE_INTEGER - 1) {
    throw new CliError(
      'USAGE_INVALID',
      `--index must be an entry's index (0, 1, 2, …), not ${JSON.stringify(index)}`,
    );
  }
  return { chain, index: Number(index) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node's answer, checked for the fields printed. */
function readAnswer(body: unknown, server: string): VerificationAnswer {
  const report = isObject(body) ? body['report'] : undefined;
  const record = isObject(body) ? body['record'] : undefined;
  if (
    !isObject(body) ||
    typeof body['verified'] !== 'boolean' ||
    typeof body['crossChain'] !== 'boolean' ||
    !isObject(report) ||
    !Array.isArray(report['checks']) ||
    !Array.isArray(report['cosigners']) ||
    !isObject(record) ||
    typeof record['id'] !== 'string' ||
    !Number.isSafeInteger(record['index']) ||
    typeof record['entry'] !== 'string'
  ) {
    throw new CliError('SERVER_ANSWER_INVALID', `${server} answered something that is not a verification`);
  }
  return body as unknown as VerificationAnswer;
}

/** The case number as recorded in the verification entry, or null. */
function readRecordedCase(entry: string): string | null {
  try {
    const meta = (JSON.parse(entry) as { meta?: { caseNumber?: unknown } }).meta;
    return typeof meta?.caseNumber === 'string' ? meta.caseNumber : null;
  } catch {
    return null;
  }
}

function formatAnswer(answer: VerificationAnswer, label: string): string[] {
  const lines = formatReport(answer.report, label);
  if (answer.crossChain) lines[0] += ' (cross-chain)';
  const recordedCase = readRecordedCase(answer.record.entry);
  const [recordChain] = answer.record.id.split(':');
  lines.push(
    `  recorded    verification entry #${answer.record.index} on chain ${recordChain} (${answer.record.id}), ${
      recordedCase === null ? 'no case' : `case ${recordedCase}`
    }`,
  );
  return lines;
}

/** `sealchain verification record`: a verification made by the node and recorded on its chain. */
export async function runVerificationCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    chain: { type: 'string' },
    index: { type: 'string' },
    case: { type: 'string' },
    server: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
  });
  const subject = readSubject(positionals, values);
  const server = resolveServer(values['server'], env);
  const key = readApiKey(values, env);
  const caseNumber = values['case'];
  if (caseNumber !== undefined && (typeof caseNumber !== 'string' || caseNumber.trim() === ''))
    throw new CliError('USAGE_INVALID', '--case needs a case number');

  let request: Record<string, unknown>;
  let label: string;
  if ('bundlePath' in subject) {
    const text = await readSmallFile(subject.bundlePath, 'bundle');
    parseBundle(text);
    request = { bundle: JSON.parse(text) as unknown };
    label = subject.bundlePath;
  } else {
    request = { chain: subject.chain, index: subject.index };
    label = `${subject.chain}:${subject.index}`;
  }
  if (caseNumber !== undefined) request['caseNumber'] = caseNumber;
  const { body } = await requestJson<unknown>(server, '/v1/verifications', {
    method: 'POST',
    token: key,
    json: request,
  });
  const answer = readAnswer(body, server);
  if (values['json'] === true) output.out(JSON.stringify(answer, null, 2));
  else for (const line of formatAnswer(answer, label)) output.out(line);
  return answer.verified ? EXIT_OK : EXIT_FAILED;
}
