import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MitmIdentity } from './mitm-certificate.ts';
import { NetworkPolicy } from './network-policy.ts';
import { CaptureRecorder, type RecorderConfig } from './recorder.ts';

let site: Server;
let origin: string;
let port: number;
const identity = new MitmIdentity();

before(async () => {
  site = createServer((req, res) => {
    if (req.url === '/big') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(64 * 1024, 7));
      return;
    }
    if (req.url === '/chunked') {
      res.setHeader('X-Twice', ['a', 'b']);
      res.write('first,');
      setTimeout(() => res.end('second'), 5);
      return;
    }
    res.writeHead(404, 'Nothing Here', { 'Content-Type': 'text/plain', 'Content-Length': '4' });
    res.end('nope');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  port = (site.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
after(() => site.close());

function config(overrides: Partial<RecorderConfig> = {}): RecorderConfig {
  return {
    policy: new NetworkPolicy(['127.0.0.1/32']),
    identity,
    maxTotalBytes: 1024 * 1024,
    maxRequests: 100,
    connectTimeoutMs: 2_000,
    resolveHost: async () => ['127.0.0.1'],
    clock: Date.now,
    ...overrides,
  };
}

function fetchThrough(recorder: CaptureRecorder, url: string): Promise<{ status: number; body: string }> {
  const proxy = new URL(recorder.proxyUrl);
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: proxy.hostname, port: proxy.port, path: url, headers: { host: target.host, 'X-Test': 'yes' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('CaptureRecorder', () => {
  it('records the request as sent and the response head and body as received', async () => {
    const recorder = await CaptureRecorder.start(config());
    try {
      const answer = await fetchThrough(recorder, `${origin}/missing`);
      assert.deepEqual(answer, { status: 404, body: 'nope' });
      const chunked = await fetchThrough(recorder, `${origin}/chunked`);
      assert.equal(chunked.body, 'first,second');
    } finally {
      await recorder.stop();
    }
    const [missing, chunked] = recorder.exchanges;
    assert.ok(missing && chunked);
    const requestText = Buffer.from(missing.request).toString('latin1');
    assert.match(requestText, /^GET \/missing HTTP\/1\.1\r\n/);
    assert.match(requestText, /\r\nX-Test: yes\r\n/);
    assert.match(requestText, /\r\nConnection: close\r\n\r\n$/);
    assert.equal(missing.remoteAddress, '127.0.0.1');
    assert.equal(missing.response?.status, 404);
    assert.match(
      Buffer.from(missing.response!.head).toString('latin1'),
      /^HTTP\/1\.1 404 Nothing Here\r\n.*Content-Type: text\/plain\r\n.*\r\n\r\n$/s,
    );
    assert.equal(Buffer.from(missing.response!.body).toString(), 'nope');
    assert.equal(missing.truncated, undefined);
    const head = Buffer.from(chunked.response!.head).toString('latin1');
    assert.match(head, /Transfer-Encoding: chunked\r\n/);
    assert.equal((head.match(/X-Twice: /g) ?? []).length, 2);
    assert.equal(Buffer.from(chunked.response!.body).toString(), '6\r\nfirst,\r\n6\r\nsecond\r\n0\r\n\r\n');
    assert.equal(chunked.response!.payloadSha256, createHash('sha256').update('first,second').digest('hex'));
    assert.equal(chunked.response!.payloadBytes, 12);
    assert.equal(recorder.inFlight, 0);
  });

  it('refuses an address outside the allowed networks and connects nowhere', async () => {
    const recorder = await CaptureRecorder.start(config());
    try {
      const answer = await fetchThrough(recorder, `http://127.0.0.2:${port}/x`);
      assert.equal(answer.status, 403);
    } finally {
      await recorder.stop();
    }
    assert.equal(recorder.exchanges.length, 0);
    assert.equal(recorder.refused[0]?.reason, 'address-refused');
    assert.match(recorder.refused[0]!.detail, /127\.0\.0\.2, a loopback address/);
  });

  it('checks what a host name resolves to, refusing it if any answer is not allowed', async () => {
    const recorder = await CaptureRecorder.start(
      config({
        resolveHost: async (host) =>
          host === 'rebind.test' ? ['127.0.0.1', '169.254.169.254'] : ['127.0.0.1'],
      }),
    );
    try {
      assert.equal((await fetchThrough(recorder, `http://rebind.test:${port}/x`)).status, 403);
      assert.equal((await fetchThrough(recorder, `http://fine.test:${port}/missing`)).status, 404);
    } finally {
      await recorder.stop();
    }
    assert.match(recorder.refused[0]!.detail, /169\.254\.169\.254, a metadata address/);
    assert.equal(recorder.exchanges.length, 1);
    assert.match(
      Buffer.from(recorder.exchanges[0]!.request).toString('latin1'),
      /\r\nhost: fine\.test:\d+\r\n/i,
    );
  });

  it('truncates at the size limit and refuses what comes after', async () => {
    const recorder = await CaptureRecorder.start(config({ maxTotalBytes: 10_000 }));
    try {
      await fetchThrough(recorder, `${origin}/big`).catch(() => undefined);
      assert.equal((await fetchThrough(recorder, `${origin}/missing`)).status, 403);
    } finally {
      await recorder.stop();
    }
    const [big] = recorder.exchanges;
    assert.equal(big?.truncated, 'length');
    assert.ok(big!.response!.body.length < 10_000 && big!.response!.body.length > 0);
    assert.ok(recorder.totalBytes <= 10_000);
    assert.deepEqual([...recorder.limitsHit], ['size-limit']);
    assert.equal(recorder.refused[0]?.reason, 'size-limit');
  });

  it('refuses requests past the request limit', async () => {
    const recorder = await CaptureRecorder.start(config({ maxRequests: 1 }));
    try {
      await fetchThrough(recorder, `${origin}/missing`);
      assert.equal((await fetchThrough(recorder, `${origin}/missing`)).status, 403);
    } finally {
      await recorder.stop();
    }
    assert.equal(recorder.exchanges.length, 1);
    assert.deepEqual([...recorder.limitsHit], ['request-limit']);
  });
});
