import { CliError } from './errors.ts';

const MAX_ATTEMPTS = 5;
const MAX_RETRY_WAIT_MS = 30_000;

/** True for failures that say "later": a lost connection, 429, 502, 503, 504. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof CliError)) return false;
  if (error.code === 'SERVER_UNREACHABLE') return true;
  const status = error.details['status'];
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted === true || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs `attempt` again after failures that say "later", up to 5 attempts, honouring Retry-After
 * (else 0.5, 1, 2, 4 s); stops retrying once `signal` aborts and throws the last failure.
 */
export async function withRetries<T>(attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= MAX_ATTEMPTS || !isUnavailable(error) || signal?.aborted === true) throw error;
      const seconds = (error as CliError).details['retryAfterSeconds'];
      const waitMs = typeof seconds === 'number' ? seconds * 1000 : 250 * 2 ** tries;
      await pause(Math.min(waitMs, MAX_RETRY_WAIT_MS), signal);
    }
  }
}
