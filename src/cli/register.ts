import { openAsBlob } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { looksLikeRegistrationNumber, parseRegistrationNumber, WORK_TYPES } from '../registry/index.ts';
import {
  CheckpointChecker,
  checkBundle,
  parseBundle,
  parseTrustFile,
  type ProofBundle,
  type VerificationReport,
} from '../verify/index.ts';
import { parseCommandArgs } from './args.ts';
import { formatCosignerLine } from './cosigner-line.ts';
import { readApiKey } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_FAILED, EXIT_HELD_FOR_REVIEW, EXIT_OK, type CommandOutput } from './output.ts';
import { ensureNoProofFile, proofPathOf, refuseEmptyFile, writeNewFile } from './final-bundles.ts';

export const REGISTER_USAGE = `Usage: sealchain register FILE --title TITLE --type TYPE --author NAME [--author NAME]...
                          --holder NAME [--holder-id ID] [--created YYYY-MM-DD]
                          [--published YYYY-MM-DD --place PLACE] [--statement TEXT]
                          [--server URL] [--key KEY] [--json]

Registers a work on the works chain: the file is uploaded with its particulars, fingerprinted,
checked against every earlier registration, and recorded. TYPE is one of ${WORK_TYPES.join(', ')}.
Prints the registration number and any earlier similar works, and writes FILE.sealchain.json,
the proof bundle that "sealchain verify" checks offline. A file like an earlier registration is
recorded but held for a registrar's review: no certificate until approved ("sealchain review"),
and the command exits with status 5. --created defaults to today. The key
defaults to SEALCHAIN_API_KEY, the server (the works chain's node) to SEALCHAIN_SERVER or
http://127.0.0.1:8080.

Verify a registration or a licence by its number: sealchain verify SC-2026-W-00001234-7 --server URL
[--trust data/consortium.json] [--json] — the bundle is fetched from the server and checked
offline against the trust file, so the server need not be trusted. A registration under review or
rejected, and a revoked licence (SC-2026-L-…), exit non-zero with the reason.`;

interface Registration {
  number: string;
  title: string;
  registeredAt: string;
  status: 'pending' | 'pending-review' | 'registered' | 'rejected';
  review: {
    decision: { decision: string; reason: string; decidedAt: string; entry: { index: number } } | null;
  } | null;
  flagged: boolean;
  similar: { number: string; title: string; time: string; similarity: number; basis: string }[];
  file: { sha256: string };
  entry: { index: number } | null;
}

interface RegistrationAnswer {
  registration: Registration;
  bundle: ProofBundle | null;
  links: { verify: string; certificate: string | null };
}

function readText(value: string | boolean | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new CliError('USAGE_INVALID', `--${name} needs a value`);
  return value;
}

function requireText(value: string | boolean | undefined, name: string): string {
  const text = readText(value, name);
  if (text === undefined) throw new CliError('USAGE_INVALID', `--${name} is required\n\n${REGISTER_USAGE}`);
  return text;
}

function describeSimilar(similar: Registration['similar']): string[] {
  return similar.map(
    (s) =>
      `  similar to ${s.number} 《${s.title}》 registered ${s.time}: ${Math.round(s.similarity * 100)}% (${s.basis})`,
  );
}

