import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { decodePdfQr, decodeQrImage, havePoppler } from './fixtures/works/certificate-tools.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// Verify links and QR codes come from the configured public base URL only: a request's Host or
// X-Forwarded-Host header never moves them (issue 22, point 5).

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
    consortium = await startTestConsortium({ publicBaseUrl: `${PUBLIC_BASE_URL}/` });
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
});
