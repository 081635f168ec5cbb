import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import sharp from 'sharp';
import { makeMetadata } from '../fixtures/works/registry-setup.ts';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import { createUser, loginAs, type Login } from '../user-support.ts';
import {
  checkPage,
  findBrowserSkipReason,
  launchBrowser,
  logInThroughPage,
  openContext,
  PHONE_VIEWPORT,
  watchPageErrors,
} from './browser-support.ts';

// The registrar's review queue on a started local consortium: a creator's near-identical
// photographs are held; a registrar of the copyright centre sees each beside the earlier work with
// their similarity, approves one (zh-CN) and rejects another with a reason (en), and the creator
// then sees the new statuses and the reason. Each work of a pair is previewed from its own file
// (GET /v1/works/:number/file). A creator opening the queue gets the 403 page, the review API
// answers the creator's session 403, and another creator cannot read the works' files.

const skip = findBrowserSkipReason();
const PHOTOS = new URL('../fixtures/photos/', import.meta.url);
const PASSWORD = 'review password 2026';

/** Waits until the image named `name` in `scope` has loaded, and answers its natural width. */
async function readLoadedWidth(scope: Locator, name: string): Promise<number> {
  const image = scope.getByRole('img', { name, exact: true });
  await image.waitFor();
  return image.evaluate(
    (node: HTMLImageElement) =>
      new Promise<number>((resolve) => {
        if (node.complete) resolve(node.naturalWidth);
        else node.addEventListener('load', () => resolve(node.naturalWidth));
        node.addEventListener('error', () => resolve(0));
      }),
  );
}

