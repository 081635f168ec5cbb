import { bytesToUtf8, utf8ToBytes } from '../crypto/index.ts';
import { readEntryTypeAndUnit } from '../ledger/index.ts';
import type { TrustedChain } from '../verify/index.ts';
import type { CaseSummary, IndexedAnchor } from './chain-index-storage.ts';
import { ConsortiumError } from './errors.ts';
import type { FetchFunction } from './tlog-client.ts';

// The HTTP API of another member's sequencer node, as the consortium's own features use it:
// the chain's latest final checkpoint and its entries' types (anchoring), an entry's bundle (cross-chain verification),
// the anchor that covers an entry (bundles with anchors), the chain's statistics and its cases.

export interface PeerClientOptions {
  /** Longest wait for one answer, in milliseconds (a waiting bundle request adds its own wait). */
  fetchTimeoutMs: number;
  /** Largest answer read, in bytes. */
  maxResponseBytes: number;
}

export const DEFAULT_PEER_CLIENT_OPTIONS: Readonly<PeerClientOptions> = Object.freeze({
  fetchTimeoutMs: 10_000,
  maxResponseBytes: 8 << 20,
});

export type PeerBundleAnswer =
  | { readonly status: 'ready'; readonly bundle: unknown }
  | { readonly status: 'pending' }
  | { readonly status: 'missing' };

export interface PeerChainInfo {
  readonly finalTreeSize: number;
  readonly finalCheckpoint: string | null;
}

/**
 * The API base URL of a chain's sequencer node: `overrides` first, else its tlog-tiles URL in the
 * consortium file, which by convention is `<base>/log/<chain>`. Throws CONSORTIUM_OPTIONS_INVALID.
 */
export function locatePeerUrl(chain: TrustedChain, overrides?: ReadonlyMap<string, string>): string {
  const override = overrides?.get(chain.name);
  if (override !== undefined) return override.replace(/\/+$/, '');
  const url = chain.sequencer.url?.replace(/\/+$/, '');
  const suffix = `/log/${chain.name}`;
  if (url === undefined || !url.endsWith(suffix)) {
    throw new ConsortiumError(
      'CONSORTIUM_OPTIONS_INVALID',
      `the node of chain ${chain.name} cannot be located: its sequencer URL in the consortium file is not <base>${suffix}; give it in the node's peers`,
      { details: { key: 'peers', chain: chain.name } },
    );
  }
  return url.slice(0, -suffix.length);
}

function unavailable(url: string, problem: string, details: Record<string, unknown> = {}, cause?: unknown) {
  return new ConsortiumError('PEER_UNAVAILABLE', `${url} ${problem}`, {
    details: { url, ...details },
    ...(cause === undefined ? {} : { cause }),
  });
}

function isCaseSummary(value: unknown): value is CaseSummary {
  const c = value as Partial<CaseSummary> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.caseNumber === 'string' &&
    c.caseNumber !== '' &&
    Number.isSafeInteger(c.verifications) &&
    Number.isSafeInteger(c.crossChainVerifications) &&
    c.crossChainVerifications! >= 0 &&
    c.crossChainVerifications! <= c.verifications!
  );
}

export class PeerClient {
  readonly baseUrl: string;
  readonly #options: PeerClientOptions;
  readonly #fetch: FetchFunction;

