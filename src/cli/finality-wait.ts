import { countEntries, describeFinalityWait, readChainFinalityView } from './finality-status.ts';
import { requestJson } from './http-client.ts';
import { describeCliError } from './output.ts';
import { isUnavailable, pause, withRetries } from './retry.ts';

// `deposit --wait`: holds until every entry is final. An entry is final once the chain's final
// tree covers it, so one long poll of the highest pending entry's bundle (?wait=final) waits for
// all of them; when it answers final, the bundles of every pending entry are fetched. Between
// rounds it says on stderr what finality waits for, at most every few seconds.

/** One long poll, in milliseconds; also how often a round may start when the server answers early. */
const ROUND_MS = 5_000;
/** Least time between two progress lines, in milliseconds. */
const MIN_REPORT_GAP_MS = 4_000;
/** Beyond the server's own wait, how long a request may take before it counts as lost, in milliseconds. */
const REQUEST_SLACK_MS = 10_000;
/** Longest wait for the chain view, in milliseconds. */
const VIEW_TIMEOUT_MS = 5_000;

export interface FinalityWaitConfig {
  server: string;
  /** `/v1/chains/{chain}`. */
  chainPath: string;
  /** Longest wait in milliseconds; undefined waits until every entry is final. */
  timeoutMs: number | undefined;
  /** Aborted on Ctrl-C: the wait stops at once. */
  signal: AbortSignal;
  /** The indexes of the entries whose bundle is not written yet. */
  pendingIndexes(): number[];
  /** Fetches and writes the bundles of the pending entries that are final now. */
  collectFinal(): Promise<void>;
  /** Prints one progress line. */
  report(line: string): void;
}

export type FinalityWaitOutcome =
  | { stopped: false }
  /** `reason`: why the entries are not final, as far as the server knows. */
  | { stopped: 'timeout'; reason: string }
  | { stopped: 'interrupted' }
  /** The server could not be reached or kept answering "later". */
  | { stopped: 'unavailable'; error: unknown }
  | { stopped: 'failed'; error: unknown };

/** Why the entries `pending` are not final yet, from the chain view. */
async function explainPending(config: FinalityWaitConfig, pending: readonly number[]): Promise<string> {
  try {
    const { body } = await requestJson<unknown>(config.server, config.chainPath, {
      signal: AbortSignal.any([config.signal, AbortSignal.timeout(VIEW_TIMEOUT_MS)]),
    });
    return describeFinalityWait(readChainFinalityView(body), pending);
  } catch (error) {
    return `the chain view is unavailable: ${describeCliError(error)}`;
  }
}

/** Waits until `config.pendingIndexes()` is empty, the timeout passes, Ctrl-C, or the server fails. */
export async function waitForFinality(config: FinalityWaitConfig): Promise<FinalityWaitOutcome> {
  const deadline = config.timeoutMs === undefined ? Infinity : performance.now() + config.timeoutMs;
  let reportedAt = -Infinity;
  for (;;) {
    const pending = config.pendingIndexes();
    if (pending.length === 0) return { stopped: false };
    if (config.signal.aborted) return { stopped: 'interrupted' };
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) return { stopped: 'timeout', reason: await explainPending(config, pending) };
    const roundMs = Math.max(1, Math.ceil(Math.min(ROUND_MS, remainingMs)));
    const startedAt = performance.now();
    const path = `${config.chainPath}/entries/${Math.max(...pending)}/bundle?wait=final&timeoutMs=${roundMs}`;
    let final: boolean;
    try {
      const answer = await withRetries(
        () =>
          requestJson<unknown>(config.server, path, {
            signal: AbortSignal.any([config.signal, AbortSignal.timeout(roundMs + REQUEST_SLACK_MS)]),
          }),
        config.signal,
      );
      final = answer.status === 200 && answer.headers.get('sealchain-finality') === 'final';
    } catch (error) {
      if (config.signal.aborted) return { stopped: 'interrupted' };
      return { stopped: isUnavailable(error) ? 'unavailable' : 'failed', error };
    }
    if (final) {
      await config.collectFinal();
      if (config.pendingIndexes().length < pending.length) continue;
    }
    if (performance.now() - reportedAt >= MIN_REPORT_GAP_MS) {
      const left = config.pendingIndexes();
      config.report(
        `waiting for finality of ${countEntries(left.length)}: ${await explainPending(config, left)}`,
      );
      reportedAt = performance.now();
    }
    // A server that answers before the round is over (a finalizer shutting down) is not polled faster.
    const early = Math.min(roundMs - (performance.now() - startedAt), deadline - performance.now());
    await pause(early, config.signal);
  }
}
