import { bytesToUtf8 } from '../crypto/index.ts';
import { ConsortiumError } from './errors.ts';
import type { FetchFunction } from './tlog-client.ts';

// The sequencer's HTTP side of C2SP tlog-witness (https://c2sp.org/tlog-witness#add-checkpoint):
// POST <submission prefix>/add-checkpoint, and the text/x.tlog.size body of a 409.

export const TLOG_SIZE_MEDIA_TYPE = 'text/x.tlog.size';

export interface AddCheckpointResponse {
  readonly status: number;
  /** The Content-Type header, or '' when there is none. */
  readonly contentType: string;
  readonly body: string;
}

/**
 * Sends an add-checkpoint request body to the witness whose submission prefix is `url`. MUST
 * reject when `signal` aborts; any rejection counts as the witness being unreachable.
 */
export type PostAddCheckpoint = (
  url: string,
  body: string,
  signal: AbortSignal,
) => Promise<AddCheckpointResponse>;

/** A PostAddCheckpoint over fetch that reads at most `maxResponseBytes` of the answer. */
export function createAddCheckpointPoster(
  options: { fetch?: FetchFunction; maxResponseBytes?: number } = {},
): PostAddCheckpoint {
  const fetchFunction: FetchFunction = options.fetch ?? ((url, init) => fetch(url, init));
  const maxResponseBytes = options.maxResponseBytes ?? 65_536;
  return async (url, body, signal) => {
    const target = `${url.replace(/\/+$/, '')}/add-checkpoint`;
    const response = await fetchFunction(target, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > maxResponseBytes) {
      throw new ConsortiumError(
        'TLOG_FETCH_FAILED',
        `${target} answered more than ${maxResponseBytes} bytes`,
        {
          details: { url: target },
        },
      );
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: bytesToUtf8(bytes),
    };
  };
}

/** Parses a text/x.tlog.size body ("<decimal>\n"); undefined when it is not one. */
export function parseTlogSize(body: string): number | undefined {
  const match = /^(0|[1-9][0-9]{0,15})\n$/.exec(body);
  if (match === null) return undefined;
  const size = Number(match[1]);
  return Number.isSafeInteger(size) ? size : undefined;
}

/** Formats the body of a 409 answer. */
export function formatTlogSize(size: number): string {
  return `${size}\n`;
}
