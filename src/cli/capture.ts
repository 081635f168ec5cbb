import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkCapturePackage, type CaptureVerificationReport } from '../capture/index.ts';
import { parseTrustFile } from '../verify/index.ts';
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { readApiKey } from './credentials.ts';
import { CliError } from './errors.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';

export const CAPTURE_USAGE = `Usage: sealchain capture URL [--out DIR] [--server URL] [--key KEY] [--allow NETWORK]...
                         [--timeout-ms 90000] [--no-pdf] [--no-screenshot] [--json]

Asks the node to capture URL in a clean browser, follows the capture as it goes (loading,
scrolling, waiting for the network, attachments, packaging, anchoring), then writes the WACZ
package to DIR/capture-ID.wacz and its proof bundle beside it (DIR/capture-ID.wacz.sealchain.json),
which "sealchain verify DIR/capture-ID.wacz" checks offline. --allow lets the browser reach a
network the node permits (a CIDR block or loopback, private, link-local). Exit status 0 when the
capture is complete or partial (the state says which limit was hit), 1 when it failed.`;

export const VERIFY_CAPTURE_USAGE = `Usage: sealchain verify PACKAGE.wacz [--bundle PACKAGE.wacz.sealchain.json]
                       [--trust data/consortium.json] [--json]

Checks a capture package offline: every file against datapackage.json, datapackage.json against
datapackage-digest.json, the whole package against the digest of its chain entry, and the entry's
proof bundle (inclusion proof, signed and cosigned checkpoint) against the trust file. Exit status 0
only if every check passed; a changed file is named. Files are hashed as they inflate: a package of
more than 10,000 files, over 4 GiB inflated, or with a file that deflates over 100 times (an
archive bomb) fails the zip check (ARCHIVE_TOO_MANY_ENTRIES, ARCHIVE_TOO_LARGE,
ARCHIVE_RATIO_TOO_HIGH) before anything is inflated.`;

const POLL_MS = 250;
const MAX_PACKAGE_BYTES = 4 * 1024 ** 3;

interface CaptureAnswer {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: string | null;
  state: string | null;
  reasons: string[];
  title: string | null;
  finalUrl: string | null;
  package: { url: string; bytes: number; digest: string } | null;
  entry: { chain: string; index: number; id: string; time: string } | null;
  bundle: unknown;
  error: { code: string; message: string } | null;
}

