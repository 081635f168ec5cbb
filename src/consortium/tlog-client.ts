import { bytesToUtf8 } from '../crypto/index.ts';
import {
  decodeEntryBundle,
  formatEntryBundlePath,
  formatTilePath,
  TILE_WIDTH,
  type EntryBundleId,
  type Hasher,
  type Tile,
  type TileId,
} from '../merkle/index.ts';
import { ConsortiumError } from './errors.ts';

// A client of a log's C2SP tlog-tiles read API (https://c2sp.org/tlog-tiles): the checkpoint, hash
// tiles and entry bundles under one URL prefix. A partial tile or bundle that is gone (404) is
// read from the full one at its position and cut to width, as the spec allows.

export interface TlogClientOptions {
  /** Longest wait for one response, in milliseconds. */
  fetchTimeoutMs: number;
  /** Largest response read, in bytes (a full entry bundle of 64 KiB entries is about 16 MiB). */
  maxResponseBytes: number;
}

export const DEFAULT_TLOG_CLIENT_OPTIONS: Readonly<TlogClientOptions> = Object.freeze({
  fetchTimeoutMs: 10_000,
  maxResponseBytes: 17_000_000,
});

export type FetchFunction = (url: string, init?: RequestInit) => Promise<Response>;

function fetchFailed(message: string, details: Record<string, unknown>, cause?: unknown): ConsortiumError {
  return new ConsortiumError('TLOG_FETCH_FAILED', message, {
    details,
    ...(cause === undefined ? {} : { cause }),
  });
}

function resolveOptions(options: Partial<TlogClientOptions>): TlogClientOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_TLOG_CLIENT_OPTIONS, key)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', `unknown tlog client option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_TLOG_CLIENT_OPTIONS, ...options };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConsortiumError(
        'CONSORTIUM_OPTIONS_INVALID',
        `tlog client option ${key} must be a positive integer`,
        {
          details: { key },
        },
      );
    }
  }
  return resolved;
}

class NotFound extends Error {}

/** `work(0)`..`work(count - 1)` with at most `concurrency` running; the first failure rejects. */
async function mapConcurrently<T>(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < count && !failed) {
      const i = next++;
      try {
        results[i] = await work(i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(concurrency, count)) }, worker));
  return results;
}

export class TlogClient {
  readonly prefixUrl: string;
  readonly #options: TlogClientOptions;
  readonly #fetch: FetchFunction;

  constructor(prefixUrl: string, options: Partial<TlogClientOptions> = {}, fetchFunction?: FetchFunction) {
    if (typeof prefixUrl !== 'string' || !/^https?:\/\/\S+$/.test(prefixUrl)) {
      throw new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', 'the log URL must be an http or https URL', {
        details: { key: 'prefixUrl' },
      });
    }
    this.prefixUrl = prefixUrl.replace(/\/+$/, '');
    this.#options = resolveOptions(options);
    this.#fetch = fetchFunction ?? ((url, init) => fetch(url, init));
  }

  /** The log's latest signed checkpoint note, unverified. */
  async readCheckpoint(): Promise<string> {
    const url = `${this.prefixUrl}/checkpoint`;
    const bytes = await this.#get(url);
    try {
      return bytesToUtf8(bytes);
    } catch (cause) {
      throw fetchFailed(`the checkpoint at ${url} is not UTF-8 text`, { url }, cause);
    }
  }

  /** Hash tile `id` at exactly its width, checked for length. */
  async readTile(hasher: Hasher, id: TileId): Promise<Tile> {
    const bytes = await this.#getWithFullFallback(id.width, (width) =>
      formatTilePath({ level: id.level, index: id.index, width }),
    );
    const expected = id.width * hasher.size;
    if (bytes.length < expected || (bytes.length !== expected && bytes.length !== TILE_WIDTH * hasher.size)) {
      throw fetchFailed(`tile ${id.level}/${id.index} has ${bytes.length} bytes, not ${expected}`, {
        ...id,
        expectedBytes: expected,
        receivedBytes: bytes.length,
      });
    }
    return { ...id, hashes: bytes.slice(0, expected) };
  }

  /** The entries of entry bundle `id`, exactly `id.width` of them. */
  async readEntryBundle(id: EntryBundleId): Promise<Uint8Array[]> {
    const bytes = await this.#getWithFullFallback(id.width, (width) =>
      formatEntryBundlePath({ index: id.index, width }),
    );
    let entries: Uint8Array[];
    try {
      entries = decodeEntryBundle(bytes);
    } catch (cause) {
      throw fetchFailed(`entry bundle ${id.index} is not a valid entry bundle`, { ...id }, cause);
    }
    if (entries.length < id.width || (entries.length !== id.width && entries.length !== TILE_WIDTH)) {
      throw fetchFailed(`entry bundle ${id.index} holds ${entries.length} entries, not ${id.width}`, {
        ...id,
        receivedEntries: entries.length,
      });
    }
    return entries.slice(0, id.width);
  }

  /**
   * Reads entry bundles `first`..`last` of the tree of `treeSize` leaves, `concurrency` requests
   * at a time, and passes each to `take` as it arrives (so that only the bundles in flight are
   * held); returns what `take` returned, in bundle order.
   */
  async readEntryBundles<T>(
    treeSize: number,
    first: number,
    last: number,
    concurrency: number,
    take: (entries: Uint8Array[], index: number) => T,
  ): Promise<T[]> {
    return mapConcurrently(last - first + 1, concurrency, async (i) => {
      const index = first + i;
      const width = Math.min(TILE_WIDTH, treeSize - index * TILE_WIDTH);
      return take(await this.readEntryBundle({ index, width }), index);
    });
  }

  /** Hash tiles `ids`, `concurrency` requests at a time, in the order asked. */
  readTiles(hasher: Hasher, ids: readonly TileId[], concurrency: number): Promise<Tile[]> {
    return mapConcurrently(ids.length, concurrency, (i) => this.readTile(hasher, ids[i]!));
  }

  async #getWithFullFallback(width: number, pathOf: (width: number) => string): Promise<Uint8Array> {
    const url = `${this.prefixUrl}/${pathOf(width)}`;
    try {
      return await this.#get(url);
    } catch (error) {
      if (!(error instanceof NotFound) || width === TILE_WIDTH) throw this.#asFetchFailed(error, url);
    }
    const fullUrl = `${this.prefixUrl}/${pathOf(TILE_WIDTH)}`;
    try {
      return await this.#get(fullUrl);
    } catch (error) {
      throw this.#asFetchFailed(error, fullUrl);
    }
  }

  #asFetchFailed(error: unknown, url: string): unknown {
    return error instanceof NotFound
      ? fetchFailed(`${url} answered 404 Not Found`, { url, status: 404 })
      : error;
  }

  async #get(url: string): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await this.#fetch(url, { signal: AbortSignal.timeout(this.#options.fetchTimeoutMs) });
    } catch (cause) {
      throw fetchFailed(`could not fetch ${url}`, { url }, cause);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      throw new NotFound(url);
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw fetchFailed(`${url} answered HTTP ${response.status}`, { url, status: response.status });
    }
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > this.#options.maxResponseBytes) {
      await response.body?.cancel();
      throw fetchFailed(`${url} is larger than ${this.#options.maxResponseBytes} bytes`, { url });
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      throw fetchFailed(`could not read ${url}`, { url }, cause);
    }
    if (bytes.length > this.#options.maxResponseBytes) {
      throw fetchFailed(`${url} is larger than ${this.#options.maxResponseBytes} bytes`, { url });
    }
    return bytes;
  }
}
