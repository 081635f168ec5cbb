// Issue 22, the registry's state as it is shown: a registration like an earlier one is held for a
// registrar's review, licences show their licensor and their revocation, an entry's details are
// the registry's record of that very entry, no identity number is kept in clear, and NUL or
// undecodable text is refused. Through the API and the CLI of a started local consortium.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { locateLocalNode } from '../src/node/index.ts';
import { openDatabase } from '../src/store/index.ts';
import { runCaptured } from './cli-support.ts';
import { makeMetadata } from './fixtures/works/registry-setup.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

const PHOTOS = new URL('./fixtures/photos/', import.meta.url);
const HOLDER_ID = '110101199003071234';
const LICENSEE_ID = '91110000600037341L';

async function postForm(url: string, key: string, body: FormData | Uint8Array, contentType?: string) {
  const response = await fetch(`${url}/v1/works`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
    },
    body: body instanceof FormData ? body : new Uint8Array(body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

function form(file: Uint8Array, fileName: string, metadata: Record<string, unknown>): FormData {
  const body = new FormData();
  body.set('metadata', JSON.stringify(metadata));
  body.set('file', new Blob([new Uint8Array(file)]), fileName);
  return body;
}

describe('registry state shown truthfully on a local consortium', () => {
  let consortium: TestConsortium;
  let url: string;
  let adminToken: string;
  let registrarKey: string;
  let otherKey: string;
  let dir: string;
  let coffee: Uint8Array;
  let original: { number: string; index: number; time: string };
  let held: string;
  let licenseNumber: string;
  let closed = false;

  const worksLedger = () => consortium.running.sequencers.get('works')!.chain.ledger;
  const worksSize = async () => worksLedger().size;
  /** The types of the entries written since `size`, anchors (written every few seconds) left out. */
  async function typesSince(size: number): Promise<string[]> {
    const ledger = worksLedger();
    const types: string[] = [];
    for (let index = size; index < ledger.size; index++) {
      const { entry } = await ledger.readEntry(index);
      const type = (JSON.parse(new TextDecoder().decode(entry)) as { type: string }).type;
      if (type !== 'anchor') types.push(type);
    }
    return types;
  }
  // Signed with the registrar's service key (as a faulty registry service would write it), so the
  // offline authority check passes and the registry's own lookup is what must refuse it.
  const appendRaw = (fields: { type: string; meta: Record<string, unknown>; unit: string }) => {
    const chain = consortium.running.sequencers.get('works')!.chain;
    return chain.ledger.append(chain.signEntry({ digest: `sha256:${'5a'.repeat(32)}`, ...fields }));
  };
  const waitFinal = (index: number) =>
    consortium.request(`/v1/chains/works/entries/${index}/bundle?wait=final&timeoutMs=20000`);
  const cli = (...argv: string[]) => runCaptured(...argv, '--server', url);

  before(async () => {
    consortium = await startTestConsortium();
    url = consortium.url;
    adminToken = consortium.running.adminToken!;
    const other = await consortium.request('/v1/units', {
      token: adminToken,
      json: { name: 'photo-platform' },
    });
    otherKey = other.json.apiKey;
    const registrar = await consortium.request('/v1/principals', {
      token: adminToken,
      json: { name: 'registrar-wang', organisation: 'copyright-center', roles: ['registrar'] },
    });
    assert.equal(registrar.status, 201, registrar.text);
    registrarKey = registrar.json.apiKey;
    dir = consortium.dataDir;
    coffee = new Uint8Array(await readFile(new URL('coffee.jpg', PHOTOS)));
  });
  after(async () => {
    if (!closed) await consortium.close();
    else rmSync(dir, { recursive: true, force: true });
  });

  it('registers an original through the CLI and gives the ID disclosure to the holder only', async () => {
    const path = join(dir, 'coffee.jpg');
    await writeFile(path, coffee);
    const registered = await runCaptured(
      'register',
      path,
      '--title',
      '咖啡',
      '--type',
      'image',
      '--author',
      '李白',
      '--holder',
      '张若虚',
      '--holder-id',
      HOLDER_ID,
      '--created',
      '2026-01-02',
      '--json',
      '--server',
      url,
      '--key',
      consortium.apiKey,
    );
    assert.equal(registered.status, 0, registered.err.join('\n'));
    const answer = JSON.parse(registered.out.join('\n'));
    assert.equal(answer.registration.status, 'registered');
    assert.ok(String(answer.disclosures.holder).includes(HOLDER_ID));
    original = {
      number: answer.registration.number,
      index: answer.registration.entry.index,
      time: answer.registration.registeredAt,
    };
    assert.equal((await waitFinal(original.index)).status, 200);
  });

  it('holds a near-identical registration for review: no certificate, the verify page says under review', async () => {
    const small = new Uint8Array(await sharp(coffee).resize({ width: 320 }).jpeg({ quality: 50 }).toBuffer());
    const answer = await postForm(
      url,
      otherKey,
      form(
        small,
        'small.jpg',
        makeMetadata({ title: '小咖啡', workType: 'image', rightsHolder: { name: '他人' } }),
      ),
    );
    assert.equal(answer.status, 201, answer.text);
    held = answer.json.registration.number;
    assert.equal(answer.json.registration.status, 'pending-review');
    assert.equal(answer.json.links.certificate, null);
    const read = await consortium.request(`/v1/works/${held}`);
    assert.equal(read.json.registration.status, 'pending-review');
    const similar = read.json.registration.review.similar[0];
    assert.equal(similar.number, original.number);
    assert.equal(similar.title, '咖啡');
    assert.equal(similar.registeredAt, original.time);
    assert.ok(similar.similarity > 0.8);
    await waitFinal(answer.json.registration.entry.index);
    const certificate = await consortium.request(`/v1/works/${held}/certificate.pdf?wait=final`);
    assert.equal(certificate.status, 409, certificate.text);
    assert.equal(certificate.json.code, 'REGISTRATION_UNDER_REVIEW');
    const byEntry = await consortium.request(
      `/v1/chains/works/entries/${answer.json.registration.entry.index}/certificate.html`,
    );
    assert.equal(byEntry.status, 409, byEntry.text);
    assert.equal(byEntry.json.code, 'REGISTRATION_UNDER_REVIEW');
    const page = await consortium.request(`/verify/${held}`);
    assert.ok(!page.text.includes('核验通过'), page.text);
    assert.ok(page.text.includes('审查中'), page.text);
    assert.ok(page.text.includes(`under review, similar to ${original.number}`), page.text);
    assert.ok(page.text.includes(`registered at ${original.time}`), page.text);
    const grant = await consortium.request(`/v1/works/${held}/licenses`, {
      token: otherKey,
      json: licenseTerms(),
    });
    assert.equal(grant.status, 409);
    assert.equal(grant.json.code, 'REGISTRATION_UNDER_REVIEW');
  });

  it('lists held registrations for the registrar only, and approval through the CLI issues the certificate', async () => {
    const asUnit = await consortium.request('/v1/reviews', { token: otherKey });
    assert.equal(asUnit.status, 403);
    const listed = await runCaptured('review', 'list', '--json', '--server', url, '--key', registrarKey);
    assert.equal(listed.status, 0, listed.err.join('\n'));
    assert.deepEqual(
      JSON.parse(listed.out.join('')).reviews.map((r: { number: string }) => r.number),
      [held],
    );
    const size = await worksSize();
    const approved = await runCaptured('review', 'approve', held, '--server', url, '--key', registrarKey);
    assert.equal(approved.status, 0, approved.err.join('\n'));
    assert.match(approved.out[0]!, /approved at .* \(entry \d+\); status registered/);
    assert.deepEqual(await typesSince(size), ['registration-decision']);
    const read = await consortium.request(`/v1/works/${held}`);
    assert.equal(read.json.registration.status, 'registered');
    const decisionIndex: number = read.json.registration.review.decision.entry.index;
    const bundle = await waitFinal(decisionIndex);
    const entry = JSON.parse(bundle.json.entry);
    assert.equal(entry.type, 'registration-decision');
    assert.deepEqual([entry.meta.number, entry.meta.decision], [held, 'approve']);
    const certificate = await consortium.request(`/v1/works/${held}/certificate.pdf?wait=final`);
    assert.equal(certificate.status, 200, certificate.text);
    assert.ok((await consortium.request(`/verify/${held}`)).text.includes('核验通过'));
    const again = await consortium.request(`/v1/works/${held}/decision`, {
      token: registrarKey,
      json: { decision: 'reject', reason: 'x' },
    });
    assert.equal(again.status, 409);
    assert.equal(again.json.code, 'REVIEW_NOT_PENDING');
  });

  it('a held registration through the CLI exits 5; rejected, the verify page and the CLI say so', async () => {
    const path = join(dir, 'coffee-copy.jpg');
    await writeFile(path, await sharp(coffee).resize({ width: 400 }).jpeg({ quality: 60 }).toBuffer());
    const registered = await runCaptured(
      ...['register', path, '--title', '咖啡副本', '--type', 'image', '--author', '某', '--holder', '某人'],
      ...['--created', '2026-01-02', '--server', url, '--key', otherKey],
    );
    assert.equal(registered.status, 5, registered.err.join('\n'));
    assert.match(registered.out[0]!, /HELD FOR REVIEW/);
    const number = /recorded as (SC-\S+)/.exec(registered.out[0]!)![1]!;
    const size = await worksSize();
    const noReason = await consortium.request(`/v1/works/${number}/decision`, {
      token: registrarKey,
      json: { decision: 'reject' },
    });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.json.code, 'DECISION_INVALID');
    const nul = await consortium.request(`/v1/works/${number}/decision`, {
      token: registrarKey,
      json: { decision: 'reject', reason: 'a\u0000b' },
    });
    assert.equal(nul.status, 422);
    assert.equal(nul.json.code, 'TEXT_NUL_REFUSED');
    assert.deepEqual(await typesSince(size), []);
    const rejected = await cli(
      'review',
      'reject',
      number,
      '--reason',
      '与在先作品实质相同',
      '--key',
      registrarKey,
    );
    assert.equal(rejected.status, 0, rejected.err.join('\n'));
    const read = await consortium.request(`/v1/works/${number}`);
    assert.equal(read.json.registration.status, 'rejected');
    assert.equal(read.json.registration.review.decision.reason, '与在先作品实质相同');
    await waitFinal(read.json.registration.review.decision.entry.index);
    const page = await consortium.request(`/verify/${number}`);
    assert.ok(page.text.includes('登记已被驳回'), page.text);
    assert.ok(page.text.includes('was rejected at'), page.text);
    assert.ok(page.text.includes('与在先作品实质相同'), page.text);
    assert.ok(!page.text.includes('核验通过'));
    const certificate = await consortium.request(`/v1/works/${number}/certificate.html`);
    assert.equal(certificate.json.code, 'REGISTRATION_REJECTED');
    const verified = await cli('verify', number, '--trust', consortium.trustPath);
    assert.equal(verified.status, 1);
    assert.match(verified.out[0]!, /REJECTED at .*与在先作品实质相同/);
  });

  it('refuses an exact duplicate with 409 and writes nothing', async () => {
    const size = await worksSize();
    const duplicate = await postForm(
      url,
      otherKey,
      form(coffee, 'c.jpg', makeMetadata({ workType: 'image' })),
    );
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.json.code, 'WORK_ALREADY_REGISTERED');
    assert.deepEqual(await typesSince(size), []);
  });

  it('names the rights holder as licensor and verifies a licence by its number through the CLI', async () => {
    const granted = await consortium.request(`/v1/works/${original.number}/licenses`, {
      token: consortium.apiKey,
      json: licenseTerms(),
    });
    assert.equal(granted.status, 201, granted.text);
    licenseNumber = granted.json.license.number;
    assert.deepEqual(granted.json.license.licensor, { name: '张若虚' });
    assert.equal(granted.json.license.grantedBy, 'court-clerk');
    assert.equal(granted.json.license.status, 'granted');
    assert.ok(String(granted.json.disclosures.licensee).includes(LICENSEE_ID));
    await waitFinal(granted.json.receipt.index);
    const verified = await cli('verify', licenseNumber, '--trust', consortium.trustPath);
    assert.equal(verified.status, 0, [...verified.out, ...verified.err].join('\n'));
    assert.equal(verified.out[0], `${licenseNumber}: VERIFIED`);
    assert.ok(verified.out.some((line) => line.includes('licensor 张若虚')));
  });

  it("refuses another unit's revocation and a NUL reason with no entry; a raw revocation entry changes nothing", async () => {
    const size = await worksSize();
    const foreign = await consortium.request(`/v1/licenses/${licenseNumber}/revocation`, {
      token: otherKey,
      json: { reason: '我方撤销' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.code, 'NOT_REGISTRANT');
    const nul = await consortium.request(`/v1/licenses/${licenseNumber}/revocation`, {
      token: consortium.apiKey,
      json: { reason: 'bad\u0000reason' },
    });
    assert.equal(nul.status, 422, nul.text);
    assert.equal(nul.json.code, 'TEXT_NUL_REFUSED');
    assert.deepEqual(await typesSince(size), []);
    // A unit writing a `license-revocation` entry itself (what the raw entries API allowed).
    const raw = await appendRaw({
      type: 'license-revocation',
      unit: 'photo-platform',
      meta: { license: licenseNumber, work: original.number },
    });
    await waitFinal(raw.leafIndex);
    const license = await consortium.request(`/v1/licenses/${licenseNumber}`);
    assert.equal(license.json.license.status, 'granted');
    const certificate = await consortium.request(
      `/v1/chains/works/entries/${raw.leafIndex}/certificate.html`,
    );
    assert.equal(certificate.status, 409, certificate.text);
    assert.equal(certificate.json.code, 'ENTRY_NOT_REGISTRATION');
  });

  it('shows a revocation with its time and entry in the API, and the CLI reports the licence revoked', async () => {
    const revoked = await consortium.request(`/v1/licenses/${licenseNumber}/revocation`, {
      token: consortium.apiKey,
      json: { reason: '合同到期' },
    });
    assert.equal(revoked.status, 200, revoked.text);
    const listed = await consortium.request(`/v1/works/${original.number}/licenses`);
    const [license] = listed.json.licenses;
    assert.equal(license.status, 'revoked');
    assert.equal(license.revocation.entry.index, revoked.json.receipt.index);
    assert.equal(license.revocation.revokedAt, revoked.json.receipt.time);
    assert.deepEqual(license.revocation.revokedBy, { name: 'court-clerk', capacity: 'licensor' });
    await waitFinal(revoked.json.receipt.index);
    const verified = await cli('verify', licenseNumber, '--trust', consortium.trustPath);
    assert.equal(verified.status, 1);
    assert.equal(verified.out[0], `${licenseNumber}: REVOKED`);
    assert.ok(
      verified.out.includes(
        `  this licence was revoked at ${revoked.json.receipt.time} (entry ${revoked.json.receipt.index})`,
      ),
      verified.out.join('\n'),
    );
  });

  it("refuses a creator's revocation of another's licence; a registrar of the copyright centre revokes it, and every view says by whom and why", async () => {
    const granted = await consortium.request(`/v1/works/${original.number}/licenses`, {
      token: consortium.apiKey,
      json: licenseTerms(),
    });
    assert.equal(granted.status, 201, granted.text);
    const number = granted.json.license.number as string;
    await waitFinal(granted.json.receipt.index);
    const principal = async (name: string, organisation: string, roles: string[]) => {
      const made = await consortium.request('/v1/principals', {
        token: adminToken,
        json: { name, organisation, roles },
      });
      assert.equal(made.status, 201, made.text);
      return made.json.apiKey as string;
    };
    const size = await worksSize();
    for (const key of [
      await principal('creator-li', 'copyright-center', ['creator']),
      await principal('registrar-of-notary', 'notary', ['registrar']),
    ]) {
      const refused = await consortium.request(`/v1/licenses/${number}/revocation`, {
        token: key,
        json: { reason: '我方撤销' },
      });
      assert.equal(refused.status, 403, refused.text);
      assert.equal(refused.json.code, 'NOT_REGISTRANT');
    }
    assert.deepEqual(await typesSince(size), []);
    assert.equal((await consortium.request(`/v1/licenses/${number}`)).json.license.status, 'granted');

    const revoked = await consortium.request(`/v1/licenses/${number}/revocation`, {
      token: registrarKey,
      json: { reason: '被许可方资质被吊销' },
    });
    assert.equal(revoked.status, 200, revoked.text);
    assert.deepEqual(revoked.json.license.revocation.revokedBy, {
      name: 'registrar-wang',
      capacity: 'registrar',
    });
    const { entry } = await worksLedger().readEntry(revoked.json.receipt.index);
    const written = JSON.parse(new TextDecoder().decode(entry));
    assert.equal(written.type, 'license-revocation');
    assert.equal(written.unit, 'registrar-wang');
    assert.equal(written.meta.revokedAs, 'registrar');
    assert.ok(written.sig, 'signed with the registrar service key');
    await waitFinal(revoked.json.receipt.index);

    const certificate = await consortium.request(`/v1/licenses/${number}/certificate.html`);
    assert.equal(certificate.status, 200, certificate.text);
    assert.ok(certificate.text.includes('registrar-wang（登记机构 registrar）'), certificate.text);
    assert.ok(certificate.text.includes('被许可方资质被吊销'));
    assert.ok(!certificate.text.includes('核验通过'));
    const page = await consortium.request(`/verify/${number}`);
    assert.ok(page.text.includes('授权已撤销'), page.text);
    assert.ok(page.text.includes('registrar-wang（登记机构 registrar）'), page.text);
    assert.ok(page.text.includes('被许可方资质被吊销'), page.text);
    const verified = await cli('verify', number, '--trust', consortium.trustPath);
    assert.equal(verified.status, 1);
    assert.equal(verified.out[0], `${number}: REVOKED`);
    assert.ok(
      verified.out.includes('  revoked by registrar-wang (registrar): 被许可方资质被吊销'),
      verified.out.join('\n'),
    );
    assert.ok(
      verified.out.some((line) => /ok\s+revocation authority/.test(line)),
      verified.out.join('\n'),
    );
  });

  it("never shows a registration's details for a raw entry that reuses its number", async () => {
    const raw = await appendRaw({ type: 'work', unit: 'photo-platform', meta: { number: original.number } });
    await waitFinal(raw.leafIndex);
    const certificate = await consortium.request(
      `/v1/chains/works/entries/${raw.leafIndex}/certificate.html`,
    );
    assert.equal(certificate.status, 409, certificate.text);
    assert.equal(certificate.json.code, 'ENTRY_NOT_REGISTRATION');
    assert.ok(!certificate.text.includes('张若虚'));
    const page = await consortium.request(`/verify/works/${raw.leafIndex}`);
    assert.ok(page.text.includes('Not a registration of the registry'), page.text);
    assert.ok(!page.text.includes('张若虚'));
    assert.ok((await consortium.request(`/verify/works/${original.index}`)).text.includes('核验通过'));
  });

  it('answers NUL and undecodable bytes with 422 (the API text guard, or the registry check for multipart parts) and writes nothing', async () => {
    const size = await worksSize();
    const holder = await consortium.request('/v1/works?holder=%00');
    assert.equal(holder.status, 422, holder.text);
    assert.equal(holder.json.code, 'TEXT_NUL_REFUSED');
    const nulTitle = await postForm(
      url,
      consortium.apiKey,
      form(new TextEncoder().encode('正文一段'), 'a.txt', makeMetadata({ title: 'a\u0000b' })),
    );
    assert.equal(nulTitle.status, 422, nulTitle.text);
    assert.equal(nulTitle.json.code, 'TEXT_INVALID');
    const nulLicensee = await consortium.request(`/v1/works/${original.number}/licenses`, {
      token: consortium.apiKey,
      json: { ...licenseTerms(), licensee: { name: '某\u0000社' } },
    });
    assert.equal(nulLicensee.status, 422, nulLicensee.text);
    assert.equal(nulLicensee.json.code, 'TEXT_NUL_REFUSED');
    const boundary = 'sealchain-test-boundary';
    const metadata = new TextEncoder().encode(JSON.stringify(makeMetadata({ title: 'TITLE' })));
    const at = Buffer.from(metadata).indexOf('TITLE');
    const badMetadata = new Uint8Array([
      ...metadata.subarray(0, at),
      0xff,
      0xfe,
      ...metadata.subarray(at + 5),
    ]);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n`),
      badMetadata,
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.txt"\r\nContent-Type: text/plain\r\n\r\n另一段正文，用来登记。\r\n--${boundary}--\r\n`,
      ),
    ]);
    const undecodable = await postForm(
      url,
      consortium.apiKey,
      new Uint8Array(body),
      `multipart/form-data; boundary=${boundary}`,
    );
    assert.equal(undecodable.status, 422, undecodable.text);
    assert.equal(undecodable.json.code, 'TEXT_INVALID');
    assert.deepEqual(await typesSince(size), []);
    assert.deepEqual(
      consortium.loggedErrors.filter((line) => !line.includes('anchoring')),
      [],
    );
  });

  it('keeps no identity number in clear in the works database', async () => {
    await consortium.running.close();
    closed = true;
    const client = await openDatabase({ pgliteDir: join(locateLocalNode(dir, 'works').dataDir, 'pglite') });
    try {
      const works = await client.query<{ text: string }>('SELECT record::text AS text FROM registry_works');
      const licenses = await client.query<{ text: string }>(
        'SELECT record::text AS text FROM registry_licenses',
      );
      assert.ok(works.length >= 3 && licenses.length === 2);
      for (const row of [...works, ...licenses]) {
        assert.ok(!row.text.includes(HOLDER_ID), row.text);
        assert.ok(!row.text.includes(LICENSEE_ID), row.text);
      }
    } finally {
      await client.close();
    }
  });
});

function licenseTerms() {
  return {
    licensee: { name: '某出版社', idNumber: LICENSEE_ID },
    scope: ['reproduce'],
    territory: ['CN'],
    term: { start: '2026-03-01' },
    exclusivity: 'non-exclusive',
  };
}
