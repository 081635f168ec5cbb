/**
 * A bounded least-recently-used map. Without `weigh` every value counts 1 and `limit` is a number
 * of values; with it, `limit` bounds the sum of the values' weights (e.g. bytes), and a value
 * heavier than the whole limit is not kept.
 */
export class LruCache<Value> {
  readonly #limit: number;
  readonly #weigh: ((value: Value) => number) | undefined;
  readonly #map = new Map<string, Value>();
  #weight = 0;

  constructor(limit: number, weigh?: (value: Value) => number) {
    this.#limit = limit;
    this.#weigh = weigh;
  }

  get size(): number {
    return this.#map.size;
  }

  /** The sum of the kept values' weights (their number without `weigh`). */
  get weight(): number {
    return this.#weigh === undefined ? this.#map.size : this.#weight;
  }

  get(key: string): Value | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: string, value: Value): void {
    if (this.#weigh === undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
      if (this.#map.size > this.#limit) this.#map.delete(this.#map.keys().next().value!);
      return;
    }
    this.delete(key);
    const weight = this.#weigh(value);
    if (weight > this.#limit) return;
    this.#map.set(key, value);
    this.#weight += weight;
    while (this.#weight > this.#limit) this.delete(this.#map.keys().next().value!);
  }

  delete(key: string): void {
    const value = this.#map.get(key);
    if (value === undefined) return;
    this.#map.delete(key);
    if (this.#weigh !== undefined) this.#weight -= this.#weigh(value);
  }
}