async function downloadPackage(server: string, path: string, key: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(new URL(path, server), { headers: { authorization: `Bearer ${key}` } });
  } catch (cause) {
    throw new CliError('SERVER_UNREACHABLE', `cannot reach ${server}`, { cause });
  }
  if (!response.ok) {
    throw new CliError('SERVER_REFUSED', `the server refused the package download (${response.status})`, {
      details: { status: response.status },
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function readBundle(server: string, answer: CaptureAnswer): Promise<unknown> {
  if (answer.bundle !== null && answer.bundle !== undefined) return answer.bundle;
  if (answer.entry === null) return null;
  const { status, body } = await requestJson<unknown>(
    server,
    `/v1/chains/${answer.entry.chain}/entries/${answer.entry.index}/bundle?wait=integrated&timeoutMs=30000`,
  );
  return status === 200 ? body : null;
}

/** `sealchain capture`: a capture by the node, followed to the end, its package and bundle written. */
export async function runCaptureCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    out: { type: 'string' },
    server: { type: 'string' },
    key: { type: 'string' },
    allow: { type: 'string', multiple: true },
    'timeout-ms': { type: 'string' },
    'no-pdf': { type: 'boolean' },
    'no-screenshot': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const [url, ...rest] = positionals;
  if (url === undefined || rest.length > 0) throw new CliError('USAGE_INVALID', CAPTURE_USAGE);
  const server = resolveServer(values['server'], env);
  const key = readApiKey(values, env);
  const outDir = typeof values['out'] === 'string' ? values['out'] : '.';
  const options: Record<string, unknown> = {};
  const allowed = (values as Record<string, unknown>)['allow'];
  if (Array.isArray(allowed) && allowed.length > 0) options['allowedNetworks'] = allowed;
  if (values['timeout-ms'] !== undefined) {
    options['totalTimeoutMs'] = readIntegerOption(
      values['timeout-ms'],
      'timeout-ms',
      90_000,
      1_000,
      3_600_000,
    );
    options['loadTimeoutMs'] = Math.min(30_000, options['totalTimeoutMs'] as number);
  }
  if (values['no-pdf'] === true) options['pdf'] = false;
  if (values['no-screenshot'] === true) options['screenshot'] = false;

  let answer = (
    await requestJson<CaptureAnswer>(server, '/v1/captures', {
      method: 'POST',
      token: key,
      json: { url, options },
    })
  ).body;
  const say = (line: string) => (output.progress ? output.progress(line) : output.err(line));
  say(`capture ${answer.id}: ${answer.phase ?? answer.status}`);
  let shown = answer.phase;
  while (answer.status === 'queued' || answer.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    answer = (await requestJson<CaptureAnswer>(server, `/v1/captures/${answer.id}`, { token: key })).body;
    if (answer.phase !== shown && answer.phase !== null) say(`capture ${answer.id}: ${answer.phase}`);
    shown = answer.phase;
  }
  output.progress?.('');
  if (answer.status === 'failed' || answer.package === null) {
    if (values['json'] === true) output.out(JSON.stringify(answer, null, 2));
    output.err(
      `capture ${answer.id} failed: ${answer.error?.message ?? 'no package'} (${answer.error?.code ?? 'CAPTURE_FAILED'})`,
    );
    return EXIT_FAILED;
  }
  const wacz = await downloadPackage(server, answer.package.url, key);
  const bundle = await readBundle(server, answer);
  await mkdir(outDir, { recursive: true });
  const packagePath = join(outDir, `capture-${answer.id}.wacz`);
  const bundlePath = `${packagePath}.sealchain.json`;
  try {
    await writeFile(packagePath, wacz);
    if (bundle !== null) await writeFile(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
  } catch (cause) {
    throw new CliError('FILE_WRITE_FAILED', `cannot write into ${outDir}`, {
      cause,
      details: { path: outDir },
    });
  }
  if (values['json'] === true) {
    output.out(
      JSON.stringify({ ...answer, packagePath, bundlePath: bundle === null ? null : bundlePath }, null, 2),
    );
    return EXIT_OK;
  }
  output.out(`${url}: ${answer.state}${answer.reasons.length > 0 ? ` (${answer.reasons.join(', ')})` : ''}`);
  output.out(`  title       ${answer.title ?? ''}`);
  output.out(`  final URL   ${answer.finalUrl ?? ''}`);
  output.out(`  package     ${packagePath} (${wacz.length} bytes, ${answer.package.digest})`);
  output.out(
    `  entry       ${answer.entry?.id ?? 'not deposited'}${answer.entry ? ` at ${answer.entry.time}` : ''}`,
  );
  output.out(
    `  bundle      ${bundle === null ? 'not yet integrated: fetch it later with the entry id' : bundlePath}`,
  );
  return EXIT_OK;
}

function formatReport(report: CaptureVerificationReport, path: string): string[] {
  const lines = [`${path}: ${report.ok ? 'VERIFIED' : 'NOT VERIFIED'}`];
  if (report.capture !== undefined) {
    lines.push(
      `  captured    ${report.capture.requestedUrl} (${report.capture.state}) ${report.capture.startedAt} – ${report.capture.endedAt}`,
    );
    lines.push(`  title       ${report.capture.title}`);
  }
  lines.push(`  package     ${report.packageDigest}`);
  if (report.bundle?.entry !== undefined) {
    lines.push(
      `  entry       ${report.bundle.chain} #${report.bundle.index}, ${report.bundle.entry.type} from ${report.bundle.entry.unit} at ${report.bundle.entry.time}`,
    );
  }
  const checks = [
    ...report.checks.map((check) => ({
      ok: check.ok,
      id: check.id === 'file' ? `file ${check.file}` : check.id,
      summary: check.summary,
      details: check.details,
    })),
    ...(report.bundle?.checks ?? []).map((check) => ({ ...check, id: `bundle ${check.id}` })),
  ];
  for (const check of checks) {
    if (check.ok && check.id.startsWith('file ')) continue;
    lines.push(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.id.padEnd(24)} ${check.summary}`);
    if (!check.ok)
      for (const [name, value] of Object.entries(check.details ?? {}))
        lines.push(`          ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const files = report.checks.filter((check) => check.id === 'file');
  const good = files.filter((check) => check.ok).length;
  lines.push(`  files       ${good} of ${files.length} match datapackage.json`);
  return lines;
}

/** `sealchain verify PACKAGE.wacz`: the package, its chain entry and proof bundle, offline. */
export async function runVerifyCaptureCommand(
  args: readonly string[],
  output: CommandOutput,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    bundle: { type: 'string' },
    trust: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [packagePath, ...rest] = positionals;
  if (packagePath === undefined || rest.length > 0) throw new CliError('USAGE_INVALID', VERIFY_CAPTURE_USAGE);
  const found = await stat(packagePath).catch((cause: unknown) => {
    throw new CliError('FILE_UNREADABLE', `cannot read the package ${packagePath}`, {
      cause,
      details: { path: packagePath },
    });
  });
  if (!found.isFile() || found.size > MAX_PACKAGE_BYTES) {
    throw new CliError('FILE_UNREADABLE', `${packagePath} is not a file of at most 4 GiB`, {
      details: { path: packagePath },
    });
  }
  const bundlePath =
    typeof values['bundle'] === 'string' ? values['bundle'] : `${packagePath}.sealchain.json`;
  const trustPath = typeof values['trust'] === 'string' ? values['trust'] : 'data/consortium.json';
  if (!existsSync(bundlePath)) {
    throw new CliError('FILE_UNREADABLE', `no proof bundle at ${bundlePath} (give it with --bundle)`, {
      details: { path: bundlePath },
    });
  }
  const read = (path: string, what: string) =>
    readFile(path, 'utf8').catch((cause: unknown) => {
      throw new CliError('FILE_UNREADABLE', `cannot read the ${what} ${path}`, { cause, details: { path } });
    });
  const trust = parseTrustFile(await read(trustPath, 'trust file'));
  let bundle: unknown;
  try {
    bundle = JSON.parse(await read(bundlePath, 'bundle'));
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('FILE_UNREADABLE', `the bundle ${bundlePath} is not JSON`, {
      cause,
      details: { path: bundlePath },
    });
  }
  const report = await checkCapturePackage(await readFile(packagePath), { bundle, trust });
  if (values['json'] === true) output.out(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report, packagePath)) output.out(line);
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