describe('the registrar pages', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;
  let creator: Login;
  let original: string;
  const held: string[] = [];

  async function registerAsCreator(file: Buffer, title: string): Promise<{ number: string; status: string }> {
    const body = new FormData();
    body.set('metadata', JSON.stringify(makeMetadata({ title, workType: 'image' })));
    body.set('file', new Blob([new Uint8Array(file)]), `${title}.jpg`);
    const response = await fetch(`${consortium.url}/v1/works?wait=none`, {
      method: 'POST',
      headers: creator.headers,
      body,
    });
    const json = await response.json();
    assert.equal(response.status, 201, JSON.stringify(json));
    return json.registration;
  }

  before(async () => {
    consortium = await startTestConsortium();
    browser = await launchBrowser();
    const adminToken = consortium.running.adminToken!;
    await createUser(consortium.url, adminToken, {
      name: 'creator-zhao',
      password: PASSWORD,
      roles: ['creator'],
      organisation: null,
    });
    await createUser(consortium.url, adminToken, {
      name: 'creator-li',
      password: PASSWORD,
      roles: ['creator'],
      organisation: null,
    });
    await createUser(consortium.url, adminToken, {
      name: 'registrar-wang',
      password: PASSWORD,
      roles: ['registrar'],
      organisation: 'copyright-center',
      displayName: '王审查',
    });
    creator = await loginAs(consortium.url, 'creator-zhao', PASSWORD);
    const coffee = await readFile(new URL('coffee.jpg', PHOTOS));
    original = (await registerAsCreator(coffee, '咖啡原图')).number;
    for (const [width, title] of [
      [320, '咖啡小图'],
      [400, 'Coffee, medium'],
    ] as const) {
      const copy = await sharp(coffee).resize({ width }).jpeg({ quality: 55 }).toBuffer();
      const answer = await registerAsCreator(copy, title);
      assert.equal(answer.status, 'pending-review', title);
      held.push(answer.number);
    }
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  it('shows a held registration beside the earlier work and approves it (zh-CN)', async () => {
    const context = await openContext(browser, consortium.url, { language: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'zh-CN', 'registrar-wang', PASSWORD);
    await page.getByRole('link', { name: '登记审查' }).click();
    await page.getByRole('heading', { level: 1, name: '登记审查' }).waitFor();
    const card = page.locator(`[data-review="${held[0]}"]`);
    await card.getByRole('region', { name: `相似的在先作品 ${original}` }).waitFor();
    await card.getByRole('region', { name: `待审查的登记 ${held[0]}` }).waitFor();
    assert.match((await card.textContent()) ?? '', /相似度 \d+%/);
    assert.match((await card.textContent()) ?? '', /依据：(ISCC 内容码|PDQ 感知哈希)/);
    assert.ok((await readLoadedWidth(card, '《咖啡小图》的预览')) === 320, 'the held photograph is shown');
    assert.ok((await readLoadedWidth(card, '《咖啡原图》的预览')) > 320, 'the earlier photograph is shown');
    await card.getByRole('link', { name: '下载文件 咖啡小图.jpg' }).waitFor();
    await checkPage(page, 'registrar-reviews-zh-CN', errors);

    // A rejection without a reason is stopped in the page.
    await card.getByRole('button', { name: '驳 回' }).click();
    await card.getByText('驳回须填写理由').waitFor();
    await card.getByLabel('理由（驳回时必填）').fill('与在先作品为同一作者的不同尺寸，予以批准');
    await card.getByRole('button', { name: '批 准' }).click();
    await card.waitFor({ state: 'detached' });
    const read = await consortium.request(`/v1/works/${held[0]}`);
    assert.equal(read.json.registration.status, 'registered');
    assert.equal(read.json.registration.review.decision.decision, 'approve');
    await context.close();
  });

  it('rejects a held registration with a reason and then shows an empty queue (en)', async () => {
    const context = await openContext(browser, consortium.url, { language: 'en' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'en', 'registrar-wang', PASSWORD);
    await page.goto('/registrar/reviews');
    const card = page.locator(`[data-review="${held[1]}"]`);
    await card.getByRole('region', { name: `Similar earlier work ${original}` }).waitFor();
    assert.match((await card.textContent()) ?? '', /Basis: (ISCC content code|PDQ perceptual hash)/);
    assert.equal(await readLoadedWidth(card, 'Preview of “Coffee, medium”'), 400);
    assert.ok((await readLoadedWidth(card, 'Preview of “咖啡原图”')) > 400);
    await card.getByRole('link', { name: 'Download Coffee, medium.jpg' }).waitFor();
    await checkPage(page, 'registrar-reviews-en', errors);
    await card
      .getByLabel('Reason (required to reject)')
      .fill('A copy of an earlier registration by another holder');
    await card.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('No registration is waiting for review').waitFor();
    await checkPage(page, 'registrar-reviews-empty-en', errors);
    const read = await consortium.request(`/v1/works/${held[1]}`);
    assert.equal(read.json.registration.status, 'rejected');
    assert.equal(
      read.json.registration.review.decision.reason,
      'A copy of an earlier registration by another holder',
    );
    await context.close();
  });

  it('shows the creator the decisions: approved with a certificate, rejected with the reason (phone, en)', async () => {
    const context = await openContext(browser, consortium.url, { language: 'en', viewport: PHONE_VIEWPORT });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'en', 'creator-zhao', PASSWORD);
    await page.goto('/creator/works');
    await page.locator('tr').filter({ hasText: '咖啡小图' }).locator('[data-status="registered"]').waitFor();
    await page
      .locator('tr')
      .filter({ hasText: 'Coffee, medium' })
      .locator('[data-status="rejected"]')
      .waitFor();
    await checkPage(page, 'registrar-decisions-creator-works-phone-en', errors);
    await page.getByRole('link', { name: 'Coffee, medium' }).click();
    await page.getByText('Reason: A copy of an earlier registration by another holder').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Download the certificate (PDF)' }).count(), 0);
    await checkPage(page, 'registrar-decisions-creator-rejected-phone-en', errors);
    await page.goto(`/creator/works/${held[0]}`);
    await page.getByText('Approved on review').waitFor();
    await page.getByRole('link', { name: 'Download the certificate (PDF)' }).waitFor();
    await context.close();
  });

  it('refuses a creator the registrar page and the review API', async () => {
    const context = await openContext(browser, consortium.url, { language: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'zh-CN', 'creator-zhao', PASSWORD);
    assert.equal(await page.getByRole('link', { name: '登记审查' }).count(), 0, 'no menu entry');
    await page.goto('/registrar/reviews');
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
    await checkPage(page, 'registrar-forbidden-creator-zh-CN', errors);
    await context.close();

    const list = await consortium.request('/v1/reviews', { headers: creator.headers });
    assert.equal(list.status, 403, list.text);
    const decide = await consortium.request(`/v1/works/${original}/decision`, {
      headers: creator.headers,
      json: { decision: 'reject', reason: 'not mine to decide' },
    });
    assert.equal(decide.status, 403, decide.text);
    assert.equal((await consortium.request(`/v1/works/${original}`)).json.registration.status, 'registered');

    const own = await consortium.request(`/v1/works/${original}/file`, { headers: creator.headers });
    assert.equal(own.status, 200, 'the registrant reads its own file');
    const stranger = await loginAs(consortium.url, 'creator-li', PASSWORD);
    const file = await consortium.request(`/v1/works/${original}/file`, { headers: stranger.headers });
    assert.equal(file.status, 403, file.text);
    assert.equal(file.json.code, 'NOT_REGISTRANT');
  });
});
