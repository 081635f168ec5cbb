import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { checkBundle, CheckpointChecker, parseTrustFile } from '../src/verify/index.ts';
import { startTestNode, type TestNode } from './api-node-support.ts';
import { decodePdfQr, havePoppler, readPdfText } from './fixtures/works/certificate-tools.ts';
import { makeMetadata } from './fixtures/works/registry-setup.ts';

const PHOTOS = new URL('./fixtures/photos/', import.meta.url);
const TEXTS = new URL('./fixtures/texts/', import.meta.url);
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

interface Sent {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
  headers: Headers;
  bytes: Uint8Array;
}

async function send(url: string, init: RequestInit = {}): Promise<Sent> {
  const response = await fetch(url, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers, bytes };
}

function form(file: Uint8Array | string, fileName: string, metadata?: Record<string, unknown>): FormData {
  const body = new FormData();
  if (metadata !== undefined) body.set('metadata', JSON.stringify(metadata));
  body.set('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), fileName);
  return body;
}

describe('works API on the works chain node', () => {
  let node: TestNode;
  let apiKey: string;
  let otherKey: string;
  let coffee: Uint8Array;
  let article: string;

  const post = (path: string, body: FormData | string, key = apiKey, contentType?: string) =>
    send(`${node.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
      },
      body,
    });
  const get = (path: string) => send(`${node.url}${path}`);

  async function listState() {
    const blobs = await readdir(join(node.dataDir, 'blobs'), { recursive: true }).catch(() => []);
    const scratch = await readdir(join(node.dataDir, 'tmp', 'works'));
    return { size: await node.readSize(), blobs: blobs.sort(), scratch };
  }

  before(async () => {
    node = await startTestNode({
      chainName: 'works',
      origin: 'copyright.sealchain.local/works',
      api: { maxUploadBytes: MAX_UPLOAD_BYTES },
    });
    node.readSize = async () => (await node.request('/v1/chains/works')).json.size;
    apiKey = (await node.createUnit('copyright-center')).apiKey;
    otherKey = (await node.createUnit('photo-platform')).apiKey;
    coffee = new Uint8Array(await readFile(new URL('coffee.jpg', PHOTOS)));
    article = await readFile(new URL('zh-02-original.txt', TEXTS), 'utf8');
  });
  after(() => node.close());

  let number: string;
  let index: number;

  it('registers a work and answers with the registration and a bundle that verifies offline', async () => {
    const answer = await post('/v1/works', form(article, '茶.txt', makeMetadata({ title: '茶山记' })));
    assert.equal(answer.status, 201, answer.text);
    number = answer.json.registration.number;
    index = answer.json.receipt.index;
    assert.match(number, /^SC-\d{4}-W-\d{8}-[0-9A-Z]$/);
    assert.equal(answer.json.registration.title, '茶山记');
    assert.equal(answer.json.registration.rightsHolder.idNumber, undefined);
    assert.equal(answer.json.registration.flagged, false);
    assert.equal(answer.json.links.verify, `${node.url}/verify/${number}`);
    const trust = parseTrustFile(await readFile(node.trustPath, 'utf8'));
    const report = checkBundle(
      answer.json.bundle,
      trust,
      { fileBytes: new TextEncoder().encode(article) },
      new CheckpointChecker(),
    );
    assert.equal(report.ok, true, JSON.stringify(report.checks));
    assert.deepEqual(node.loggedErrors, []);
  });

  it('resolves the number, lists by holder and title, and says 404 for an unknown number', async () => {
    const read = await get(`/v1/works/${number}`);
    assert.equal(read.status, 200);
    assert.equal(read.json.registration.entry.index, index);
    const listed = await get(
      `/v1/works?holder=${encodeURIComponent('张若虚')}&q=${encodeURIComponent('茶山')}`,
    );
    assert.deepEqual(
      listed.json.works.map((w: { number: string }) => w.number),
      [number],
    );
    const unknown = await get('/v1/works/SC-2026-W-09999999-0');
    assert.ok([400, 404].includes(unknown.status));
    assert.ok(['WORK_NOT_FOUND', 'REGISTRATION_NUMBER_INVALID'].includes(unknown.json.code));
  });

  it('refuses the same file from another holder with 409 and the earlier registration', async () => {
    const before = await listState();
    const answer = await post(
      '/v1/works',
      form(article, 'copy.txt', makeMetadata({ rightsHolder: { name: '他人' } })),
      otherKey,
    );
    assert.equal(answer.status, 409);
    assert.equal(answer.json.code, 'WORK_ALREADY_REGISTERED');
    assert.equal(answer.json.details.number, number);
    assert.equal(answer.json.details.holder, '张若虚');
    assert.match(answer.json.details.time, /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(await listState(), before);
  });

  it('flags a resized, recompressed image and finds it by search', async () => {
    const first = await post(
      '/v1/works',
      form(coffee, 'coffee.jpg', makeMetadata({ title: '咖啡', workType: 'image' })),
    );
    assert.equal(first.status, 201, first.text);
    const small = new Uint8Array(await sharp(coffee).resize({ width: 320 }).jpeg({ quality: 50 }).toBuffer());
    const search = await post('/v1/works/search', form(small, 'small.jpg'));
    assert.equal(search.status, 200, search.text);
    assert.equal(search.json.identical, null);
    assert.equal(search.json.similar[0].number, first.json.registration.number);
    const second = await post(
      '/v1/works',
      form(
        small,
        'small.jpg',
        makeMetadata({ title: '小咖啡', workType: 'image', rightsHolder: { name: '他人' } }),
      ),
      otherKey,
    );
    assert.equal(second.status, 201, second.text);
    assert.equal(second.json.registration.flagged, true);
    assert.equal(second.json.registration.similar[0].number, first.json.registration.number);
    assert.ok(second.json.registration.similar[0].similarity > 0.8);
  });

  it('serves a PDF certificate with the Chinese title, the number and a QR code of the verify page', async (t) => {
    if (!(await havePoppler(t))) return;
    const answer = await get(`/v1/works/${number}/certificate.pdf`);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get('content-type'), 'application/pdf');
    const text = await readPdfText(answer.bytes);
    assert.ok(text.includes('茶山记'), text);
    assert.ok(text.includes(number), text);
    assert.ok(text.includes('作品登记证书'));
    assert.equal(await decodePdfQr(answer.bytes), `${node.url}/verify/${number}`);
    const html = await get(`/v1/works/${number}/certificate.html`);
    assert.ok(html.text.includes('茶山记'));
  });

  it('shows the verify page of a number and of chain/index to a person', async () => {
    const page = await get(`/verify/${number}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.ok(page.text.includes('核验通过'), page.text);
    assert.ok(page.text.includes('茶山记'));
    const byIndex = await get(`/verify/works/${index}`);
    assert.ok(byIndex.text.includes('核验通过'));
    const missing = await get('/verify/works/999999');
    assert.equal(missing.status, 404);
    const mistyped = await get(`/verify/${number.slice(0, -1)}${number.endsWith('1') ? '2' : '1'}`);
    assert.equal(mistyped.status, 400);
    assert.ok(mistyped.text.includes('wrong check character'));
  });

  it('serves the certificate of a chain entry by chain and index', async () => {
    const answer = await get(`/v1/chains/works/entries/${index}/certificate.pdf`);
    assert.equal(answer.status, 200);
    assert.equal(new TextDecoder().decode(answer.bytes.subarray(0, 5)), '%PDF-');
  });

  it('grants and revokes a licence, each on the chain, each with a certificate', async () => {
    const terms = {
      licensee: { name: '某出版社' },
      scope: ['reproduce', 'distribute'],
      territory: ['CN'],
      term: { start: '2026-03-01' },
      exclusivity: 'exclusive',
      domains: ['books.example.cn'],
    };
    const refused = await post(
      `/v1/works/${number}/licenses`,
      JSON.stringify(terms),
      otherKey,
      'application/json',
    );
    assert.equal(refused.status, 403);
    const granted = await post(
      `/v1/works/${number}/licenses`,
      JSON.stringify(terms),
      apiKey,
      'application/json',
    );
    assert.equal(granted.status, 201, granted.text);
    const licenseNumber = granted.json.license.number;
    assert.equal((await get(`/v1/licenses/${licenseNumber}`)).json.license.revoked, false);
    const certificate = await get(`/v1/licenses/${licenseNumber}/certificate.pdf?wait=final`);
    assert.equal(certificate.status, 200, certificate.text);
    const revoked = await post(
      `/v1/licenses/${licenseNumber}/revocation`,
      JSON.stringify({ reason: '合同到期' }),
      apiKey,
      'application/json',
    );
    assert.equal(revoked.status, 200, revoked.text);
    assert.equal(revoked.json.license.revoked, true);
    const again = await post(
      `/v1/licenses/${licenseNumber}/revocation`,
      JSON.stringify({ reason: 'x' }),
      apiKey,
      'application/json',
    );
    assert.equal(again.status, 409);
    const listed = await get(`/v1/works/${number}/licenses`);
    assert.equal(listed.json.licenses[0].revocation.reason, '合同到期');
    const revocationCertificate = await get(
      `/v1/licenses/${licenseNumber}/revocation/certificate.html?wait=final`,
    );
    assert.equal(revocationCertificate.status, 200, revocationCertificate.text);
    assert.ok(revocationCertificate.text.includes('授权撤销证明'));
  });

  describe('hostile uploads get a clear error and leave nothing behind', () => {
    async function assertRefused(attempt: () => Promise<Sent>, status: number, code: string) {
      const before = await listState();
      const answer = await attempt();
      assert.equal(answer.status, status, answer.text);
      assert.equal(answer.json.code, code);
      assert.deepEqual(await listState(), before);
      return answer;
    }

    it('a file that is not the declared type', async () => {
      const answer = await assertRefused(
        () =>
          post(
            '/v1/works',
            form('plain words, not a picture', 'photo.jpg', makeMetadata({ workType: 'image' })),
          ),
        422,
        'WORK_TYPE_MISMATCH',
      );
      assert.equal(answer.json.details.detectedType, 'text');
    });

    it('a truncated image', async () => {
      await assertRefused(
        () =>
          post('/v1/works', form(coffee.subarray(0, 3000), 'cut.jpg', makeMetadata({ workType: 'image' }))),
        422,
        'WORK_FILE_UNREADABLE',
      );
    });

    it('a decompression bomb', async () => {
      const { buildPngBomb } = await import('./fixtures/media/png-bomb.ts');
      const bomb = new Uint8Array(await buildPngBomb(12_000, 12_000));
      await assertRefused(
        () => post('/v1/works', form(bomb, 'bomb.png', makeMetadata({ workType: 'image' }))),
        422,
        'WORK_FILE_TOO_COMPLEX',
      );
    });

    it('an empty file', async () => {
      const answer = await assertRefused(
        () => post('/v1/works', form('', 'empty.txt', makeMetadata())),
        422,
        'FILE_EMPTY',
      );
      assert.equal(answer.json.detail, "the work's file is empty (0 bytes): there is nothing to register");
    });

    it('a path in the file name', async () => {
      await assertRefused(
        () => post('/v1/works', form(article, '../../etc/passwd', makeMetadata())),
        400,
        'WORK_FILE_NAME_INVALID',
      );
    });

    it('a file over the size limit', async () => {
      const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(65);
      await assertRefused(
        () => post('/v1/works', form(big, 'big.txt', makeMetadata())),
        413,
        'WORK_FILE_TOO_LARGE',
      );
    });

    it('a body that is not multipart, a form without a file, and bad metadata', async () => {
      await assertRefused(
        () => post('/v1/works', '{}', apiKey, 'application/json'),
        415,
        'MEDIA_TYPE_UNSUPPORTED',
      );
      const noFile = new FormData();
      noFile.set('metadata', JSON.stringify(makeMetadata()));
      await assertRefused(() => post('/v1/works', noFile), 400, 'WORK_FORM_INVALID');
      await assertRefused(
        () => post('/v1/works', form(article, 'a.txt', makeMetadata({ creationDate: 'yesterday' }))),
        400,
        'WORK_METADATA_INVALID',
      );
    });

    it('an anonymous upload', async () => {
      await assertRefused(
        () => send(`${node.url}/v1/works`, { method: 'POST', body: form(article, 'a.txt', makeMetadata()) }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });
});

describe('works API on a node of another chain', () => {
  let node: TestNode;
  before(async () => {
    node = await startTestNode();
  });
  after(() => node.close());

  it('says the registry is on the works chain node, and still certifies its own entries', async (t) => {
    const answer = await node.request('/v1/works/SC-2026-W-00000001-0');
    assert.equal(answer.status, 404);
    assert.match(answer.json.detail, /works registry/);
    const { apiKey } = await node.createUnit('notary');
    const deposit = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { digest: `sha256:${'ab'.repeat(32)}`, type: 'evidence', meta: { title: '借款合同' } },
    });
    assert.equal(deposit.status, 201, deposit.text);
    const certificate = await send(
      `${node.url}/v1/chains/evidence/entries/${deposit.json.index}/certificate.pdf?wait=final&timeoutMs=10000`,
    );
    assert.equal(certificate.status, 200, certificate.text);
    if (!(await havePoppler(t))) return;
    const text = await readPdfText(certificate.bytes);
    assert.ok(text.includes('电子数据存证证书'), text);
    assert.ok(text.includes('借款合同'), text);
    assert.equal(await decodePdfQr(certificate.bytes), `${node.url}/verify/evidence/${deposit.json.index}`);
  });
});
