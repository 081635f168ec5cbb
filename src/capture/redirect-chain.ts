import type { FailedRequest, RecordedExchange, RefusedRequest } from './exchange.ts';

// The target's redirect chain as the recorder saw it (RFC 9110 §15.4: a 301, 302, 303, 307 or 308
// with a Location, resolved against the request's URL, §10.2.2). A capture is complete only when the
// page the chain leads to was delivered: a hop the network policy refused, or one that got no
// response, means the page named by the user was never captured.

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Chromium follows at most 20 redirects (net::ERR_TOO_MANY_REDIRECTS). */
const MAX_HOPS = 20;

interface Traffic {
  exchanges: readonly RecordedExchange[];
  refused: readonly RefusedRequest[];
  failed: readonly FailedRequest[];
}

function locationOf(exchange: RecordedExchange): string | undefined {
  const response = exchange.response;
  if (response === undefined || !REDIRECT_STATUSES.has(response.status)) return undefined;
  const header = response.headers.find(([name]) => name.toLowerCase() === 'location');
  if (header === undefined) return undefined;
  try {
    const next = new URL(header[1].trim(), exchange.url);
    next.hash = '';
    return next.href;
  } catch {
    return undefined;
  }
}

/**
 * Why the redirect chain starting at `first` (the target's exchange) did not reach a page: a hop
 * refused by the policy or left without a response, named with its address. Undefined when the
 * chain ends in a response, or when the browser did not follow it (nothing the recorder can judge).
 */
export function findBrokenRedirect(traffic: Traffic, first: RecordedExchange): string | undefined {
  let current = first;
  const seen = new Set([first.url]);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const next = locationOf(current);
    if (next === undefined || seen.has(next)) return undefined;
    seen.add(next);
    const refusal = traffic.refused.find((request) => request.url === next);
    if (refusal !== undefined)
      return `refused: the redirect from ${current.url} to ${next}: ${refusal.detail}`;
    const answered = traffic.exchanges.find(
      (exchange) => exchange.url === next && exchange.response !== undefined,
    );
    if (answered === undefined) {
      const failure = traffic.failed.find((request) => request.url === next);
      return failure === undefined
        ? undefined
        : `no response: the redirect from ${current.url} to ${next}: ${failure.error}`;
    }
    current = answered;
  }
  return undefined;
}
