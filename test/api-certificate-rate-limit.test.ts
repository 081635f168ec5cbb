// Issue 22: certificate rendering (~70 ms of CPU a PDF) is limited per client, a principal by its
// credential, anyone else by address, on every certificate route. The node's own API is used with
// its token bucket on a controlled clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp, resolveApiOptions, type ApiContext } from '../src/api/index.ts';
import { TokenBucketLimiter } from '../src/services/index.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';

const PER_MINUTE = 1;
const BURST = 2;

describe('the certificate rate limit', () => {
  let node: TestNode;
  let now = 0;
  let app: ReturnType<typeof createApp>;
  let unitKey: string;
  let certificate: string;

  /** A GET through the node's app from `address`, with `key` as bearer when given. */
  async function get(path: string, address: string, key?: string) {
    const response = await app.request(
      path,
      { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } },
      { incoming: { socket: { remoteAddress: address } } },
    );
    const text = await response.text();
    let code: string | undefined;
    if (response.headers.get('content-type')?.includes('json')) {
      code = (JSON.parse(text) as { code?: string }).code;
    }
    return { status: response.status, headers: response.headers, code, text };
  }

  before(async () => {
    node = await startTestNode();
    const context: ApiContext = node.running.node.context;
    app = createApp(
      {
        ...context,
        options: {
          ...context.options,
          certificateRendersPerMinute: PER_MINUTE,
          certificateRenderBurst: BURST,
        },
        renderLimiter: new TokenBucketLimiter(PER_MINUTE / 60, BURST, () => now),
      },
      'test',
    );
    unitKey = (await node.createUnit('renderer')).apiKey;
    const deposit = await node.request('/v1/chains/evidence/entries', {
      token: unitKey,
      json: { digest: randomDigest() },
    });
    assert.equal(deposit.status, 201, deposit.text);
    const bundle = await node.request(`/v1/chains/evidence/entries/${deposit.json.index}/bundle?wait=final`);
    assert.equal(bundle.status, 200, bundle.text);
    certificate = `/v1/chains/evidence/entries/${deposit.json.index}/certificate`;
  });
  after(() => node.close());

  it('serves a burst to an address, then answers 429 CERTIFICATE_RATE_LIMITED with Retry-After until a token refills', async () => {
    assert.equal((await get(`${certificate}.pdf`, '203.0.113.7')).status, 200);
    assert.equal((await get(`${certificate}.html`, '203.0.113.7')).status, 200);
    const refused = await get(`${certificate}.pdf`, '203.0.113.7');
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.code, 'CERTIFICATE_RATE_LIMITED');
    assert.equal(refused.headers.get('retry-after'), '60');
    assert.match(refused.headers.get('content-type')!, /application\/problem\+json/);
    assert.equal(JSON.parse(refused.text).details.certificateRendersPerMinute, PER_MINUTE);
    // Other routes and other addresses are not limited by it.
    assert.equal((await get('/v1/chains/evidence', '203.0.113.7')).status, 200);
    assert.equal((await get(`${certificate}.pdf`, '203.0.113.8')).status, 200);
    now += 59_000;
    assert.equal((await get(`${certificate}.pdf`, '203.0.113.7')).status, 429);
    now += 1_000;
    assert.equal((await get(`${certificate}.pdf`, '203.0.113.7')).status, 200);
    assert.equal((await get(`${certificate}.pdf`, '203.0.113.7')).status, 429);
  });

  it('counts a principal by its key wherever it calls from, apart from its address', async () => {
    assert.equal((await get(`${certificate}.pdf`, '203.0.113.7', unitKey)).status, 200, 'its own bucket');
    assert.equal((await get(`${certificate}.pdf`, '198.51.100.1', unitKey)).status, 200);
    const refused = await get(`${certificate}.pdf`, '198.51.100.2', unitKey);
    assert.equal(refused.status, 429);
    assert.equal(refused.code, 'CERTIFICATE_RATE_LIMITED');
  });

  it('limits the registration and licence certificate routes from the same bucket', async () => {
    const address = '192.0.2.44';
    assert.equal((await get(`${certificate}.html`, address)).status, 200);
    assert.equal((await get(`${certificate}.html`, address)).status, 200);
    for (const path of [
      '/v1/works/SC-2026-W-00000001-0/certificate.pdf',
      '/v1/licenses/SC-2026-L-00000001-0/certificate.html',
      '/v1/licenses/SC-2026-L-00000001-0/revocation/certificate.pdf',
    ]) {
      const refused = await get(path, address);
      assert.equal(refused.status, 429, `${path}: ${refused.text}`);
      assert.equal(refused.code, 'CERTIFICATE_RATE_LIMITED');
    }
  });

  it('is configured through the API options, which refuse a rate or burst that is not a positive integer', () => {
    assert.equal(resolveApiOptions({}).certificateRendersPerMinute, 60);
    assert.equal(resolveApiOptions({ certificateRenderBurst: 5 }).certificateRenderBurst, 5);
    assert.throws(() => resolveApiOptions({ certificateRendersPerMinute: 0 }), /certificateRendersPerMinute/);
    assert.throws(() => resolveApiOptions({ certificateRenderBurst: 1.5 }), /certificateRenderBurst/);
  });
});
