import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { formatRegistrationNumber } from '../src/registry/index.ts';
import { makeMetadata } from './fixtures/works/registry-setup.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';
import { createUser, loginAs, type Login } from './user-support.ts';

// GET /v1/works/{number}/file on the local consortium: a work's file for its registrant and for a
// registrar of the copyright centre, refused to another creator and to anonymous callers; sent
// with a type from the safe list (text as text/plain, unknown binaries as a download) and headers
// that keep a browser from running it; hostile numbers answer typed 400/404 (422 for a NUL).

const PASSWORD = 'work file password 2026';
const HTML_TEXT =
  '<html><body><script>document.title = "ran"</script><p>一段足够长的中文文字，用于登记文字作品。</p>'.repeat(
    20,
  );

describe('a work’s own file', () => {
  let consortium: TestConsortium;
  let owner: Login;
  let other: Login;
  let registrar: Login;
  let photoNumber: string;
  let textNumber: string;
  let binaryNumber: string;
  let photo: Buffer;
  const binary = randomBytes(4096);

  async function register(file: Uint8Array, fileName: string, workType: string): Promise<string> {
    const body = new FormData();
    body.set('metadata', JSON.stringify(makeMetadata({ title: fileName, workType })));
    body.set('file', new Blob([new Uint8Array(file)]), fileName);
    const response = await fetch(`${consortium.url}/v1/works?wait=none`, {
      method: 'POST',
      headers: owner.headers,
      body,
    });
    const json = await response.json();
    assert.equal(response.status, 201, JSON.stringify(json));
    return json.registration.number;
  }

  const read = (number: string, login?: Login) =>
    fetch(`${consortium.url}/v1/works/${number}/file`, {
      headers: login === undefined ? {} : { cookie: login.cookie },
    });

  before(async () => {
    consortium = await startTestConsortium();
    const adminToken = consortium.running.adminToken!;
    for (const [name, roles, organisation] of [
      ['creator-owner', ['creator'], null],
      ['creator-other', ['creator'], null],
      ['registrar-files', ['registrar'], 'copyright-center'],
    ] as const) {
      await createUser(consortium.url, adminToken, { name, password: PASSWORD, roles, organisation });
    }
    owner = await loginAs(consortium.url, 'creator-owner', PASSWORD);
    other = await loginAs(consortium.url, 'creator-other', PASSWORD);
    registrar = await loginAs(consortium.url, 'registrar-files', PASSWORD);
    photo = await readFile(new URL('./fixtures/photos/rocket.jpg', import.meta.url));
    photoNumber = await register(photo, '火箭 rocket.jpg', 'image');
    textNumber = await register(new TextEncoder().encode(HTML_TEXT), 'page.html', 'text');
    binaryNumber = await register(binary, 'tool.bin', 'other');
  });
  after(() => consortium?.close());

  it('sends the registrant its photograph inline as image/jpeg with headers that keep it inert', async () => {
    const answer = await read(photoNumber, owner);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'image/jpeg');
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(answer.headers.get('content-security-policy'), 'sandbox');
    assert.equal(
      answer.headers.get('content-disposition'),
      `inline; filename="___rocket.jpg"; filename*=UTF-8''${encodeURIComponent('火箭 rocket.jpg')}`,
    );
    assert.deepEqual(Buffer.from(await answer.arrayBuffer()), photo);
  });

  it('sends a registrar of the copyright centre any work’s file', async () => {
    const answer = await read(photoNumber, registrar);
    assert.equal(answer.status, 200);
    assert.deepEqual(Buffer.from(await answer.arrayBuffer()), photo);
  });

  it('refuses another creator (403 NOT_REGISTRANT) and an anonymous caller (401)', async () => {
    const refused = await read(photoNumber, other);
    assert.equal(refused.status, 403);
    const problem = await refused.json();
    assert.equal(problem.code, 'NOT_REGISTRANT');
    assert.doesNotMatch(refused.headers.get('content-type') ?? '', /image/);
    const anonymous = await read(photoNumber);
    assert.equal(anonymous.status, 401);
  });

  it('sends HTML text as text/plain and an unknown binary as an octet-stream download', async () => {
    const text = await read(textNumber, owner);
    assert.equal(text.status, 200);
    assert.equal(text.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(text.headers.get('content-disposition') ?? '', /^inline; filename="page.html"/);
    assert.equal(await text.text(), HTML_TEXT);
    const download = await read(binaryNumber, registrar);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/octet-stream');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="tool.bin"/);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), binary);
  });

  it('answers hostile numbers with typed 400, 404 and 422 problems', async () => {
    const cases: [string, number, string][] = [
      [encodeURIComponent('../../etc/passwd'), 400, 'REGISTRATION_NUMBER_INVALID'],
      ['x'.repeat(65), 400, 'REQUEST_INVALID'],
      [encodeURIComponent('SC-2026-W-00001234-7\u0000'), 422, 'TEXT_NUL_REFUSED'],
      [formatRegistrationNumber(2026, 'W', 99_999_999), 404, 'WORK_NOT_FOUND'],
      [formatRegistrationNumber(2026, 'L', 1), 404, 'WORK_NOT_FOUND'],
    ];
    for (const [number, status, code] of cases) {
      const answer = await read(number, owner);
      const body = await answer.json();
      assert.equal(answer.status, status, `${number}: ${JSON.stringify(body)}`);
      assert.equal(body.code, code, number);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    }
  });
});
