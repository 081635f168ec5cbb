import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedExchange } from './exchange.ts';
import { findBrokenRedirect } from './redirect-chain.ts';

// Recorder records as the recorder writes them; the redirect chain is judged from these alone.

function exchange(url: string, status: number, location?: string): RecordedExchange {
  return {
    seq: 1,
    url,
    method: 'GET',
    startedAt: '2026-12-07T10:00:00.000Z',
    remoteAddress: '127.0.0.1',
    localAddress: '127.0.0.1',
    request: new Uint8Array(),
    response: {
      head: new Uint8Array(),
      body: new Uint8Array(),
      payloadSha256: '',
      payloadBytes: 0,
      status,
      headers: location === undefined ? [] : [['LOCATION', location]],
    },
    truncated: undefined,
  };
}

const time = '2026-12-07T10:00:00.001Z';

describe('findBrokenRedirect', () => {
  it('names the hop the policy refused, relative Location resolved and fragment dropped', () => {
    const first = exchange('http://a.test/start', 302, '//10.0.0.5/page#top');
    const reason = findBrokenRedirect(
      {
        exchanges: [first],
        refused: [
          {
            url: 'http://10.0.0.5/page',
            method: 'GET',
            time,
            reason: 'address-refused',
            detail: '10.0.0.5 is a private address',
          },
        ],
        failed: [],
      },
      first,
    );
    assert.equal(
      reason,
      'refused: the redirect from http://a.test/start to http://10.0.0.5/page: 10.0.0.5 is a private address',
    );
  });

  it('follows answered hops to a refusal further down the chain', () => {
    const first = exchange('http://a.test/1', 301, '/2');
    const second = exchange('http://a.test/2', 307, 'http://b.test/3');
    const reason = findBrokenRedirect(
      {
        exchanges: [first, second],
        refused: [],
        failed: [{ url: 'http://b.test/3', method: 'GET', time, error: 'connection refused' }],
      },
      first,
    );
    assert.equal(
      reason,
      'no response: the redirect from http://a.test/2 to http://b.test/3: connection refused',
    );
  });

  it('finds nothing wrong with a chain that ends in a page, a loop, or a 200', () => {
    const first = exchange('http://a.test/1', 302, '/2');
    const page = exchange('http://a.test/2', 200);
    assert.equal(findBrokenRedirect({ exchanges: [first, page], refused: [], failed: [] }, first), undefined);
    const loop = exchange('http://a.test/2', 302, '/1');
    assert.equal(findBrokenRedirect({ exchanges: [first, loop], refused: [], failed: [] }, first), undefined);
    assert.equal(findBrokenRedirect({ exchanges: [page], refused: [], failed: [] }, page), undefined);
  });
});
