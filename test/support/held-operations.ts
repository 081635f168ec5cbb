import type { PostAddCheckpoint } from '../../src/consortium/index.ts';

// Controlled interleavings for the finalizer's race tests: a witness's answer or a storage write
// is held at a named point until the test releases (or fails) it, so a test decides the order in
// which cosignatures arrive and writes complete instead of relying on timing.

export interface HeldOperation {
  /** What is held, e.g. `witness court` or `write saveCosignedCheckpoint`. */
  readonly label: string;
  release(): void;
  fail(error: Error): void;
}

export class HeldOperations {
  readonly #held: HeldOperation[] = [];
  readonly #waiters = new Set<() => void>();
  #crash: Error | undefined;
  /** Label prefixes of the operations to hold (`*` holds all); the others pass at once. */
  readonly holding = new Set<string>();

  /** Held now, oldest first. */
  get pending(): readonly HeldOperation[] {
    return [...this.#held];
  }

  /** Resolves at once when `label` is not held, else once the test releases it. */
  pass(label: string): Promise<void> {
    if (this.#crash !== undefined) return Promise.reject(this.#crash);
    if (![...this.holding].some((prefix) => prefix === '*' || label.startsWith(prefix))) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const operation: HeldOperation = {
        label,
        release: () => this.#settle(operation, resolve),
        fail: (error) => this.#settle(operation, () => reject(error)),
      };
      this.#held.push(operation);
      for (const wake of [...this.#waiters]) wake();
    });
  }

  /** Waits (bounded) until an operation whose label starts with `prefix` is held, and returns it. */
  async waitFor(prefix: string, timeoutMs = 5_000): Promise<HeldOperation> {
    const until = performance.now() + timeoutMs;
    for (;;) {
      const found = this.#held.find((operation) => operation.label.startsWith(prefix));
      if (found !== undefined) return found;
      const left = until - performance.now();
      if (left <= 0) {
        throw new Error(`nothing labelled ${prefix}… was held in ${timeoutMs} ms (held: ${this.#labels()})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(done);
      });
      this.#waiters.clear();
    }
  }

  /**
   * Lets what was just released run on to its next hold or to rest: a few turns of the event loop
   * (no I/O happens between a release and the next hold in these tests, only promise work).
   */
  async settle(): Promise<void> {
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Stops holding and lets everything held go on. */
  releaseAll(): void {
    this.holding.clear();
    for (const operation of this.pending) operation.release();
  }

  /** Stops holding and fails everything held (a crash: nothing held completes). */
  failAll(error: Error): void {
    this.holding.clear();
    for (const operation of this.pending) operation.fail(error);
  }

  /** A crash: fails everything held now and every operation after, until recover(). */
  crash(error: Error): void {
    this.#crash = error;
    this.failAll(error);
  }

  recover(): void {
    this.#crash = undefined;
  }

  #settle(operation: HeldOperation, settle: () => void): void {
    const at = this.#held.indexOf(operation);
    if (at < 0) return;
    this.#held.splice(at, 1);
    settle();
  }

  #labels(): string {
    return this.#held.map((operation) => operation.label).join(', ') || 'nothing';
  }
}

/** The witnesses' answers pass through `held` as `witness <name>` before they are delivered. */
export function holdWitnessAnswers(
  post: PostAddCheckpoint,
  names: readonly string[],
  held: HeldOperations,
): PostAddCheckpoint {
  return async (url, body, signal) => {
    const name = names.find((n) => url.includes(`//${n}.`)) ?? url;
    const answer = await post(url, body, signal);
    await held.pass(`witness ${name}`);
    return answer;
  };
}

/**
 * `storage` with each write method (any method not named read… or list…) passing through `held`
 * as `write <method>` before it runs: a held write is a write in progress, a failed one a crash
 * before it committed.
 */
export function holdStorageWrites<T extends object>(storage: T, held: HeldOperations): T {
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (/^(read|list)/.test(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        await held.pass(`write ${property}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
