import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { HashAlgorithm } from '../crypto/index.ts';
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { readApiKey } from './credentials.ts';
import { CliError } from './errors.ts';
import { digestFile } from './file-digest.ts';
import { ensureNoProofFile, fetchFinalBundle, proofPathOf, refuseEmptyFile } from './final-bundles.ts';
import { countEntries } from './finality-status.ts';
import { waitForFinality, type FinalityWaitOutcome } from './finality-wait.ts';
import { requestJson, resolveServer } from './http-client.ts';
import {
  describeCliError,
  EXIT_FAILED,
  EXIT_INTERRUPTED,
  EXIT_NOT_FINAL,
  EXIT_OK,
  EXIT_SERVER_UNAVAILABLE,
  type CommandOutput,
} from './output.ts';
import { ProgressBar } from './progress.ts';
import { withRetries } from './retry.ts';

export const DEPOSIT_USAGE = `Usage: sealchain deposit FILE... [--server URL] [--key KEY] [--wait [--timeout SECONDS]]
                         [--chain evidence] [--type evidence] [--batch-size 1000] [--json]

Hashes each file locally (the file never leaves this machine), deposits the digests in batches,
and writes FILE.sealchain.json, the proof bundle that "sealchain verify" checks offline, once the
entry is final (under a checkpoint cosigned by a quorum of witnesses). An existing
FILE.sealchain.json is never overwritten: such a FILE is refused before anything is deposited;
move the earlier proof aside to deposit FILE again.

Without --wait, only bundles final already are written; the others are listed with the URL to
fetch them from later. --wait holds until every entry is final, with no time limit unless
--timeout SECONDS is given (counted once the digests are deposited; a script that must not hang
gives one). While it waits it says on standard error, at most every few seconds, what finality
waits for: the latest checkpoint (named by its tree size), its cosignatures against the chain's
quorum, the witnesses that have not cosigned it. Ctrl-C stops the wait. However the wait ends,
the bundles of entries final by then are written and nothing else is; entries not final stay
deposited, their bundles to fetch later.

--chain picks the chain (evidence, works). The key defaults to SEALCHAIN_API_KEY, the server to
SEALCHAIN_SERVER or http://127.0.0.1:8080.

Exit status: 0 every file deposited (with --wait, every bundle written); 1 a file not read,
not deposited or its bundle not written; 2 a usage mistake; 3 --timeout passed before every
entry was final; 4 the server could not be reached while waiting; 130 Ctrl-C stopped the wait.`;

const HASH_CONCURRENCY = 4;
const BUNDLE_CONCURRENCY = 16;
/** Longest --timeout: 30 days, in seconds. */
const MAX_TIMEOUT_SECONDS = 30 * 24 * 3600;

