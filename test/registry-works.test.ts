import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import {
  formatRegistrationNumber,
  openDisclosure,
  RegistryError,
  ReviewRegistry,
} from '../src/registry/index.ts';
import { buildPngBomb } from './fixtures/media/png-bomb.ts';
import { makeScratchDir } from './fixtures/media/media-tools.ts';
import { makeMetadata, openTestRegistry, type TestRegistry } from './fixtures/works/registry-setup.ts';

const PHOTOS = new URL('./fixtures/photos/', import.meta.url);
const TEXTS = new URL('./fixtures/texts/', import.meta.url);

function isRegistryError(code: string) {
  return (error: unknown) => error instanceof RegistryError && error.code === code;
}

describe('WorkRegistry', () => {
  let registry: TestRegistry;
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  const file = (name: string) => join(scratch.dir, name);

  before(async () => {
    registry = await openTestRegistry();
    scratch = await makeScratchDir('registry');
    await copyFile(new URL('coffee.jpg', PHOTOS), file('coffee.jpg'));
    await sharp(file('coffee.jpg'))
      .resize({ width: 300 })
      .jpeg({ quality: 55 })
      .toFile(file('coffee-small.jpg'));
    await copyFile(new URL('rocket.jpg', PHOTOS), file('rocket.jpg'));
    for (const name of [
      'zh-01-original',
      'zh-01-synonyms',
      'zh-unrelated-01',
      'en-02-original',
      'en-02-reordered',
    ]) {
      await copyFile(new URL(`${name}.txt`, TEXTS), file(`${name}.txt`));
    }
  });
  after(async () => {
    await registry.close();
    await scratch.remove();
  });

  const register = (name: string, metadata: Record<string, unknown> = {}, unit = 'copyright-center') =>
    registry.works.register({ unit, filePath: file(name), fileName: name, metadata: makeMetadata(metadata) });

  it('registers a text: a checked number, a work entry without personal data in clear, and the file kept', async () => {
    const { work, receipt, disclosures } = await register('zh-01-original.txt', { title: '档案数字化手记' });
    assert.match(work.number, /^SC-\d{4}-W-\d{8}-[0-9A-Z]$/);
    assert.equal(work.entry?.index, receipt.leafIndex);
    assert.equal(work.similar.length, 0);
    const stored = await registry.chain.ledger.readEntry(receipt.leafIndex);
    const entryText = new TextDecoder().decode(stored.entry);
    const entry = JSON.parse(entryText) as { type: string; digest: string; meta: Record<string, unknown> };
    assert.equal(entry.type, 'work');
    assert.equal(entry.digest, `sha256:${work.fingerprint.sha256}`);
    assert.equal(entry.meta['number'], work.number);
    assert.match(String((entry.meta['codes'] as Record<string, string>)['content']), /^ISCC:/);
    for (const secret of ['张若虚', '110101199001011234', '档案数字化手记'])
      assert.ok(!entryText.includes(secret), secret);
    const commitments = entry.meta['commitments'] as Record<string, string>;
    const holder = openDisclosure(disclosures['holder']!, commitments['holder']!, 'holder');
    assert.deepEqual(holder, { ok: true, value: { name: '张若虚', idNumber: '110101199001011234' } });
    assert.equal(openDisclosure(disclosures['holder']!, commitments['authors']!, 'holder').ok, false);
    // The registry keeps no identity number: the holder's disclosure is the registrant's only copy.
    const kept = await registry.works.readWork(work.number);
    assert.ok(!JSON.stringify(kept).includes('110101199001011234'));
    assert.equal(kept.review, null);
    assert.ok(work.fingerprint.textSignature !== undefined);
    assert.deepEqual(await registry.blobs.statBlob(work.fingerprint.sha256), {
      sizeBytes: work.fingerprint.sizeBytes,
    });
    assert.equal((await registry.works.readWork(work.number.toLowerCase())).number, work.number);
  });

  it('flags a rewritten article with the earlier registration and its similarity, but not an unrelated text', async () => {
    const original = await registry.works.readWork(
      (await registry.works.listWorks({ text: '档案' }))[0]!.number,
    );
    const { work: rewrite } = await register('zh-01-synonyms.txt', {
      title: '档案数字化随笔',
      rightsHolder: { name: '李四' },
    });
    assert.equal(rewrite.similar.length, 1);
    assert.equal(rewrite.review, 'pending-review');
    assert.equal(rewrite.similar[0]!.number, original.number);
    assert.equal(rewrite.similar[0]!.basis, 'text');
    assert.equal(rewrite.similar[0]!.time, original.entry!.time);
    assert.ok(rewrite.similar[0]!.similarity >= 0.18);
    const entry = JSON.parse(
      new TextDecoder().decode((await registry.chain.ledger.readEntry(rewrite.entry!.index)).entry),
    );
    assert.equal(entry.meta.similar[0].number, original.number);
    const { work: unrelated } = await register('zh-unrelated-01.txt', {
      title: '骑行',
      rightsHolder: { name: '王五' },
    });
    assert.deepEqual(unrelated.similar, []);
  });

  it('flags reordered English prose', async () => {
    const { work: first } = await register('en-02-original.txt', { title: 'Bicycles' });
    const { work: second } = await register('en-02-reordered.txt', {
      title: 'Bicycles again',
      rightsHolder: { name: 'Ann' },
    });
    assert.deepEqual(
      second.similar.map((s) => s.number),
      [first.number],
    );
  });

  it('refuses the same image from another holder with the earlier registration, and registers nothing', async () => {
    const { work } = await register('coffee.jpg', { title: '咖啡', workType: 'image' });
    assert.ok(work.fingerprint.pdq !== undefined);
    const size = registry.chain.ledger.size;
    const blobs = await registry.listBlobs();
    await copyFile(file('coffee.jpg'), file('copy-of-coffee.jpg'));
    await assert.rejects(
      register('copy-of-coffee.jpg', { title: 'Coffee', workType: 'image', rightsHolder: { name: '赵六' } }),
      (error) =>
        isRegistryError('WORK_ALREADY_REGISTERED')(error) &&
        (error as RegistryError).details['number'] === work.number &&
        (error as RegistryError).details['time'] === work.entry!.time &&
        (error as RegistryError).details['holder'] === '张若虚' &&
        (error as RegistryError).details['sameHolder'] === false,
    );
    assert.equal(registry.chain.ledger.size, size);
    assert.deepEqual(await registry.listBlobs(), blobs);
    assert.equal((await registry.works.listWorks({ text: 'Coffee' })).length, 0);
  });

  it('flags a resized, recompressed copy of a registered image', async () => {
    const original = (await registry.works.listWorks({ text: '咖啡' }))[0]!;
    const { work } = await register('coffee-small.jpg', {
      title: '小咖啡',
      workType: 'image',
      rightsHolder: { name: '赵六' },
    });
    assert.equal(work.similar[0]?.number, original.number);
    assert.ok(work.similar[0]!.similarity > 0.85, JSON.stringify(work.similar));
    const { work: other } = await register('rocket.jpg', { title: '火箭', workType: 'image' });
    assert.deepEqual(other.similar, []);
  });

  it('finds similar works for an uploaded file without registering it', async () => {
    const size = registry.chain.ledger.size;
    const found = await registry.works.searchSimilar(file('coffee.jpg'));
    assert.equal(found.identical?.metadata.title, '咖啡');
    assert.deepEqual(
      found.similar.map((s) => s.title),
      ['小咖啡'],
    );
    assert.equal(registry.chain.ledger.size, size);
  });

  it('lists works by rights holder and title, newest first', async () => {
    const byHolder = await registry.works.listWorks({ holder: '  张若虚 ' });
    assert.deepEqual(
      byHolder.map((w) => w.metadata.title),
      ['火箭', '咖啡', 'Bicycles', '档案数字化手记'],
    );
    assert.deepEqual(
      (await registry.works.listWorks({ text: 'bicycles' })).map((w) => w.metadata.title),
      ['Bicycles again', 'Bicycles'],
    );
    assert.deepEqual(await registry.works.listWorks({ text: '%' }), []);
  });

  it('says WORK_NOT_FOUND for an unknown number and REGISTRATION_NUMBER_INVALID for a mistyped one', async () => {
    await assert.rejects(
      registry.works.readWork('SC-2026-W-09999999-8'),
      (error) =>
        isRegistryError('WORK_NOT_FOUND')(error) || isRegistryError('REGISTRATION_NUMBER_INVALID')(error),
    );
    const [work] = await registry.works.listWorks({ limit: 1 });
    const mistyped = work!.number.slice(0, -1) + (work!.number.endsWith('0') ? '1' : '0');
    await assert.rejects(registry.works.readWork(mistyped), isRegistryError('REGISTRATION_NUMBER_INVALID'));
  });

  it('rebuilds its indexes at start, so a copy registered after a restart is still flagged', async () => {
    const { works } = await registry.reopen();
    assert.deepEqual(works.indexSizes, registry.works.indexSizes);
    await sharp(file('rocket.jpg'))
      .resize({ width: 200 })
      .jpeg({ quality: 50 })
      .toFile(file('rocket-small.jpg'));
    const { work } = await works.register({
      unit: 'copyright-center',
      filePath: file('rocket-small.jpg'),
      fileName: 'rocket-small.jpg',
      metadata: makeMetadata({ title: '小火箭', workType: 'image', rightsHolder: { name: '钱七' } }),
    });
    assert.equal(work.similar[0]?.title, '火箭');
  });

  it('writes at start, once, a decision whose entry was never recorded', async () => {
    const [held] = await registry.works.listWorks({ text: '小火箭' });
    assert.equal(held?.review, 'pending-review');
    await registry.storage.beginDecision(held.number, {
      decision: 'approve',
      reason: '',
      registrar: 'registrar',
      entryRequest: {
        type: 'registration-decision',
        digest: held.entryRequest.digest,
        meta: { number: held.number, workEntry: held.entry!.index, decision: 'approve' },
      },
    });
    const size = registry.chain.ledger.size;
    const config = { storage: registry.storage, chain: registry.chain.ledger, works: registry.works };
    const reviews = await ReviewRegistry.open(config);
    const decided = await registry.works.readWork(held.number);
    assert.equal(decided.review, 'approved');
    assert.equal(decided.decision?.entry?.index, size);
    await ReviewRegistry.open(config);
    assert.equal(registry.chain.ledger.size, size + 1, 'a second start appends nothing more');
    await assert.rejects(
      reviews.decide(held.number, { decision: 'reject', reason: 'late' }, 'registrar'),
      isRegistryError('REVIEW_NOT_PENDING'),
    );
  });

  it('finishes at start a registration whose entry was never recorded', async () => {
    const [template] = await registry.works.listWorks({ text: '骑行' });
    const pending = formatRegistrationNumber(2026, 'W', 9_000_000);
    await registry.storage.insertWork({
      ...template!,
      number: pending,
      fingerprint: { ...template!.fingerprint, sha256: 'ab'.repeat(32) },
      entryRequest: { ...template!.entryRequest, meta: { ...template!.entryRequest.meta, number: pending } },
    });
    const size = registry.chain.ledger.size;
    const { works } = await registry.reopen();
    const resumed = await works.readWork(pending);
    assert.equal(resumed.entry?.index, size);
    assert.equal(registry.chain.ledger.size, size + 1);
    await registry.reopen();
    assert.equal(registry.chain.ledger.size, size + 1, 'a second start appends nothing more');
  });

  describe('hostile files', () => {
    async function assertNothingLeft(attempt: () => Promise<unknown>, code: string): Promise<RegistryError> {
      const size = registry.chain.ledger.size;
      const blobs = await registry.listBlobs();
      const works = (await registry.works.listWorks({ limit: 100 })).length;
      let caught: unknown;
      await attempt().catch((error: unknown) => (caught = error));
      assert.ok(isRegistryError(code)(caught), `expected ${code}, got ${String(caught)}`);
      assert.equal(registry.chain.ledger.size, size);
      assert.deepEqual(await registry.listBlobs(), blobs);
      assert.equal((await registry.works.listWorks({ limit: 100 })).length, works);
      assert.deepEqual((await registry.storage.listIncomplete()).works, []);
      return caught as RegistryError;
    }

    it('refuses a text declared as an image, naming both types', async () => {
      const error = await assertNothingLeft(
        () => register('zh-01-original.txt', { workType: 'image', title: 'x' }),
        'WORK_TYPE_MISMATCH',
      );
      assert.equal(error.details['declaredType'], 'image');
      assert.equal(error.details['detectedType'], 'text');
    });

    it('refuses a truncated JPEG', async () => {
      const bytes = await readFile(file('rocket.jpg'));
      await writeFile(file('truncated.jpg'), bytes.subarray(0, 2000));
      await assertNothingLeft(() => register('truncated.jpg', { workType: 'image' }), 'WORK_FILE_UNREADABLE');
    });

    it('refuses a decompression bomb before decoding it', async () => {
      await writeFile(file('bomb.png'), await buildPngBomb(20_000, 20_000));
      await assertNothingLeft(() => register('bomb.png', { workType: 'image' }), 'WORK_FILE_TOO_COMPLEX');
    });

    it('refuses an empty file and a file name with a path', async () => {
      await writeFile(file('empty.txt'), '');
      await assertNothingLeft(() => register('empty.txt'), 'WORK_FILE_UNREADABLE');
      await assertNothingLeft(
        () =>
          registry.works.register({
            unit: 'copyright-center',
            filePath: file('zh-unrelated-01.txt'),
            fileName: '../../etc/passwd',
            metadata: makeMetadata(),
          }),
        'WORK_FILE_NAME_INVALID',
      );
    });

    it('refuses metadata with a missing title or a creation date in the future, listing the fields', async () => {
      const error = await assertNothingLeft(
        () => register('rocket.jpg', { workType: 'image', title: '', creationDate: '2999-01-01' }),
        'WORK_METADATA_INVALID',
      );
      assert.equal((error.details['issues'] as { field: string }[])[0]!.field, 'title');
    });
  });

  describe('licences', () => {
    let workNumber: string;
    before(async () => {
      workNumber = (await registry.works.listWorks({ text: '火箭' })).at(-1)!.number;
    });
    const terms = {
      licensee: { name: '某视频平台有限公司', idNumber: '91110000MA0000000X' },
      scope: ['reproduce', 'network-dissemination'],
      territory: ['CN'],
      term: { start: '2026-02-01', end: '2027-01-31' },
      exclusivity: 'non-exclusive',
      domains: ['Video.Example.com'],
      appIds: ['com.example.video'],
    };

    it('grants a licence as a license entry naming the work, the domains and the apps', async () => {
      const { license, receipt } = await registry.licenses.grant('copyright-center', workNumber, terms);
      assert.match(license.number, /^SC-\d{4}-L-\d{8}-[0-9A-Z]$/);
      const entryText = new TextDecoder().decode(
        (await registry.chain.ledger.readEntry(receipt.leafIndex)).entry,
      );
      const entry = JSON.parse(entryText);
      assert.equal(entry.type, 'license');
      assert.equal(entry.meta.work, workNumber);
      assert.deepEqual(entry.meta.domains, ['video.example.com']);
      assert.deepEqual(entry.meta.appIds, ['com.example.video']);
      assert.ok(!entryText.includes('某视频平台'));
      assert.deepEqual(
        (await registry.licenses.listLicenses(workNumber)).map((l) => l.number),
        [license.number],
      );
    });

    it('lets only the registering unit grant or revoke', async () => {
      await assert.rejects(
        registry.licenses.grant('another-unit', workNumber, terms),
        isRegistryError('NOT_REGISTRANT'),
      );
      const [license] = await registry.licenses.listLicenses(workNumber);
      await assert.rejects(
        registry.licenses.revoke({ name: 'another-unit', forAnyone: false }, license!.number, 'no'),
        isRegistryError('NOT_REGISTRANT'),
      );
    });

    it('refuses malformed terms, listing the fields', async () => {
      await assert.rejects(
        registry.licenses.grant('copyright-center', workNumber, {
          ...terms,
          scope: ['sell'],
          domains: ['not a host'],
        }),
        (error) =>
          isRegistryError('LICENSE_INVALID')(error) &&
          ((error as RegistryError).details['issues'] as unknown[]).length === 2,
      );
      await assert.rejects(
        registry.licenses.grant('copyright-center', workNumber, {
          ...terms,
          term: { start: '2026-02-01', end: '2025-01-01' },
        }),
        isRegistryError('LICENSE_INVALID'),
      );
    });

    it('revokes once with a license-revocation entry, and refuses a second revocation', async () => {
      const [license] = await registry.licenses.listLicenses(workNumber);
      const { license: revoked, receipt } = await registry.licenses.revoke(
        { name: 'copyright-center', forAnyone: false },
        license!.number,
        '合同解除',
      );
      assert.deepEqual(revoked.revocation?.revokedBy, { name: 'copyright-center', capacity: 'licensor' });
      assert.equal(revoked.revocation?.entry?.index, receipt.leafIndex);
      const entry = JSON.parse(
        new TextDecoder().decode((await registry.chain.ledger.readEntry(receipt.leafIndex)).entry),
      );
      assert.equal(entry.type, 'license-revocation');
      assert.equal(entry.meta.license, license!.number);
      assert.equal(entry.meta.revokedAs, 'licensor');
      assert.equal(entry.unit, 'copyright-center');
      assert.equal(entry.digest, license!.entryRequest.digest);
      await assert.rejects(
        registry.licenses.revoke({ name: 'copyright-center', forAnyone: true }, license!.number, 'again'),
        (error) =>
          isRegistryError('LICENSE_ALREADY_REVOKED')(error) &&
          (error as RegistryError).details['revokedAt'] === receipt.time,
      );
    });

    it("lets a registrar revoke another unit's licence, recording the registrar and its capacity", async () => {
      const { license } = await registry.licenses.grant('copyright-center', workNumber, terms);
      await assert.rejects(
        registry.licenses.revoke({ name: 'registrar-wang', forAnyone: false }, license.number, '越权'),
        isRegistryError('NOT_REGISTRANT'),
      );
      assert.equal((await registry.licenses.readLicense(license.number)).revocation, null);
      const { license: revoked, receipt } = await registry.licenses.revoke(
        { name: 'registrar-wang', forAnyone: true },
        license.number,
        '登记机构依法撤销',
      );
      assert.deepEqual(revoked.revocation?.revokedBy, { name: 'registrar-wang', capacity: 'registrar' });
      assert.equal(revoked.revocation?.reason, '登记机构依法撤销');
      const entry = JSON.parse(
        new TextDecoder().decode((await registry.chain.ledger.readEntry(receipt.leafIndex)).entry),
      );
      assert.equal(entry.unit, 'registrar-wang');
      assert.equal(entry.meta.revokedAs, 'registrar');
      assert.equal(
        (await registry.licenses.readLicenseStatus(license.number)).revocation?.revokedBy.name,
        'registrar-wang',
      );
    });
  });
});