/** `sealchain register FILE …`: registers a work through the works chain's node. */
export async function runRegisterCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    title: { type: 'string' },
    type: { type: 'string' },
    author: { type: 'string', multiple: true },
    holder: { type: 'string' },
    'holder-id': { type: 'string' },
    created: { type: 'string' },
    published: { type: 'string' },
    place: { type: 'string' },
    statement: { type: 'string' },
    server: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [file, ...rest] = positionals;
  if (file === undefined || rest.length > 0) throw new CliError('USAGE_INVALID', REGISTER_USAGE);
  const key = readApiKey(values, env);
  const server = resolveServer(values['server'], env);
  const authors = (values['author'] as unknown as string[] | undefined) ?? [];
  if (authors.length === 0) throw new CliError('USAGE_INVALID', `--author is required\n\n${REGISTER_USAGE}`);
  const metadata: Record<string, unknown> = {
    title: requireText(values['title'], 'title'),
    authors,
    workType: requireText(values['type'], 'type'),
    creationDate: readText(values['created'], 'created') ?? new Date().toISOString().slice(0, 10),
    rightsHolder: {
      name: requireText(values['holder'], 'holder'),
      ...(typeof values['holder-id'] === 'string' ? { idNumber: values['holder-id'] } : {}),
    },
  };
  const published = readText(values['published'], 'published');
  if (published !== undefined)
    metadata['firstPublication'] = { date: published, place: requireText(values['place'], 'place') };
  const statement = readText(values['statement'], 'statement');
  if (statement !== undefined) metadata['licenseStatement'] = statement;
  const fileStat = await stat(file).catch(() => undefined);
  if (!fileStat?.isFile()) {
    throw new CliError('FILE_UNREADABLE', `cannot read ${file}`, { details: { path: file } });
  }
  refuseEmptyFile(file, fileStat.size);
  // Refused before registering: an existing proof file may be the proof of an earlier registration.
  await ensureNoProofFile(file);
  const form = new FormData();
  form.set('metadata', JSON.stringify(metadata));
  form.set('file', await openAsBlob(file), basename(file));
  let response: Response;
  try {
    response = await fetch(new URL('/v1/works', server), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
      body: form,
    });
  } catch (cause) {
    throw new CliError('SERVER_UNREACHABLE', `cannot reach ${server}`, { cause });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new CliError('SERVER_ANSWER_INVALID', `${server} answered ${response.status} without JSON`, {
      cause,
    });
  }
  if (!response.ok) {
    const problem = body as { code?: string; detail?: string; details?: Record<string, unknown> };
    throw new CliError(
      'SERVER_REFUSED',
      `the server refused: ${problem.detail ?? response.statusText} (${problem.code ?? response.status})`,
      {
        details: { status: response.status, code: problem.code, ...(problem.details ?? {}) },
      },
    );
  }
  const answer = body as RegistrationAnswer;
  if (answer.bundle !== null) {
    await writeNewFile(proofPathOf(file), `${JSON.stringify(answer.bundle, null, 2)}\n`);
  }
  const { registration } = answer;
  const held = registration.status === 'pending-review';
  if (values['json'] === true) {
    output.out(JSON.stringify(answer, null, 2));
    return held ? EXIT_HELD_FOR_REVIEW : EXIT_OK;
  }
  if (held) {
    output.out(
      `${file}: recorded as ${registration.number} at ${registration.registeredAt}, HELD FOR REVIEW: it resembles earlier registrations; no certificate until a registrar approves it`,
    );
  } else output.out(`${file}: registered as ${registration.number} at ${registration.registeredAt}`);
  for (const line of describeSimilar(registration.similar)) output.out(line);
  output.out(`  verify at    ${answer.links.verify}`);
  if (answer.links.certificate !== null)
    output.out(`  certificate  ${new URL(answer.links.certificate, server).href}`);
  output.out(
    answer.bundle === null
      ? '  bundle       not final yet: run "sealchain verify" with the number later'
      : `  bundle       ${proofPathOf(file)}`,
  );
  return held ? EXIT_HELD_FOR_REVIEW : EXIT_OK;
}