interface ChainAnswer {
  hashAlgorithm: HashAlgorithm;
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

/** Refuses, before anything is deposited, a FILE given twice or whose proof file exists. */
async function refuseTakenProofPaths(outcomes: readonly FileOutcome[]): Promise<void> {
  const seen = new Set<string>();
  for (const outcome of outcomes) {
    const path = resolve(outcome.file);
    if (seen.has(path)) {
      outcome.error = 'given more than once; deposited for its first mention only (USAGE_INVALID)';
      continue;
    }
    seen.add(path);
    await ensureNoProofFile(outcome.file).catch((error: unknown) => {
      outcome.error = describeCliError(error);
    });
  }
}

/** Fetches the bundles of `outcomes` as they are now, writing the final ones. */
async function collectFinalBundles(
  output: CommandOutput,
  server: string,
  chainPath: string,
  outcomes: readonly FileOutcome[],
  unavailable: 'error' | 'pending',
  signal?: AbortSignal,
): Promise<void> {
  const fetching = new ProgressBar(output, 'fetching bundles', outcomes.length);
  await mapConcurrently(outcomes, BUNDLE_CONCURRENCY, async (outcome) => {
    const path = proofPathOf(outcome.file);
    try {
      const fetched = await fetchFinalBundle(server, chainPath, outcome.index!, path, signal);
      if (fetched === 'written') outcome.bundle = path;
      else if (fetched === 'unavailable' && unavailable === 'error' && signal?.aborted !== true) {
        outcome.error = `the bundle could not be fetched from ${server} (SERVER_UNREACHABLE)`;
      } else outcome.bundle = null;
    } catch (error) {
      outcome.error = describeCliError(error);
    }
    fetching.advance();
  });
  fetching.finish();
}

/** The one line saying why a wait stopped before every entry was final, and its exit status. */
function describeStop(
  stop: Exclude<FinalityWaitOutcome, { stopped: false }>,
  notFinal: number,
  total: number,
  timeoutSeconds: number | undefined,
): { line: string; status: number } {
  const left = `${notFinal} of ${countEntries(total)} deposited but not final, their bundles not written`;
  switch (stop.stopped) {
    case 'timeout':
      return {
        line: `stopped waiting after --timeout ${timeoutSeconds} s: ${left}; ${stop.reason}`,
        status: EXIT_NOT_FINAL,
      };
    case 'interrupted':
      return { line: `stopped waiting: interrupted (Ctrl-C); ${left}`, status: EXIT_INTERRUPTED };
    case 'unavailable':
      return {
        line: `stopped waiting: ${describeCliError(stop.error)}; ${left}`,
        status: EXIT_SERVER_UNAVAILABLE,
      };
    case 'failed':
      return { line: `stopped waiting: ${describeCliError(stop.error)}; ${left}`, status: EXIT_FAILED };
  }
}

/** Runs `work` with an AbortSignal that Ctrl-C aborts; a second Ctrl-C ends the process as usual. */
async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController();
  const onInterrupt = () => {
    process.off('SIGINT', onInterrupt);
    interrupt.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await work(interrupt.signal);
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/** `sealchain deposit`: hash, deposit in batches, fetch and write final proof bundles. */
export async function runDepositCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals: files } = parseCommandArgs(args, {
    server: { type: 'string' },
    key: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    chain: { type: 'string' },
    type: { type: 'string' },
    'batch-size': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (files.length === 0) throw new CliError('USAGE_INVALID', DEPOSIT_USAGE);
  const server = resolveServer(values['server'], env);
  const key = readApiKey(values, env);
  const chain = typeof values['chain'] === 'string' ? values['chain'] : 'evidence';
  const type = typeof values['type'] === 'string' ? values['type'] : 'evidence';
  const batchSize = readIntegerOption(values['batch-size'], 'batch-size', 1_000, 1, 10_000);
  const wait = values['wait'] === true;
  if (values['timeout'] !== undefined && !wait)
    throw new CliError('USAGE_INVALID', '--timeout limits --wait: give both or neither');
  const timeoutSeconds =
    values['timeout'] === undefined
      ? undefined
      : readIntegerOption(values['timeout'], 'timeout', 0, 1, MAX_TIMEOUT_SECONDS);
  const chainPath = `/v1/chains/${encodeURIComponent(chain)}`;
  const { body: info } = await requestJson<ChainAnswer>(server, chainPath);

  const outcomes: FileOutcome[] = files.map((file) => ({ file }));
  await refuseTakenProofPaths(outcomes);
  const readable = outcomes.filter((outcome) => outcome.error === undefined);
  const hashing = new ProgressBar(output, 'hashing', readable.length);
  await mapConcurrently(readable, HASH_CONCURRENCY, async (outcome) => {
    try {
      const digested = await digestFile(outcome.file, info.hashAlgorithm);
      refuseEmptyFile(outcome.file, digested.sizeBytes);
      outcome.digest = digested.digest;
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
  const pending = () => deposited.filter((o) => o.error === undefined && typeof o.bundle !== 'string');
  let stop: { line: string; status: number } | undefined;
  if (!wait) await collectFinalBundles(output, server, chainPath, deposited, 'error');
  else if (deposited.length > 0) {
    const waited = await withInterrupt((signal) =>
      waitForFinality({
        server,
        chainPath,
        timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
        signal,
        pendingIndexes: () => pending().map((o) => o.index!),
        collectFinal: () => collectFinalBundles(output, server, chainPath, pending(), 'pending', signal),
        report: (line) => output.err(line),
      }),
    );
    if (waited.stopped !== false) {
      for (const outcome of pending()) outcome.bundle = null;
      stop = describeStop(waited, pending().length, deposited.length, timeoutSeconds);
    }
  }

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
  if (stop !== undefined) output.err(`sealchain deposit: ${stop.line}`);
  if (outcomes.some((outcome) => outcome.error !== undefined)) return EXIT_FAILED;
  return stop?.status ?? EXIT_OK;
}