  constructor(baseUrl: string, options: Partial<PeerClientOptions> = {}, fetchFunction?: FetchFunction) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#options = { ...DEFAULT_PEER_CLIENT_OPTIONS, ...options };
    this.#fetch = fetchFunction ?? ((url, init) => fetch(url, init));
  }

  /** The chain's latest final checkpoint (with its cosignatures) as its node serves it. */
  async readChain(chain: string): Promise<PeerChainInfo> {
    const { status, body } = await this.#getJson(`/v1/chains/${encodeURIComponent(chain)}`, 0);
    const info = body as { finalTreeSize?: unknown; finalCheckpoint?: unknown } | null;
    if (status !== 200 || info === null || typeof info !== 'object') {
      throw unavailable(this.baseUrl, `answered ${status} for chain ${chain}`, { status });
    }
    const finalCheckpoint = typeof info.finalCheckpoint === 'string' ? info.finalCheckpoint : null;
    const finalTreeSize = typeof info.finalTreeSize === 'number' ? info.finalTreeSize : 0;
    return { finalTreeSize, finalCheckpoint };
  }

  /** The type and unit of entry `index` of `chain` (null when the entry served is not one). */
  async readEntryKind(chain: string, index: number): Promise<{ type: string; unit: string } | null> {
    const { status, body } = await this.#getJson(
      `/v1/chains/${encodeURIComponent(chain)}/entries/${index}`,
      0,
    );
    const entry = (body as { entry?: unknown } | null)?.entry;
    if (status !== 200 || typeof entry !== 'string') {
      throw unavailable(this.baseUrl, `answered ${status} without entry ${chain}:${index}`, { status });
    }
    const kind = readEntryTypeAndUnit(utf8ToBytes(entry));
    return kind === null ? null : { type: kind.type, unit: kind.unit };
  }

  /** The bundle of entry `index`, waiting up to `waitMs` for it to be final (0: no wait). */
  async readBundle(chain: string, index: number, waitMs: number, anchors = false): Promise<PeerBundleAnswer> {
    const query = new URLSearchParams();
    if (waitMs > 0) {
      query.set('wait', anchors ? 'anchored' : 'final');
      query.set('timeoutMs', String(waitMs));
    } else if (anchors) query.set('anchors', 'true');
    const path = `/v1/chains/${encodeURIComponent(chain)}/entries/${index}/bundle?${query}`;
    const { status, body } = await this.#getJson(path, waitMs);
    if (status === 200) return { status: 'ready', bundle: body };
    if (status === 202) return { status: 'pending' };
    if (status === 404) return { status: 'missing' };
    throw unavailable(this.baseUrl, `answered ${status} for the bundle of ${chain}:${index}`, { status });
  }

  /** The anchor on `chain` of the first final checkpoint of `anchoredChain` that covers `index`, or null. */
  async readCoveringAnchor(
    chain: string,
    anchoredChain: string,
    index: number,
  ): Promise<IndexedAnchor | null> {
    const path = `/v1/chains/${encodeURIComponent(chain)}/anchors/${encodeURIComponent(anchoredChain)}?covering=${index}`;
    const { status, body } = await this.#getJson(path, 0);
    if (status === 404) return null;
    const anchor = body as Partial<IndexedAnchor> | null;
    if (
      status !== 200 ||
      anchor === null ||
      !Number.isSafeInteger(anchor.leafIndex) ||
      !Number.isSafeInteger(anchor.anchoredTreeSize) ||
      typeof anchor.anchoredOrigin !== 'string' ||
      typeof anchor.checkpoint !== 'string'
    ) {
      throw unavailable(this.baseUrl, `answered ${status} without an anchor`, { status });
    }
    return anchor as IndexedAnchor;
  }

  /** The statistics of `chain` as its node counts them. */
  async readChainStats(chain: string): Promise<unknown> {
    const { status, body } = await this.#getJson(`/v1/chains/${encodeURIComponent(chain)}/stats`, 0);
    if (status !== 200)
      throw unavailable(this.baseUrl, `answered ${status} for the stats of ${chain}`, { status });
    return body;
  }

  /** The daily statistics of `chain` over the last `days` days, as its node counts them. */
  async readDailyStats(chain: string, days: number): Promise<unknown> {
    const path = `/v1/chains/${encodeURIComponent(chain)}/stats/daily?days=${days}`;
    const { status, body } = await this.#getJson(path, 0);
    if (status !== 200)
      throw unavailable(this.baseUrl, `answered ${status} for the daily stats of ${chain}`, { status });
    return body;
  }

  /** A page of the distinct cases of `chain`'s verification records, after `after` (null: the first). */
  async readCases(chain: string, after: string | null, limit: number): Promise<CaseSummary[]> {
    const query = new URLSearchParams({ limit: String(limit) });
    if (after !== null) query.set('after', after);
    const { status, body } = await this.#getJson(`/v1/chains/${encodeURIComponent(chain)}/cases?${query}`, 0);
    const cases = (body as { cases?: unknown } | null)?.cases;
    if (status !== 200 || !Array.isArray(cases) || cases.length > limit || !cases.every(isCaseSummary)) {
      throw unavailable(this.baseUrl, `answered ${status} without a page of the cases of ${chain}`, {
        status,
      });
    }
    return cases.map((c) => ({
      caseNumber: c.caseNumber,
      verifications: c.verifications,
      crossChainVerifications: c.crossChainVerifications,
    }));
  }

  async #getJson(path: string, extraWaitMs: number): Promise<{ status: number; body: unknown }> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.#options.fetchTimeoutMs + extraWaitMs),
      });
    } catch (cause) {
      throw unavailable(url, 'could not be reached', {}, cause);
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      throw unavailable(url, 'answer could not be read', {}, cause);
    }
    if (bytes.length > this.#options.maxResponseBytes) {
      throw unavailable(url, `answered more than ${this.#options.maxResponseBytes} bytes`);
    }
    try {
      return { status: response.status, body: bytes.length === 0 ? null : JSON.parse(bytesToUtf8(bytes)) };
    } catch (cause) {
      throw unavailable(url, `answered ${response.status} without JSON`, { status: response.status }, cause);
    }
  }
}
