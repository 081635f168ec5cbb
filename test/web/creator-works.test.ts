import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import { createUser } from '../user-support.ts';
import {
  checkPage,
  findBrowserSkipReason,
  launchBrowser,
  logInThroughPage,
  openContext,
  PHONE_VIEWPORT,
  watchPageErrors,
  type PortalLanguage,
} from './browser-support.ts';

// The creator's pages on a started local consortium, as a creator uses them after logging in:
// register a real photograph with its particulars, find it in "my works", open it, download its
// certificate (a PDF), grant a licence and revoke it; a near-identical photograph is recorded as
// pending review with the earlier work named. In Chinese on a desktop and in English on a phone,
// each page accessible (axe-core) and free of script errors.

const skip = findBrowserSkipReason();
const PHOTOS = new URL('../fixtures/photos/', import.meta.url);
const PASSWORD = 'creator password 2026';

const TEXT = {
  'zh-CN': {
    title: '作品名称',
    authors: '作者',
    type: '作品类型',
    image: '美术、摄影作品',
    created: '创作完成日期',
    holder: '著作权人',
    submit: '提交登记',
    registered: '已登记',
    pending: '待审查',
    search: '按作品名称搜索',
    certificate: '下载登记证书（PDF）',
    grant: '新增授权',
    licensee: '被许可人名称',
    grantSubmit: '授 予',
    revoke: '撤 销',
    reason: '撤销理由',
    revokeSubmit: '确认撤销',
    revoked: '已撤销',
    similar: '相似的在先作品',
    required: '必填',
  },
  en: {
    title: 'Title',
    authors: 'Authors',
    type: 'Type of work',
    image: 'Image or photograph',
    created: 'Date of creation',
    holder: 'Rights holder',
    submit: 'Register',
    registered: 'Registered',
    pending: 'Pending review',
    search: 'Search by title',
    certificate: 'Download the certificate (PDF)',
    grant: 'Grant a licence',
    licensee: 'Licensee’s name',
    grantSubmit: 'Grant',
    revoke: 'Revoke',
    reason: 'Reason for revoking',
    revokeSubmit: 'Revoke',
    revoked: 'Revoked',
    similar: 'Similar earlier works',
    required: 'Required',
  },
} as const;

/** Waits for `locator`; on a timeout, fails naming the alerts and field errors the page shows. */
async function waitOrExplain(page: Page, locator: Locator, label: string): Promise<void> {
  try {
    await locator.waitFor();
  } catch (error) {
    const shown = await page.locator('[role="alert"], .ant-form-item-explain-error').allTextContents();
    await page.screenshot({ path: `.tmp/failed-${label}.png`, fullPage: true });
    throw new Error(`${label}: not shown; the page shows ${JSON.stringify(shown)}`, { cause: error });
  }
}

/**
 * Submits the grant form once its panel has opened: a click while the panel still grows lands
 * where the button was a frame earlier (on another field).
 */
async function grantThroughPage(page: Page, submit: string): Promise<void> {
  const button = page.getByRole('button', { name: submit, exact: true });
  let last = '';
  for (let i = 0; i < 50; i++) {
    const box = JSON.stringify(await button.boundingBox());
    if (box === last && box !== 'null') break;
    last = box;
    await page.waitForTimeout(100);
  }
  await button.click();
}