function formatReport(number: string, report: VerificationReport, registration: Registration): string[] {
  const lines = [`${number}: ${report.ok ? 'VERIFIED' : 'NOT VERIFIED'}`];
  lines.push(`  work        《${registration.title}》 registered ${registration.registeredAt}`);
  lines.push(
    `  chain       ${report.chain} (${report.origin}), entry #${report.index}, tree size ${report.treeSize}`,
  );
  if (report.cosigners.length > 0) lines.push(formatCosignerLine(report.cosigners));
  for (const check of report.checks) {
    lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.id.padEnd(20)} ${check.summary}`);
    const code = check.details?.['code'];
    if (!check.ok && typeof code === 'string') lines.push(`          code: ${code}`);
  }
  lines.push(...describeSimilar(registration.similar));
  return lines;
}

/**
 * `sealchain verify NUMBER --server URL`: fetches the registration's bundle and checks it offline
 * against the trust file, and that the entry is the one of this number and file digest.
 */
export async function runVerifyRegistrationCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    server: { type: 'string' },
    trust: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [number, ...rest] = positionals;
  if (number === undefined || rest.length > 0) throw new CliError('USAGE_INVALID', REGISTER_USAGE);
  const server = resolveServer(values['server'], env);
  const trustPath = typeof values['trust'] === 'string' ? values['trust'] : 'data/consortium.json';
  const trustText = await readFile(trustPath, 'utf8').catch((cause: unknown) => {
    throw new CliError('FILE_UNREADABLE', `cannot read the trust file ${trustPath}`, {
      cause,
      details: { path: trustPath },
    });
  });
  const trust = parseTrustFile(trustText);
  if (parseRegistrationNumber(number.trim()).kind === 'L') {
    const { runVerifyLicenseCommand } = await import('./verify-license.ts');
    return runVerifyLicenseCommand(number.trim(), server, trust, values['json'] === true, output);
  }
  const { body: read } = await requestJson<{ registration: Registration; links: { bundle: string | null } }>(
    server,
    `/v1/works/${encodeURIComponent(number.trim())}`,
  );
  const { registration } = read;
  if (registration.status === 'pending-review' || registration.status === 'rejected') {
    const decision = registration.review?.decision;
    const sentence =
      registration.status === 'rejected'
        ? `${registration.number}: REJECTED at ${decision?.decidedAt ?? '?'} (entry ${decision?.entry.index ?? '?'}): ${decision?.reason ?? ''}`
        : `${registration.number}: UNDER REVIEW, not registered: it resembles earlier registrations`;
    if (values['json'] === true) output.out(JSON.stringify({ registration }, null, 2));
    else {
      output.out(sentence);
      output.out(`  work        《${registration.title}》 recorded ${registration.registeredAt}`);
      for (const line of describeSimilar(registration.similar)) output.out(line);
    }
    return EXIT_FAILED;
  }
  if (read.links.bundle === null || registration.entry === null) {
    throw new CliError('SERVER_ANSWER_INVALID', `${registration.number} has no entry on the chain yet`);
  }
  const fetched = await requestJson<unknown>(server, read.links.bundle);
  if (fetched.status !== 200) {
    output.err(
      `${registration.number}: not final yet (no checkpoint cosigned by the quorum covers it); retry later`,
    );
    return EXIT_FAILED;
  }
  const bundle = parseBundle(fetched.body);
  const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
  const entry = JSON.parse(bundle.entry) as { type?: string; meta?: { number?: unknown; sha256?: unknown } };
  const matches =
    entry.type === 'work' &&
    entry.meta?.number === registration.number &&
    entry.meta?.sha256 === registration.file.sha256;
  report.checks.push({
    id: 'entry',
    ok: matches,
    summary: matches
      ? `the entry records ${registration.number} for the file of SHA-256 ${registration.file.sha256}`
      : `the entry is not the registration ${registration.number} of this file`,
  });
  if (!matches) report.ok = false;
  if (values['json'] === true) output.out(JSON.stringify({ registration, report }, null, 2));
  else for (const line of formatReport(registration.number, report, registration)) output.out(line);
  return report.ok ? EXIT_OK : EXIT_FAILED;
}

/** True when `sealchain verify` was given a registration number rather than a bundle file. */
export function isRegistrationVerify(args: readonly string[]): boolean {
  return args.some((arg) => looksLikeRegistrationNumber(arg));
}
