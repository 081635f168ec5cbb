import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { randomDigest, sendRawGet, startTestNode, type TestNode } from './api-node-support.ts';

// Hostile bytes in requests and what browsers may do with our answers: invalid UTF-8 and NUL are
// refused with 422 (never replaced, never a 500) and change nothing; HTML answers carry a CSP and
// nosniff; Expect: 100-continue is never answered 100 for a body the route would refuse.

/** Sends `head` (and later `body` once 100 Continue arrives) on a raw socket; returns what came back. */
function exchangeRaw(url: string, head: string, body?: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let sent = false;
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (body !== undefined && !sent && received.includes('100 Continue\r\n\r\n')) {
        sent = true;
        socket.write(body);
      }
      // The final answer is complete once its Content-Length of body bytes has arrived.
      const final = received.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
      const headEnd = final.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(final);
      if (headEnd >= 0 && length !== null && final.length >= headEnd + 4 + Number(length[1])) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', reject);
    socket.write(head);
  });
}

describe('request hygiene', () => {
  let node: TestNode;
  let apiKey: string;

  before(async () => {
    node = await startTestNode({ api: { maxEntryBodyBytes: 64 * 1024 } });
    apiKey = (await node.createUnit('hygiene-platform')).apiKey;
    const first = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { digest: randomDigest() },
    });
    assert.equal(first.status, 201);
  });

  after(async () => {
    assert.deepEqual(node.loggedErrors, []);
    await node.close();
  });

  async function depositRaw(body: Uint8Array<ArrayBuffer>) {
    return node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      body,
      headers: { 'content-type': 'application/json' },
    });
  }

  it('refuses invalid UTF-8 in a JSON body with 422 instead of storing U+FFFD', async () => {
    const size = await node.readSize();
    const prefix = Buffer.from(`{"digest":"${randomDigest()}","meta":{"note":"caf`);
    const answer = await depositRaw(Buffer.concat([prefix, Buffer.from([0xe9]), Buffer.from('"}}')]));
    assert.equal(answer.status, 422, answer.text);
    assert.equal(answer.json.code, 'TEXT_ENCODING_INVALID');
    assert.equal(answer.json.details.in, 'body');
    assert.equal(await node.readSize(), size);
  });

  it('refuses NUL in a JSON body, escaped or raw, naming the field', async () => {
    const size = await node.readSize();
    const escaped = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { digest: randomDigest(), meta: { note: 'a\u0000b' } },
    });
    assert.equal(escaped.status, 422, escaped.text);
    assert.equal(escaped.json.code, 'TEXT_NUL_REFUSED');
    assert.equal(escaped.json.details.field, 'meta.note');
    const raw = await depositRaw(Buffer.from(`{"digest":"${randomDigest()}","meta":{"note":"a\u0000b"}}`));
    assert.equal(raw.status, 422, raw.text);
    assert.equal(raw.json.code, 'TEXT_NUL_REFUSED');
    assert.equal(await node.readSize(), size);
  });

  it('refuses NUL and invalid UTF-8 in the query and path with 422, on any route', async () => {
    for (const [path, code] of [
      ['/v1/works?holder=%00', 'TEXT_NUL_REFUSED'],
      ['/v1/works?q=a=b%00', 'TEXT_NUL_REFUSED'],
      ['/v1/works?q=%FF%FE', 'TEXT_ENCODING_INVALID'],
      ['/v1/chains/evidence/entries/0%00', 'TEXT_NUL_REFUSED'],
      ['/verify/%C3%28', 'TEXT_ENCODING_INVALID'],
    ] as const) {
      const answer = await sendRawGet(node.url, path);
      assert.equal(answer.status, 422, `${path}: ${answer.text}`);
      assert.equal(JSON.parse(answer.text).code, code, path);
    }
  });

  it('still accepts text that is valid UTF-8, escapes included', async () => {
    const answer = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { digest: randomDigest(), meta: { note: '静夜思 \\u0000 not a NUL, 😀' } },
    });
    assert.equal(answer.status, 201, answer.text);
  });

  it('sends a Content Security Policy, nosniff and no referrer with every HTML answer', async () => {
    for (const path of ['/docs', '/verify/evidence/0']) {
      const answer = await node.request(path);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/html/, path);
      const policy = answer.headers.get('content-security-policy') ?? '';
      assert.match(policy, /default-src 'none'/, path);
      assert.match(policy, /frame-ancestors 'none'/, path);
      assert.doesNotMatch(policy, /script-src[^;]*'unsafe-inline'/, path);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(answer.headers.get('referrer-policy'), 'no-referrer', path);
    }
    const json = await node.request('/v1/chains/evidence');
    assert.equal(json.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(json.headers.get('content-security-policy'), null);
  });

  it('answers Expect: 100-continue with 413 and no 100 Continue when the body is over the limit', async () => {
    const size = await node.readSize();
    const { host } = new URL(node.url);
    const received = await exchangeRaw(
      node.url,
      `POST /v1/chains/evidence/entries HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${apiKey}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100000000000\r\nExpect: 100-continue\r\n\r\n',
    );
    assert.match(received, /^HTTP\/1\.1 413 /);
    assert.doesNotMatch(received, /100 Continue/);
    assert.match(received, /"code":"BODY_TOO_LARGE"/);
    assert.equal(await node.readSize(), size);
  });

  it('answers 100 Continue when the route reads the body, then the deposit', async () => {
    const { host } = new URL(node.url);
    const body = JSON.stringify({ digest: randomDigest() });
    const received = await exchangeRaw(
      node.url,
      `POST /v1/chains/evidence/entries HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${apiKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
      body,
    );
    assert.match(received, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
  });
});
