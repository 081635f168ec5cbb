// Exponential backoff with "equal jitter": half the capped exponential delay is kept, the other
// half drawn at random, so retries of many jobs that failed together spread out while each
// job's delay still grows. https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/

export interface BackoffPolicy {
  /** Delay before the second attempt, before jitter (ms). */
  baseDelayMs: number;
  /** Longest delay, before jitter (ms). */
  maxDelayMs: number;
}

/**
 * The wait before the attempt after `attempt` (1 = the first attempt failed). `random` returns a
 * number in [0, 1); the result is in [cap / 2, cap) with cap = min(maxDelayMs, baseDelayMs · 2^(attempt−1)).
 */
export function computeRetryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return Math.floor(cap / 2 + random() * (cap / 2));
}