async function assertFitsPhone(page: Page, label: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${label}: the page is ${overflow}px wider than the phone`);
}

/** Fills the register page and submits it; resolves the registration number shown. */
async function registerThroughPage(
  page: Page,
  language: PortalLanguage,
  file: { name: string; buffer: Buffer },
  title: string,
  onUploading?: () => Promise<void>,
): Promise<{ number: string; status: string | null }> {
  const text = TEXT[language];
  await page.goto('/creator/register');
  await page
    .locator('#work-file')
    .setInputFiles({ name: file.name, mimeType: 'image/jpeg', buffer: file.buffer });
  await page.getByLabel(text.title).fill(title);
  await page.getByLabel(text.authors).fill('李白, 杜甫');
  await page.getByLabel(text.type).click();
  await page.locator('.ant-select-item-option').filter({ hasText: text.image }).click();
  await page.getByLabel(text.created).fill('2026-01-15');
  await page.getByLabel(text.holder, { exact: true }).fill('李白');
  await page.getByRole('button', { name: text.submit }).click();
  await onUploading?.();
  const number = page.getByTestId('registration-number');
  await number.waitFor({ timeout: 60_000 });
  const status = await page.locator('[data-status]').first().getAttribute('data-status');
  return { number: (await number.textContent())!.trim(), status };
}

describe('the creator pages', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;
  let coffee: Buffer;

  before(async () => {
    consortium = await startTestConsortium();
    browser = await launchBrowser();
    const adminToken = consortium.running.adminToken!;
    for (const name of ['creator-li', 'creator-du']) {
      await createUser(consortium.url, adminToken, {
        name,
        password: PASSWORD,
        roles: ['creator'],
        organisation: null,
        displayName: name === 'creator-li' ? '李创作' : 'Du Creator',
      });
    }
    coffee = await readFile(new URL('coffee.jpg', PHOTOS));
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  it('registers a photo, lists it, opens it, downloads its certificate, grants and revokes a licence, and holds a near-identical one (zh-CN)', async () => {
    const language = 'zh-CN';
    const text = TEXT[language];
    const context = await openContext(browser, consortium.url, { language });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, language, 'creator-li', PASSWORD);

    // The form refuses an empty submission field by field, before anything is uploaded.
    await page.goto('/creator/register');
    await page.getByRole('heading', { level: 1, name: '登记作品' }).waitFor();
    await page.getByRole('button', { name: text.submit }).click();
    await page.getByText('请选择作品文件').waitFor();
    assert.ok((await page.getByText(text.required).count()) >= 3, 'the required fields are marked');
    await checkPage(page, 'creator-register-invalid-zh-CN', errors);

    const original = await registerThroughPage(
      page,
      language,
      { name: '清晨的咖啡.jpg', buffer: coffee },
      '清晨的咖啡',
    );
    assert.match(original.number, /^SC-\d{4}-W-\d{8}-[0-9A-Z]$/);
    assert.equal(original.status, 'registered');
    await checkPage(page, 'creator-register-done-zh-CN', errors);

    // The same file again, first declared as a text: the server's refusals are shown, the type's
    // on its field, the duplicate's naming the earlier registration.
    await page.getByRole('button', { name: '再登记一件' }).click();
    await page
      .locator('#work-file')
      .setInputFiles({ name: 'coffee.jpg', mimeType: 'image/jpeg', buffer: coffee });
    await page.getByLabel(text.title).fill('又一杯咖啡');
    await page.getByLabel(text.authors).fill('李白');
    await page.getByLabel(text.created).fill('2026-01-15');
    await page.getByLabel(text.holder, { exact: true }).fill('李白');
    await page.getByRole('button', { name: text.submit }).click();
    await page.locator('#workType_help').filter({ hasText: '与所选的作品类型不符' }).waitFor();
    await page.getByLabel(text.type).click();
    await page.locator('.ant-select-item-option').filter({ hasText: text.image }).click();
    await page.getByRole('button', { name: text.submit }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'WORK_ALREADY_REGISTERED' });
    await refusal.waitFor();
    const refused = (await refusal.textContent()) ?? '';
    assert.ok(refused.includes(original.number), refused);
    // Worded from its code in Chinese, not the server's English detail.
    assert.match(refused, /这个文件已经登记过，登记号 SC-/);
    assert.doesNotMatch(refused, /registered already|The server said|服务器的原文/, refused);
    await checkPage(page, 'creator-register-refused-zh-CN', errors);

    // My works: the registration is there, found by its title.
    await page.goto('/creator/works');
    await page.getByRole('link', { name: '清晨的咖啡' }).waitFor();
    await page.getByLabel(text.search).fill('咖啡');
    await page.getByLabel(text.search).press('Enter');
    await page.getByText('共 1 件').waitFor();
    await checkPage(page, 'creator-my-works-zh-CN', errors);

    // The work's page and its certificate.
    await page.getByRole('link', { name: '清晨的咖啡' }).click();
    await page.getByTestId('work-number').filter({ hasText: original.number }).waitFor();
    // The file's Chinese name arrives as the browser sent it (UTF-8), not as mojibake.
    await page.getByText('清晨的咖啡.jpg', { exact: true }).waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: text.certificate }).click();
    const download = await downloading;
    const pdf = await readFile((await download.path())!);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the certificate is a PDF');
    await checkPage(page, 'creator-work-zh-CN', errors);

    // Grant a licence, then revoke it.
    await page.getByRole('button', { name: text.grant }).click();
    await page.getByLabel(text.licensee).fill('某某网络科技有限公司');
    await grantThroughPage(page, text.grantSubmit);
    const row = page.locator('tr').filter({ hasText: '某某网络科技有限公司' });
    await waitOrExplain(page, row, 'grant-zh-CN');
    await checkPage(page, 'creator-work-licensed-zh-CN', errors);
    await row.getByRole('button', { name: text.revoke }).click();
    await page.getByLabel(text.reason).fill('合同已终止');
    await page.getByRole('button', { name: text.revokeSubmit }).click();
    await row.locator('[data-status="revoked"]').waitFor();
    const licenses = await consortium.request(`/v1/works/${original.number}/licenses`);
    assert.equal(licenses.json.licenses[0].status, 'revoked');
    assert.equal(licenses.json.licenses[0].revocation.reason, '合同已终止');

    // A near-identical photograph is recorded, held for review, with the earlier work named.
    const smaller = await sharp(coffee).resize({ width: 320 }).jpeg({ quality: 50 }).toBuffer();
    const held = await registerThroughPage(
      page,
      language,
      { name: 'coffee-small.jpg', buffer: smaller },
      '小杯咖啡',
    );
    assert.equal(held.status, 'pending-review');
    assert.equal(
      await page.getByRole('link', { name: text.certificate }).count(),
      0,
      'no certificate while held',
    );
    await checkPage(page, 'creator-register-pending-zh-CN', errors);
    await page.goto('/creator/works');
    await page
      .locator('tr')
      .filter({ hasText: '小杯咖啡' })
      .locator('[data-status="pending-review"]')
      .waitFor();
    await page.getByRole('link', { name: '小杯咖啡' }).click();
    await page.getByRole('heading', { name: text.similar }).waitFor();
    await page.getByRole('link', { name: new RegExp(original.number) }).waitFor();
    await checkPage(page, 'creator-work-pending-zh-CN', errors);
    await context.close();
  });

  it('registers, lists and opens a work on a phone in English', async () => {
    const language = 'en';
    const text = TEXT[language];
    const context = await openContext(browser, consortium.url, { language, viewport: PHONE_VIEWPORT });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, language, 'creator-du', PASSWORD);

    await page.goto('/creator/works');
    await page.getByText('You have not registered a work yet').waitFor();
    await assertFitsPhone(page, 'my works, empty');
    await checkPage(page, 'creator-my-works-empty-phone-en', errors);

    const rocket = await readFile(new URL('rocket.jpg', PHOTOS));
    // A slow uplink (8 KB/s: the 31 KB photo takes about 4 s), so the upload's progress bar is
    // seen part way. The rate is not changed while the upload runs (a change mid-request could
    // stall it); it is lifted once the registration is answered.
    const cdp = await context.newCDPSession(page);
    const throttle = (uploadThroughput: number) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput,
      });
    await throttle(8 * 1024);
    const registered = await registerThroughPage(
      page,
      language,
      { name: 'rocket.jpg', buffer: rocket },
      'Launch day',
      async () => {
        const bar = page.getByRole('progressbar', { name: /^Uploading: \d+%$/ });
        await bar.waitFor();
        const shown = Number((await bar.getAttribute('aria-valuenow').catch(() => null)) ?? '100');
        assert.ok(shown < 100, `the progress bar shows the upload under way: ${shown}%`);
      },
    );
    await throttle(-1);
    assert.equal(registered.status, 'registered');
    await assertFitsPhone(page, 'register, done');
    await checkPage(page, 'creator-register-done-phone-en', errors);

    await page.goto('/creator/works');
    await page.getByRole('link', { name: 'Launch day' }).waitFor();
    assert.equal(await page.getByText('清晨的咖啡').count(), 0, 'another creator’s works are not listed');
    await assertFitsPhone(page, 'my works');
    await checkPage(page, 'creator-my-works-phone-en', errors);

    await page.getByRole('link', { name: 'Launch day' }).click();
    await page.getByTestId('work-number').filter({ hasText: registered.number }).waitFor();
    await page.getByRole('link', { name: text.certificate }).waitFor();
    await assertFitsPhone(page, 'work');
    await checkPage(page, 'creator-work-phone-en', errors);

    await page.getByRole('button', { name: text.grant }).click();
    await page.getByLabel(text.licensee).fill('Example Media Ltd');
    await grantThroughPage(page, text.grantSubmit);
    await waitOrExplain(page, page.locator('tr').filter({ hasText: 'Example Media Ltd' }), 'grant-phone-en');
    await assertFitsPhone(page, 'work, licensed');
    await checkPage(page, 'creator-work-licensed-phone-en', errors);

    // A number nobody registered: the page says so with the server's code.
    await page.goto('/creator/works/SC-2026-W-99999999-0');
    const missing = page.getByRole('alert');
    await missing.waitFor();
    assert.match((await missing.textContent()) ?? '', /\((WORK_NOT_FOUND|REGISTRATION_NUMBER_INVALID)\)/);
    await assertFitsPhone(page, 'unknown work');
    await checkPage(page, 'creator-work-unknown-phone-en', errors);

    await page.goto('/creator/register');
    await page.getByRole('heading', { level: 1, name: 'Register a work' }).waitFor();
    await assertFitsPhone(page, 'register');
    await checkPage(page, 'creator-register-phone-en', errors);
    await context.close();
  });
});
