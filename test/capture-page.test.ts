import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { WARCParser } from 'warcio';
import {
  BrowserPool,
  captureToWacz,
  captureUrl,
  CaptureError,
  checkCapturePackage,
  readZip,
  type CaptureOptions,
  type CaptureResult,
} from '../src/capture/index.ts';
import { findChromiumSkipReason, TEST_CHROMIUM } from '../src/capture/test-support/chromium.ts';
import { startFixtureSite, type FixtureSite } from './fixtures/capture/fixture-site.ts';

// Captures of the local fixture sites in one shared Chromium: what is recorded for each kind of
// page, the limits, the network safety, and the WACZ read back with warcio's parser.

const skip = findChromiumSkipReason();
const FAST: Partial<CaptureOptions> = {
  allowedNetworks: ['127.0.0.1/32'],
  networkIdleMs: 150,
  idleTimeoutMs: 3_000,
  scrollStepDelayMs: 20,
  loadTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  screenshot: false,
  pdf: false,
};
const SOFTWARE = { name: 'sealchain', version: '0.0.0-test' };

let site: FixtureSite;
let pool: BrowserPool;

before(async () => {
  if (skip !== undefined) return;
  site = await startFixtureSite();
  pool = new BrowserPool({ executablePath: TEST_CHROMIUM, size: 1 });
});
after(async () => {
  await pool?.close();
  await site?.close();
});

function capture(
  path: string,
  options: Partial<CaptureOptions> = {},
  origin?: string,
): Promise<CaptureResult> {
  return captureUrl(pool, `${origin ?? site.origin}${path}`, { ...FAST, ...options });
}

function exchangeFor(result: CaptureResult, path: string) {
  const found = result.exchanges.find((exchange) => new URL(exchange.url).pathname === path);
  assert.ok(found, `no exchange for ${path} among ${result.exchanges.map((e) => e.url).join(', ')}`);
  return found;
}

function bodyText(result: CaptureResult, path: string): string {
  return Buffer.from(exchangeFor(result, path).response!.body).toString('utf8');
}

