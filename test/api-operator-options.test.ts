import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { decodePdfQr, decodeQrImage, havePoppler } from './fixtures/works/certificate-tools.ts';
import { startLocalConsortium } from '../src/node/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// Operator options of the local consortium (issue 22): verify links and QR codes come from the
// configured public base URL only, a request's Host or X-Forwarded-Host header never moves them
// (point 5); captures reach a private network only when the operator names it (point 10).

const PUBLIC_BASE_URL = 'https://verify.example.org';
const HOSTILE_HEADERS = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'http',
};

/** A GET with the given headers, Host included, as bytes. */
function getWithHeaders(url: string, path: string): Promise<{ status: number; bytes: Buffer }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port, path, method: 'GET', headers: HOSTILE_HEADERS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('public base URL of verify links', () => {
  let consortium: TestConsortium;
  let index: number;

  before(async () => {
    consortium = await startTestConsortium({
      publicBaseUrl: `${PUBLIC_BASE_URL}/`,
      captureAllowedNetworks: ['127.0.0.0/8'],
    });
    ({ index } = await consortium.depositFinal('evidence'));
  });
  after(() => consortium.close());

  it('puts the configured URL in the HTML certificate and its QR code, whatever the Host header says', async () => {
    const answer = await getWithHeaders(
      consortium.url,
      `/v1/chains/evidence/entries/${index}/certificate.html`,
    );
    assert.equal(answer.status, 200, answer.bytes.toString('utf8'));
    const html = answer.bytes.toString('utf8');
    const expected = `${PUBLIC_BASE_URL}/verify/evidence/${index}`;
    assert.ok(html.includes(expected), html);
    assert.ok(!html.includes('evil.example'), 'the Host header reached the certificate');
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0];
    assert.ok(svg !== undefined, 'the certificate has no QR code');
    assert.equal(await decodeQrImage(Buffer.from(svg)), expected);
  });

  it('puts the configured URL in the QR code of the PDF certificate', async (t) => {
    if (!(await havePoppler(t))) return;
    const answer = await getWithHeaders(
      consortium.url,
      `/v1/chains/evidence/entries/${index}/certificate.pdf`,
    );
    assert.equal(answer.status, 200);
    assert.equal(await decodePdfQr(answer.bytes), `${PUBLIC_BASE_URL}/verify/evidence/${index}`);
  });

  it('puts the configured URL on the verify page', async () => {
    const answer = await getWithHeaders(consortium.url, `/verify/evidence/${index}`);
    assert.equal(answer.status, 200);
    const html = answer.bytes.toString('utf8');
    assert.ok(!html.includes('evil.example'), 'the Host header reached the verify page');
  });

  it('captures an address of a network the operator allowed, and no other private address', async () => {
    const allowed = await consortium.request('/v1/captures', {
      token: consortium.apiKey,
      json: { url: 'http://127.0.0.1:9/intranet' },
    });
    assert.equal(allowed.status, 202, allowed.text);
    for (const url of ['http://10.1.2.3/', 'http://[::ffff:0:a01:203]/', 'http://169.254.169.254/']) {
      const refused = await consortium.request('/v1/captures', { token: consortium.apiKey, json: { url } });
      assert.equal(refused.status, 422, `${url}: ${refused.text}`);
      assert.equal(refused.json.code, 'CAPTURE_URL_REFUSED', url);
    }
  });
});

describe('capture allowance of the local consortium', () => {
  it('refuses a malformed CIDR block before listening', async () => {
    await assert.rejects(
      startLocalConsortium({ dataDir: 'unused', port: 0, captureAllowedNetworks: ['10.0.0.0/99'] }),
      (error: unknown) => isSealchainError(error) && error.code === 'CAPTURE_OPTIONS_INVALID',
    );
  });
});
