import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseTrustFile } from '../../src/verify/index.ts';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import {
  checkPage,
  findBrowserSkipReason,
  launchBrowser,
  openContext,
  PHONE_VIEWPORT,
  type PortalLanguage,
} from './browser-support.ts';
import { watchPageErrors } from './browser-support.ts';
import { createPublicRecords, makeForgedWorkBundle, type PublicRecords } from './public-support.ts';

// The public pages as anyone meets them, without logging in: the search box leading each kind of
// number to its page, the record pages, and the verify page checking bundles in the browser —
// passing a good one and naming the failing check of a tampered bundle, a wrong file, a revoked
// licence and a forged registration.

const skip = findBrowserSkipReason();

interface Dropped {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const json = (name: string, text: string): Dropped => ({
  name,
  mimeType: 'application/vnd.sealchain.bundle+json',
  buffer: Buffer.from(text),
});

describe('the public pages', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;
  let records: PublicRecords;
  let evidenceIndex: number;
  let evidenceBundle: string;
  let evidenceDigest: string;
  const bundles: Record<string, string> = {};

  async function readFinalBundle(chain: string, index: number): Promise<string> {
    const answer = await consortium.request(
      `/v1/chains/${chain}/entries/${index}/bundle?wait=final&timeoutMs=20000`,
    );
    assert.equal(answer.status, 200, answer.text);
    return answer.text;
  }

  before(async () => {
    consortium = await startTestConsortium();
    browser = await launchBrowser();
    const deposited = await consortium.depositFinal('evidence');
    evidenceIndex = deposited.index;
    evidenceBundle = deposited.bundle.text;
    evidenceDigest = JSON.parse(JSON.parse(evidenceBundle).entry).digest;
    records = await createPublicRecords(consortium);
    const work = (await consortium.request(`/v1/works/${records.workNumber}`)).json.registration;
    const license = (await consortium.request(`/v1/licenses/${records.licenseNumber}`)).json.license;
    bundles['work'] = await readFinalBundle('works', work.entry.index);
    bundles['license'] = await readFinalBundle('works', license.entry.index);
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  async function openPage(language: PortalLanguage, phone = false) {
    const context = await openContext(browser, consortium.url, {
      language,
      ...(phone ? { viewport: PHONE_VIEWPORT } : {}),
    });
    const page = await context.newPage();
    return { context, page, errors: watchPageErrors(page) };
  }

  async function search(page: Page, text: string) {
    await page.goto('/');
    const box = page.getByRole('searchbox').or(page.locator('input.ant-input')).first();
    await box.fill(text);
    await box.press('Enter');
  }

  async function assertFitsPhone(page: Page) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  }

  async function verifyFiles(page: Page, files: Dropped[], consortiumFile?: Dropped) {
    await page.goto('/verify');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByTestId('consortium-source').filter({ hasText: '/v1/consortium' }).waitFor();
    if (consortiumFile !== undefined) {
      await page.locator('input[type=file]').nth(1).setInputFiles(consortiumFile);
    }
    await page.locator('input[type=file]').first().setInputFiles(files);
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor();
    const checks = await page.locator('[data-check-id]').evaluateAll((items) =>
      items.map((item) => ({
        id: item.getAttribute('data-check-id'),
        ok: item.getAttribute('data-check-ok'),
      })),
    );
    return {
      ok: (await verdict.getAttribute('data-ok')) === 'true',
      verdict: (await verdict.textContent()) ?? '',
      failed: checks.filter((check) => check.ok !== 'true').map((check) => check.id),
      ids: checks.map((check) => check.id),
    };
  }

  /** Each check's words as a reader sees them, without the verifier's English behind the fold. */
  async function readCheckTexts(page: Page) {
    return page.locator('[data-check-id]').evaluateAll((items) =>
      items.map((item) => {
        const technical = item.querySelector('details[data-technical]') as HTMLDetailsElement | null;
        const copy = item.cloneNode(true) as HTMLElement;
        copy.querySelector('details[data-technical]')?.remove();
        return {
          id: item.getAttribute('data-check-id'),
          text: copy.textContent ?? '',
          foldClosed: technical !== null && !technical.open,
        };
      }),
    );
  }

  /** Three Latin words in a row: an English sentence (digests, ids and key names are one word). */
  const ENGLISH_SENTENCE = /[A-Za-z]+[\s,;:]+[A-Za-z]+[\s,;:]+[A-Za-z]+/;

  it('serves the consortium file at GET /v1/consortium', async () => {
    const answer = await consortium.request('/v1/consortium');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json.chains.map((chain: { name: string }) => chain.name).sort(), [
      'evidence',
      'works',
    ]);
    assert.deepEqual(
      parseTrustFile(answer.json),
      parseTrustFile(readFileSync(consortium.trustPath, 'utf8')),
      "the served file is the node's consortium file",
    );
    assert.notEqual((await consortium.request('/v1/consortium', { method: 'POST', json: {} })).status, 200);
  });

  it('routes each kind of search to its page, in English', async () => {
    const { context, page, errors } = await openPage('en');
    await search(page, `evidence/${evidenceIndex}`);
    await page.waitForURL(`**/entries/evidence/${evidenceIndex}`);
    await page.getByText(evidenceDigest).first().waitFor();
    await page.getByText('Final').first().waitFor();
    await checkPage(page, 'public-entry-en', errors);
    await page.getByRole('button', { name: 'Verify in the browser' }).click();
    await page.getByTestId('verify-verdict').filter({ hasText: 'Consistent' }).waitFor();
    await page.getByTestId('bundle-source').filter({ hasText: 'from this server' }).waitFor();

    await search(page, evidenceDigest.slice('sha256:'.length).toUpperCase());
    await page.waitForURL(/\/search\?q=sha256%3A/);
    await page.getByRole('link', { name: `evidence:${evidenceIndex}` }).click();
    await page.waitForURL(`**/entries/evidence/${evidenceIndex}`);

    await search(page, `sha256:${createHash('sha256').update(records.workFile).digest('hex')}`);
    await page.getByRole('link', { name: /^works:/ }).click();
    await page.getByRole('link', { name: 'See the registration' }).click();
    await page.waitForURL(`**/works/${records.workNumber}`);

    await search(page, records.workNumber.toLowerCase());
    await page.waitForURL(`**/works/${records.workNumber}`);
    await page.getByRole('heading', { name: '茶山记' }).waitFor();
    await checkPage(page, 'public-work-en', errors);

    await search(page, records.licenseNumber);
    await page.waitForURL(`**/licenses/${records.licenseNumber}`);
    await page.getByText('This licence has been revoked').waitFor();
    await page.getByText('court-clerk (licensor)').waitFor();
    await checkPage(page, 'public-license-en', errors);

    const capture = randomUUID();
    await search(page, capture);
    await page.waitForURL(`**/captures/${capture}`);
    await page.getByText(/is shown only to the unit that submitted it/).waitFor();

    await search(page, `sha256:${'0'.repeat(64)}`);
    await page.getByText(/No record on any chain holds the digest/).waitFor();
    await search(page, 'no such thing');
    await page.waitForURL(/\/search\?q=no%20such%20thing/);
    await page.getByText(/Nothing found for/).waitFor();
    await checkPage(page, 'public-search-not-found-en', errors);
    await search(page, 'evidence/999999');
    await page.getByText('There is no record evidence:999999 on the chain.').waitFor();
    await context.close();
  });

  it('shows the record pages on a phone in Chinese without sideways scrolling', async () => {
    const { context, page, errors } = await openPage('zh-CN', true);
    for (const [path, text, name] of [
      [`/entries/evidence/${evidenceIndex}`, '已最终确认', 'entry'],
      [`/works/${records.workNumber}`, '茶山记', 'work'],
      [`/licenses/${records.licenseNumber}`, '该许可已被撤销', 'license'],
      [`/search?q=${encodeURIComponent('SC-2026-W-0')}`, '没有找到', 'search'],
      ['/', '查询与核验', 'home'],
    ] as const) {
      await page.goto(path);
      await page.getByText(text).first().waitFor();
      await assertFitsPhone(page);
      await checkPage(page, `public-${name}-phone-zh-CN`, errors);
    }
    await context.close();
  });

  it('verifies a good bundle, a certificate PDF and a work with its file, in Chinese on a phone', async () => {
    const { context, page, errors } = await openPage('zh-CN', true);
    const good = await verifyFiles(page, [json('evidence.bundle.json', evidenceBundle)]);
    assert.equal(good.ok, true, JSON.stringify(good));
    assert.match(good.verdict, /一致/);
    assert.deepEqual(good.failed, []);
    for (const id of ['entry', 'leaf-hash', 'checkpoint-signature', 'cosignatures', 'inclusion']) {
      assert.ok(good.ids.includes(id), `${id} is shown: ${good.ids.join(', ')}`);
    }
    await page.getByTestId('consortium-source').filter({ hasText: '本节点的联盟文件' }).waitFor();
    const goodTexts = await readCheckTexts(page);
    for (const check of goodTexts) {
      assert.doesNotMatch(check.text, ENGLISH_SENTENCE, `${check.id}: ${check.text}`);
      assert.ok(check.foldClosed, `${check.id}: the verifier's English is folded away`);
    }
    assert.match(
      goodTexts.find((check) => check.id === 'cosignatures')!.text,
      /个独立机构中有 \d+ 个共同签署/,
    );
    assert.match(
      goodTexts.find((check) => check.id === 'inclusion')!.text,
      new RegExp(`第 ${evidenceIndex} 条记录包含在树大小为 \\d+ 的检查点中`),
    );
    await assertFitsPhone(page);
    await checkPage(page, 'public-verify-good-phone-zh-CN', errors);

    const pdf = await fetch(
      `${consortium.url}/v1/chains/evidence/entries/${evidenceIndex}/certificate.pdf?wait=final`,
    );
    assert.equal(pdf.status, 200);
    const fromPdf = await verifyFiles(page, [
      { name: 'certificate.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await pdf.arrayBuffer()) },
    ]);
    assert.equal(fromPdf.ok, true, JSON.stringify(fromPdf));
    await page.getByTestId('bundle-source').filter({ hasText: '取自证书 PDF' }).waitFor();

    const withFile = await verifyFiles(page, [
      json('work.bundle.json', bundles['work']!),
      { name: 'tea.txt', mimeType: 'text/plain', buffer: Buffer.from(records.workFile) },
    ]);
    assert.equal(withFile.ok, true, JSON.stringify(withFile));
    assert.ok(
      withFile.ids.includes('authority') && withFile.ids.includes('file-digest'),
      withFile.ids.join(),
    );
    const sha = createHash('sha256').update(records.workFile).digest('hex');
    await page.getByText(`sha256:${sha}`).first().waitFor();
    for (const check of await readCheckTexts(page)) {
      assert.doesNotMatch(check.text, ENGLISH_SENTENCE, `${check.id}: ${check.text}`);
    }

    const tampered = JSON.parse(evidenceBundle);
    const entry = tampered.entry as string;
    const at = entry.indexOf('sha256:') + 'sha256:'.length;
    tampered.entry = `${entry.slice(0, at)}${entry[at] === '0' ? '1' : '0'}${entry.slice(at + 1)}`;
    const broken = await verifyFiles(page, [json('tampered.json', JSON.stringify(tampered))]);
    assert.equal(broken.ok, false);
    assert.ok(broken.failed.includes('leaf-hash'), broken.failed.join());
    const brokenTexts = await readCheckTexts(page);
    for (const check of brokenTexts) {
      assert.doesNotMatch(check.text, ENGLISH_SENTENCE, `${check.id}: ${check.text}`);
    }
    const leafHash = brokenTexts.find((check) => check.id === 'leaf-hash')!.text;
    assert.match(leafHash, /未通过.*记录摘要.*记录内容被改动/);
    assert.match(leafHash, /由记录计算的叶子哈希: [0-9a-f]{64}/);
    await checkPage(page, 'public-verify-tampered-phone-zh-CN', errors);
    await context.close();
  });

  it('names the failing check of a tampered bundle, a wrong file, a revoked licence and a forged work, in English', async () => {
    const { context, page, errors } = await openPage('en');
    const tampered = JSON.parse(evidenceBundle);
    const entry = tampered.entry as string;
    const at = entry.indexOf('sha256:') + 'sha256:'.length;
    tampered.entry = `${entry.slice(0, at)}${entry[at] === '0' ? '1' : '0'}${entry.slice(at + 1)}`;
    const broken = await verifyFiles(page, [json('tampered.json', JSON.stringify(tampered))]);
    assert.equal(broken.ok, false);
    assert.match(broken.verdict, /Inconsistent/);
    assert.ok(broken.failed.includes('leaf-hash'), broken.failed.join());
    await page.locator('[data-check-id="leaf-hash"]').getByText('The record was altered').waitFor();
    await checkPage(page, 'public-verify-tampered-en', errors);

    const wrongFile = await verifyFiles(page, [
      json('work.bundle.json', bundles['work']!),
      { name: 'other.txt', mimeType: 'text/plain', buffer: Buffer.from('another file') },
    ]);
    assert.deepEqual(wrongFile.failed, ['file-digest']);
    await page.getByText('it is not the same file').waitFor();

    const revoked = await verifyFiles(page, [json('license.bundle.json', bundles['license']!)]);
    assert.deepEqual(revoked.failed, ['revocation']);
    await page.getByText('The licence has been revoked.').waitFor();
    await checkPage(page, 'public-verify-revoked-en', errors);

    const forged = makeForgedWorkBundle();
    const forgedResult = await verifyFiles(page, [json('forged.json', forged.bundle)], {
      name: 'my-consortium.json',
      mimeType: 'application/json',
      buffer: Buffer.from(forged.trust),
    });
    assert.deepEqual(forgedResult.failed, ['authority']);
    await page
      .getByTestId('consortium-source')
      .filter({ hasText: 'Your own consortium file: my-consortium.json' })
      .waitFor();
    await page.getByText(/this may be a forged registration/).waitFor();
    await checkPage(page, 'public-verify-forged-en', errors);
    await context.close();
  });
});
