interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

const MAX_IDLE_BUCKETS = 10_000;

/**
 * Token buckets per key: each holds up to `burst` tokens and refills at `perSecond`. A request
 * costing more than the burst is capped at it, so a full bucket always admits one request.
 */
export class TokenBucketLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #clock: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(perSecond: number, burst: number, clock: () => number = () => performance.now()) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#clock = clock;
  }

  take(key: string, cost: number): TakeResult {
    const now = this.#clock();
    const needed = Math.min(cost, this.#burst);
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= MAX_IDLE_BUCKETS) this.#dropFullBuckets(now);
      bucket = { tokens: this.#burst, updatedMs: now };
      this.#buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(
        this.#burst,
        bucket.tokens + ((now - bucket.updatedMs) * this.#perSecond) / 1000,
      );
      bucket.updatedMs = now;
    }
    if (bucket.tokens >= needed) {
      bucket.tokens -= needed;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((needed - bucket.tokens) * 1000) / this.#perSecond) };
  }

  /** Gives back tokens of a request that was refused after it was admitted (nothing was stored). */
  refund(key: string, cost: number): void {
    const bucket = this.#buckets.get(key);
    if (bucket !== undefined)
      bucket.tokens = Math.min(this.#burst, bucket.tokens + Math.min(cost, this.#burst));
  }

  #dropFullBuckets(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updatedMs) * this.#perSecond) / 1000 >= this.#burst) {
        this.#buckets.delete(key);
      }
    }
  }
}