function attachment(result: CaptureResult, path: string): Uint8Array {
  const found = result.attachments.find((a) => a.path === path);
  assert.ok(found, `no attachment ${path}`);
  return found.bytes;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('captureUrl on the fixture sites', { skip }, () => {
  describe('a static page with every attachment, packaged', () => {
    let result: CaptureResult;
    let wacz: Uint8Array;
    before(async () => {
      result = await capture('/static', { screenshot: true, pdf: true });
      wacz = (await captureToWacz(result, SOFTWARE)).bytes;
    });

    it('records the page and its image as delivered, complete', () => {
      assert.equal(result.state, 'complete');
      assert.deepEqual(result.reasons, []);
      assert.equal(result.targetStatus, 200);
      assert.equal(result.title, 'Static fixture');
      assert.match(bodyText(result, '/static'), /<h1>Infringing copy<\/h1>/);
      assert.match(
        Buffer.from(exchangeFor(result, '/static').response!.head).toString('latin1'),
        /^HTTP\/1\.1 200 OK\r\n/,
      );
      assert.equal(exchangeFor(result, '/img/logo.png').response?.status, 200);
      assert.match(
        Buffer.from(exchangeFor(result, '/static').request).toString('latin1'),
        /^GET \/static HTTP\/1\.1\r\n/,
      );
    });

    it('takes a PNG screenshot, the rendered DOM and a PDF print', () => {
      assert.deepEqual(
        [...attachment(result, 'attachments/screenshot.png').subarray(0, 4)],
        [0x89, 0x50, 0x4e, 0x47],
      );
      assert.equal(
        Buffer.from(attachment(result, 'attachments/page.pdf').subarray(0, 5)).toString(),
        '%PDF-',
      );
      assert.match(
        Buffer.from(attachment(result, 'attachments/rendered-dom.html')).toString(),
        /Static text\./,
      );
    });

    it('passes the clean-environment checks', () => {
      const byId = new Map(result.environmentChecks.map((check) => [check.id, check.status]));
      for (const id of [
        'fresh-profile',
        'no-extensions',
        'proxy',
        'all-traffic-recorded',
        'server-clocks',
      ] as const) {
        assert.equal(byId.get(id), 'pass', id);
      }
      assert.equal(byId.get('clock'), 'not-checked');
      assert.match(result.browser.version, /^\d+\./);
      assert.match(result.browser.userAgent, /Chrome\//);
      assert.ok(result.browser.launchArgs.includes('--disable-background-networking'));
    });

    it('packages a WACZ whose WARC records warcio reads with matching block and payload digests', async () => {
      const files = new Map(readZip(wacz).map((file) => [file.path, file.bytes]));
      assert.ok(
        files.has('archive/data.warc.gz') && files.has('indexes/index.cdx') && files.has('pages/pages.jsonl'),
      );
      let responses = 0;
      for await (const record of new WARCParser([files.get('archive/data.warc.gz')!], { parseHttp: false })) {
        if (record.warcType === 'warcinfo') continue;
        const block = await record.readFully(false);
        assert.equal(
          record.warcHeader('WARC-Block-Digest'),
          `sha256:${sha256(block)}`,
          record.warcTargetURI ?? '',
        );
      }
      for await (const record of new WARCParser([files.get('archive/data.warc.gz')!])) {
        if (record.warcType !== 'response') continue;
        responses += 1;
        const payload = await record.readFully(true);
        assert.equal(
          record.warcHeader('WARC-Payload-Digest'),
          `sha256:${sha256(payload)}`,
          record.warcTargetURI ?? '',
        );
        assert.equal(record.warcHeader('WARC-IP-Address'), '127.0.0.1');
      }
      assert.equal(responses, result.exchanges.filter((e) => e.response !== undefined).length);
      const index = Buffer.from(files.get('indexes/index.cdx')!).toString();
      assert.match(index, /^1,0,0,127:\d+\)\/static \d{14} \{.*"status":"200"/m);
      const pages = Buffer.from(files.get('pages/pages.jsonl')!).toString().trim().split('\n');
      assert.equal(JSON.parse(pages[1]!).url, `${site.origin}/static`);
      const provenance = JSON.parse(Buffer.from(files.get('attachments/provenance.json')!).toString());
      assert.equal(provenance.requestedUrl, `${site.origin}/static`);
      assert.equal(provenance.cleanEnvironment.clean, true);
      assert.match(
        Buffer.from(files.get('attachments/provenance.html')!).toString(),
        /Clean environment: yes/,
      );
    });

    it('verifies the package, and names the file changed by one flipped byte', async () => {
      assert.equal((await checkCapturePackage(wacz)).ok, true);
      const files = readZip(wacz);
      const screenshot = files.find((f) => f.path === 'attachments/screenshot.png')!;
      const tampered = Buffer.from(wacz);
      const at = tampered.indexOf(Buffer.from(screenshot.bytes.subarray(0, 64))) + 40;
      tampered[at] = tampered[at]! ^ 0x01;
      const report = await checkCapturePackage(tampered);
      assert.equal(report.ok, false);
      const failed = report.checks.filter((check) => !check.ok);
      assert.deepEqual(
        failed.map((check) => check.file),
        ['attachments/screenshot.png'],
      );
      assert.match(failed[0]!.summary, /attachments\/screenshot\.png has been changed/);
    });
  });

  it('records a page built by script after load and what the script fetched', async () => {
    const result = await capture('/js', { networkIdleMs: 300 });
    assert.equal(result.state, 'complete');
    assert.match(bodyText(result, '/api/data.json'), /hello from the API/);
    assert.equal(result.title, 'Script fixture built');
    assert.match(
      Buffer.from(attachment(result, 'attachments/rendered-dom.html')).toString(),
      /Built by script: hello from the API/,
    );
  });

  it('scrolls so that lazy images below the fold are loaded and recorded', async () => {
    const result = await capture('/lazy');
    assert.equal(result.state, 'complete');
    for (const n of [1, 2, 3]) assert.equal(exchangeFor(result, `/img/lazy-${n}.png`).response?.status, 200);
  });

  it('records each redirect hop and ends on the final page', async () => {
    const result = await capture('/redirect');
    assert.equal(result.state, 'complete');
    assert.equal(result.targetStatus, 301);
    assert.equal(exchangeFor(result, '/redirect-2').response?.status, 302);
    assert.equal(exchangeFor(result, '/static').response?.status, 200);
    assert.equal(result.finalUrl, `${site.origin}/static`);
    assert.equal(result.title, 'Static fixture');
  });

  it('captures an image URL and a PDF URL byte for byte', async () => {
    const image = await capture('/image.png', { screenshot: true });
    assert.equal(image.state, 'complete');
    assert.equal(
      Buffer.from(exchangeFor(image, '/image.png').response!.body).subarray(1, 4).toString(),
      'PNG',
    );
    assert.ok(image.attachments.some((a) => a.path === 'attachments/screenshot.png'));
    const pdf = await capture('/doc.pdf');
    assert.equal(pdf.state, 'complete');
    assert.equal(pdf.targetStatus, 200);
    assert.match(bodyText(pdf, '/doc.pdf'), /^%PDF-1\.4[\s\S]*sealchain fixture PDF[\s\S]*%%EOF\n$/);
  });

  it('captures 404 and 500 pages with their status', async () => {
    const missing = await capture('/missing');
    assert.equal(missing.state, 'complete');
    assert.equal(missing.targetStatus, 404);
    assert.match(bodyText(missing, '/missing'), /No such page/);
    const failing = await capture('/error');
    assert.equal(failing.targetStatus, 500);
    assert.equal(failing.title, 'Server error');
  });

  it('records the certificate of an HTTPS site with a self-signed certificate', async () => {
    const result = await capture('/static', {}, site.secureOrigin);
    assert.equal(result.state, 'complete');
    assert.equal(result.title, 'Static fixture');
    const [peer] = result.tlsPeers;
    assert.ok(peer);
    assert.equal(peer.authorized, false);
    assert.match(peer.authorizationError ?? '', /SELF_SIGNED|self[- ]signed/i);
    assert.equal(
      new X509Certificate(peer.chain[0]!.pem).fingerprint256,
      new X509Certificate(site.certificatePem).fingerprint256,
    );
    const pem = result.attachments.find((a) => a.path.startsWith('attachments/certificates/'));
    assert.ok(pem && Buffer.from(pem.bytes).toString().includes('BEGIN CERTIFICATE'));
    assert.match(
      Buffer.from(exchangeFor(result, '/static').request).toString('latin1'),
      /^GET \/static HTTP\/1\.1\r\n/,
    );
  });

  it('keeps what a never-ending page delivered and marks the capture partial at the time limit', async () => {
    const result = await capture('/never', {
      loadTimeoutMs: 1_500,
      idleTimeoutMs: 300,
      totalTimeoutMs: 6_000,
    });
    assert.equal(result.state, 'partial');
    assert.ok(result.reasons.includes('time-limit'));
    const page = exchangeFor(result, '/never');
    assert.equal(page.truncated, 'time');
    assert.match(Buffer.from(page.response!.body).toString(), /Still loading/);
  });

  it('keeps the start of a huge page and marks the capture partial at the size limit', async () => {
    const result = await capture('/huge', { maxTotalBytes: 200_000 });
    assert.equal(result.state, 'partial');
    assert.deepEqual(result.reasons, ['size-limit']);
    const page = exchangeFor(result, '/huge');
    assert.equal(page.truncated, 'length');
    assert.ok(page.response!.body.length > 100_000 && page.response!.body.length < 200_000);
  });

  it('refuses a private address without permission, before any browsing', async () => {
    await assert.rejects(
      captureUrl(pool, `${site.origin}/static`, { ...FAST, allowedNetworks: [] }),
      (error: unknown) => {
        assert.ok(error instanceof CaptureError);
        assert.equal(error.code, 'CAPTURE_URL_REFUSED');
        return true;
      },
    );
    await assert.rejects(captureUrl(pool, 'file:///etc/passwd', FAST), /only http and https/);
    const before = site.requests.length;
    const named = await captureUrl(pool, `http://localhost:${new URL(site.origin).port}/static`, {
      ...FAST,
      allowedNetworks: [],
    });
    assert.equal(named.state, 'failed');
    assert.match(named.reasons[0]!, /refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    assert.equal(named.exchanges.length, 0);
    assert.equal(site.requests.length, before);
  });

  it('refuses redirects and sub-resources to addresses, or DNS answers, outside the permission', async () => {
    const resolveHost = async (host: string) => (host === 'meta.test' ? ['127.0.0.3'] : ['127.0.0.1']);
    const page = await captureUrl(pool, `${site.origin}/private-resource`, FAST, { resolveHost });
    assert.equal(page.state, 'complete');
    const refused = page.refused
      .map((request) => `${new URL(request.url).hostname} ${request.reason}`)
      .sort();
    assert.deepEqual(refused, ['127.0.0.2 address-refused', 'meta.test address-refused']);
    assert.match(page.refused.find((r) => r.url.includes('meta.test'))!.detail, /resolves to 127\.0\.0\.3/);
    assert.ok(page.exchanges.every((exchange) => new URL(exchange.url).hostname === '127.0.0.1'));
    const redirect = await capture('/redirect-private');
    assert.equal(redirect.targetStatus, 302);
    const privateUrl = `http://127.0.0.2:${new URL(site.origin).port}/static`;
    assert.equal(redirect.refused[0]?.url, privateUrl);
    // The page the target leads to was never fetched: the capture failed, naming the refused address.
    assert.equal(redirect.state, 'failed');
    assert.deepEqual(redirect.reasons, [
      `refused: the redirect from ${site.origin}/redirect-private to ${privateUrl}: ${redirect.refused[0]!.detail}`,
    ]);
    assert.match(redirect.reasons[0]!, /127\.0\.0\.2/);
    assert.ok(!site.requests.includes('/img/x.png') && !site.requests.includes('/img/y.png'));
  });
});
