import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { HashAlgorithm } from '../crypto/index.ts';
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { CliError } from './errors.ts';
import { digestFile } from './file-digest.ts';
import { requestJson, resolveServer } from './http-client.ts';
import { describeCliError, EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';
import { ProgressBar } from './progress.ts';

export const DEPOSIT_USAGE = `Usage: sealchain deposit FILE... [--server URL] [--key KEY] [--wait] [--chain evidence]
                         [--type evidence] [--batch-size 1000] [--json]

Hashes each file locally (the file never leaves this machine), deposits the digests in batches,
and writes FILE.sealchain.json, the proof bundle that "sealchain verify" checks offline. A bundle
is written once the entry is final (under a checkpoint cosigned by a quorum of witnesses): without
--wait only bundles final already are written; --wait holds until every entry is final. --chain
picks the chain (evidence, works). The key defaults to SEALCHAIN_API_KEY, the server to
SEALCHAIN_SERVER or http://127.0.0.1:8080.`;

const HASH_CONCURRENCY = 4;
const BUNDLE_CONCURRENCY = 16;
const MAX_ATTEMPTS = 5;

interface ChainAnswer {
  hashAlgorithm: HashAlgorithm;
  maxMergeDelayMs: number;
}

interface DepositAnswer {
  index: number;
  id: string;
  leafHash: string;
}

interface FileOutcome {
  file: string;
  digest?: string;
  id?: string;
  index?: number;
  bundle?: string | null;
  error?: string;
}

async function mapConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof CliError)) return false;
  if (error.code === 'SERVER_UNREACHABLE') return true;
  const status = error.details['status'];
  return status === 429 || status === 503;
}

/** Retries refusals that say "later" (429, 503) and lost connections, honouring Retry-After. */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
      const seconds = (error as CliError).details['retryAfterSeconds'];
      const waitMs = typeof seconds === 'number' ? seconds * 1000 : 250 * 2 ** tries;
      await new Promise((resolve) => setTimeout(resolve, Math.min(waitMs, 30_000)));
    }
  }
}

/** `sealchain deposit`: hash, deposit in batches, fetch and write proof bundles. */
export async function runDepositCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals: files } = parseCommandArgs(args, {
    server: { type: 'string' },
    key: { type: 'string' },
    wait: { type: 'boolean' },
    chain: { type: 'string' },
    type: { type: 'string' },
    'batch-size': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (files.length === 0) throw new CliError('USAGE_INVALID', DEPOSIT_USAGE);
  const server = resolveServer(values['server'], env);
  const key = typeof values['key'] === 'string' ? values['key'] : env['SEALCHAIN_API_KEY'];
  if (key === undefined || key === '')
    throw new CliError('USAGE_INVALID', 'give the API key with --key or SEALCHAIN_API_KEY');
  const chain = typeof values['chain'] === 'string' ? values['chain'] : 'evidence';
  const type = typeof values['type'] === 'string' ? values['type'] : 'evidence';
  const batchSize = readIntegerOption(values['batch-size'], 'batch-size', 1_000, 1, 10_000);
  const wait = values['wait'] === true;
  const chainPath = `/v1/chains/${encodeURIComponent(chain)}`;
  const { body: info } = await requestJson<ChainAnswer>(server, chainPath);

  const outcomes: FileOutcome[] = files.map((file) => ({ file }));
  const hashing = new ProgressBar(output, 'hashing', files.length);
  await mapConcurrently(outcomes, HASH_CONCURRENCY, async (outcome) => {
    try {
      outcome.digest = (await digestFile(outcome.file, info.hashAlgorithm)).digest;
    } catch (error) {
      outcome.error = describeCliError(error);
    }
    hashing.advance();
  });
  hashing.finish();

  const hashed = outcomes.filter((outcome) => outcome.digest !== undefined);
  const depositing = new ProgressBar(output, 'depositing', hashed.length);
  for (let start = 0; start < hashed.length; start += batchSize) {
    const batch = hashed.slice(start, start + batchSize);
    const idempotencyKey = randomUUID();
    try {
      const { body } = await withRetries(() =>
        requestJson<{ results: DepositAnswer[] }>(server, `${chainPath}/entries/batch`, {
          method: 'POST',
          token: key,
          headers: { 'idempotency-key': idempotencyKey },
          json: { entries: batch.map((outcome) => ({ digest: outcome.digest, type })) },
        }),
      );
      body.results.forEach((result, i) => {
        batch[i]!.index = result.index;
        batch[i]!.id = result.id;
      });
    } catch (error) {
      for (const outcome of batch) outcome.error = describeCliError(error);
    }
    depositing.advance(batch.length);
  }
  depositing.finish();

  const deposited = hashed.filter((outcome) => outcome.index !== undefined);
  const bundling = new ProgressBar(
    output,
    wait ? 'waiting for final bundles' : 'fetching bundles',
    deposited.length,
  );
  const query = wait ? `?wait=final&timeoutMs=${Math.min(60_000, info.maxMergeDelayMs + 15_000)}` : '';
  await mapConcurrently(deposited, BUNDLE_CONCURRENCY, async (outcome) => {
    try {
      const answer = await withRetries(() =>
        requestJson<unknown>(server, `${chainPath}/entries/${outcome.index}/bundle${query}`),
      );
      if (answer.status === 200 && answer.headers.get('sealchain-finality') !== 'integrated') {
        const path = `${outcome.file}.sealchain.json`;
        await writeFile(path, `${JSON.stringify(answer.body, null, 2)}\n`).catch((cause: unknown) => {
          throw new CliError('FILE_WRITE_FAILED', `cannot write ${path}`, { cause });
        });
        outcome.bundle = path;
      } else outcome.bundle = null;
    } catch (error) {
      outcome.error = describeCliError(error);
    }
    bundling.advance();
  });
  bundling.finish();

  if (values['json'] === true) output.out(JSON.stringify(outcomes));
  else {
    for (const outcome of outcomes) {
      if (outcome.error !== undefined) output.err(`${outcome.file}: ${outcome.error}`);
      else if (outcome.bundle)
        output.out(`${outcome.file}  ${outcome.id}  ${outcome.digest}  -> ${outcome.bundle}`);
      else {
        output.out(
          `${outcome.file}  ${outcome.id}  ${outcome.digest}  (not final yet; bundle at ${server.replace(/\/$/, '')}${chainPath}/entries/${outcome.index}/bundle?wait=final)`,
        );
      }
    }
  }
  const failed = outcomes.some((outcome) => outcome.error !== undefined || (wait && !outcome.bundle));
  return failed ? EXIT_FAILED : EXIT_OK;
}
