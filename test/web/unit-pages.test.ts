import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startFixtureSite, type FixtureSite } from '../fixtures/capture/fixture-site.ts';
import { randomDigest } from '../api-node-support.ts';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import { createUser } from '../user-support.ts';
import {
  checkPage,
  findBrowserSkipReason,
  launchBrowser,
  logInThroughPage,
  openContext,
  PORTAL_LANGUAGES,
  watchPageErrors,
  type PortalLanguage,
} from './browser-support.ts';

// The application unit's pages on the local consortium, as a unit user of a platform uses them:
// deposit real files hashed in the browser (one, then a batch), a typed digest, a web capture of a
// loopback fixture page followed to its screenshot, an API key shown once and revoked, the unit's
// own entries; and the operator pages and API closed to it. In Chinese and in English.

const skip = findBrowserSkipReason();
const PASSWORD = 'a long unit password';
const ORGANISATION = 'video-platform';

function sha256sum(path: string): string {
  return `sha256:${execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]}`;
}

/** Moves the mouse off the page and waits for antd's transitions to end, naming any that never do. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  // A spinner still turning means the page is still loading: judged once it has loaded.
  await page
    .waitForFunction(() => document.querySelector('.ant-btn-loading, .anticon-spin') === null, undefined, {
      timeout: 15_000,
    })
    .catch(async () => {
      const spinning = await page.evaluate(() =>
        [...document.querySelectorAll('.ant-btn-loading, .anticon-spin')].map((element) => {
          const path: string[] = [];
          for (let node: Element | null = element, depth = 0; node !== null && depth < 8; depth++) {
            path.push(
              `${node.tagName.toLowerCase()}.${String(node.className).split(' ').slice(0, 2).join('.')}`,
            );
            node = node.parentElement;
          }
          return path.join(' < ');
        }),
      );
      throw new Error(`still loading: ${spinning.join(' | ')}`);
    });
  try {
    await page.waitForFunction(
      () => document.getAnimations().every((a) => a.playState !== 'running'),
      undefined,
      {
        timeout: 15_000,
      },
    );
  } catch {
    const running = await page.evaluate(() =>
      document
        .getAnimations()
        .filter((a) => a.playState === 'running')
        .map((a) => {
          let node = (a.effect as KeyframeEffect | null)?.target as Element | null;
          const path: string[] = [];
          for (let depth = 0; node !== null && depth < 6; depth++, node = node.parentElement) {
            path.push(
              `${node.tagName.toLowerCase()}.${String(node.className).split(' ').slice(0, 2).join('.')}`,
            );
          }
          return `${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty} on ${path.join(' < ')}`;
        }),
    );
    throw new Error(`animations still running: ${running.join(' | ')}`);
  }
}

const text = (language: PortalLanguage, zh: string, en: string) => (language === 'en' ? en : zh);

describe('the unit pages', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;
  let site: FixtureSite;
  const work = mkdtempSync(join(tmpdir(), 'sealchain-unit-web-'));

  before(async () => {
    site = await startFixtureSite();
    consortium = await startTestConsortium({ captureAllowedNetworks: ['127.0.0.1/32'] });
    browser = await launchBrowser();
    for (const language of PORTAL_LANGUAGES) {
      await createUser(consortium.url, consortium.running.adminToken!, {
        name: `unit-${language.toLowerCase()}`,
        password: PASSWORD,
        roles: ['unit'],
        organisation: ORGANISATION,
      });
    }
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
    await site?.close();
    rmSync(work, { recursive: true, force: true });
  });

  async function openAsUnit(
    language: PortalLanguage,
  ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await openContext(browser, consortium.url, { language });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, language, `unit-${language.toLowerCase()}`, PASSWORD);
    return { page, errors, close: () => context.close() };
  }

  async function readReceiptDigests(page: Page): Promise<string[]> {
    return (await page.locator('.receipt-digest').allTextContents()).map((digest) => digest.trim());
  }

  for (const language of PORTAL_LANGUAGES) {
    it(`deposits a file, a batch and a typed digest, with receipts and entry links, in ${language}`, async () => {
      const { page, errors, close } = await openAsUnit(language);
      const files = [0, 1, 2, 3].map((i) => {
        const path = join(work, `${language}-evidence-${i}.txt`);
        writeFileSync(path, `evidence ${i} in ${language} ${Math.random()}\n`);
        return path;
      });
      await page.goto('/unit/deposit');
      await page
        .getByRole('heading', { level: 1, name: text(language, '电子数据存证', 'Deposit electronic data') })
        .waitFor();
      const input = page.locator('input[type=file]');

      await input.setInputFiles(files[0]!);
      await page.getByRole('button', { name: text(language, '计算摘要并存证', 'Hash and deposit') }).click();
      await page.locator('.receipt-digest').first().waitFor();
      assert.deepEqual(await readReceiptDigests(page), [sha256sum(files[0]!)]);
      const link = page.getByRole('link', { name: /^evidence:\d+$/ }).first();
      const href = await link.getAttribute('href');
      assert.match(href ?? '', /^\/entries\/evidence\/\d+$/);
      const index = Number(href!.split('/').at(-1));
      const stored = await consortium.request(`/v1/chains/evidence/entries/${index}`);
      assert.equal(JSON.parse(stored.json.entry).digest, sha256sum(files[0]!));
      assert.equal(JSON.parse(stored.json.entry).unit, `unit-${language.toLowerCase()}`);

      await input.setInputFiles(files.slice(1));
      await page
        .getByRole('button', { name: text(language, '批量存证 3 个文件', 'Deposit 3 files as a batch') })
        .click();
      await page.getByText(text(language, '已存证 4 条', '4 deposited')).waitFor();
      const digests = await readReceiptDigests(page);
      assert.deepEqual(new Set(digests), new Set(files.map(sha256sum)));

      const typed = randomDigest();
      await page.getByRole('tab', { name: text(language, '输入摘要', 'Type a digest') }).click();
      const field = page.getByLabel(text(language, 'SHA-256 摘要', 'SHA-256 digest'));
      await field.fill('not a digest');
      await page.getByRole('button', { name: text(language, '存证此摘要', 'Deposit this digest') }).click();
      await page
        .getByText(text(language, '请输入 64 位十六进制摘要', 'Enter 64 hexadecimal digits'))
        .waitFor();
      await field.fill(typed.slice('sha256:'.length).toUpperCase());
      await page.getByRole('button', { name: text(language, '存证此摘要', 'Deposit this digest') }).click();
      await page.getByText(text(language, '已存证 5 条', '5 deposited')).waitFor();
      assert.equal((await readReceiptDigests(page))[0], typed);
      await settle(page);
      await checkPage(page, `unit-deposit-${language}`, errors);

      await page.goto('/unit/entries');
      await page.getByRole('heading', { level: 1, name: text(language, '我的存证', 'My entries') }).waitFor();
      await page
        .getByRole('link', { name: /^evidence:\d+$/ })
        .first()
        .waitFor();
      const listed = await page.getByRole('link', { name: /^evidence:\d+$/ }).allTextContents();
      assert.equal(listed.length, 5, 'the five deposits of this user, and no one else’s');
      assert.equal(
        listed[0],
        `evidence:${(await consortium.request(`/v1/chains/evidence/entries?digest=${typed}`)).json.entries[0].index}`,
      );
      await settle(page);
      await checkPage(page, `unit-entries-${language}`, errors);
      await close();
    });

    it(`makes an API key shown once, uses it, and revokes it, in ${language}`, async () => {
      const { page, errors, close } = await openAsUnit(language);
      await page.goto('/unit/keys');
      await page.getByRole('heading', { level: 1, name: text(language, 'API 密钥', 'API keys') }).waitFor();
      await page.getByText(text(language, '还没有密钥', 'No keys yet')).waitFor();
      await page.getByLabel(text(language, '名称', 'Label')).fill('nightly');
      await page.getByRole('button', { name: text(language, '创 建', 'Create') }).click();
      const shown = page.getByTestId('new-api-key');
      await shown.waitFor();
      const apiKey = (await shown.textContent())!.trim();
      const deposit = await consortium.request('/v1/chains/evidence/entries', {
        token: apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(deposit.status, 201, deposit.text);
      await page.getByRole('cell', { name: `unit-${language.toLowerCase()}:nightly` }).waitFor();
      await settle(page);
      await checkPage(page, `unit-keys-created-${language}`, errors);

      await page.reload();
      await page.getByRole('cell', { name: `unit-${language.toLowerCase()}:nightly` }).waitFor();
      assert.equal(await page.getByTestId('new-api-key').count(), 0);
      assert.equal((await page.content()).includes(apiKey), false, 'the key is shown only once');

      // The entry the key made is the user's own, named by its key, in a fresh page.
      await page.goto('/unit/entries');
      await page.getByRole('heading', { level: 1, name: text(language, '我的存证', 'My entries') }).waitFor();
      const tag = page.getByTestId('entry-key');
      await tag.waitFor();
      assert.equal(await tag.count(), 1);
      assert.equal((await tag.textContent())?.trim(), text(language, '密钥 nightly', 'Key nightly'));
      const firstRow = page.locator('tbody tr.ant-table-row').first();
      assert.equal(
        (await firstRow.getByRole('link', { name: /^evidence:\d+$/ }).textContent())?.trim(),
        `evidence:${deposit.json.index}`,
      );
      assert.equal(await firstRow.getByTestId('entry-key').count(), 1, 'the newest entry is the key’s');
      assert.equal(await page.getByRole('link', { name: /^evidence:\d+$/ }).count(), 6);
      await settle(page);
      await checkPage(page, `unit-entries-key-${language}`, errors);

      await page.goto('/unit/keys');
      await page.getByRole('cell', { name: `unit-${language.toLowerCase()}:nightly` }).waitFor();

      await page.getByRole('button', { name: text(language, '吊 销', 'Revoke') }).click();
      await page.getByRole('tooltip').waitFor();
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: text(language, '吊 销', 'Revoke') })
        .click();
      await page
        .getByText(text(language, '已吊销于', 'Revoked'))
        .first()
        .waitFor();
      const refused = await consortium.request('/v1/chains/evidence/entries', {
        token: apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(refused.status, 401);
      await close();
    });
  }

  it('captures a loopback page and shows its progress, screenshot, package and entry', async () => {
    const language: PortalLanguage = 'zh-CN';
    const { page, errors, close } = await openAsUnit(language);
    await page.goto('/unit/captures');
    await page.getByRole('heading', { level: 1, name: '网页取证' }).waitFor();
    await page.getByText('还没有取证任务').waitFor();
    await page.getByLabel('网址').fill(`${site.origin}/static`);
    await page.getByRole('button', { name: '开始取证' }).click();
    const status = page.getByTestId('capture-status');
    await status.waitFor();
    await page.waitForFunction(
      () =>
        ['完整', '部分完成', '失败'].includes(
          document.querySelector('[data-testid=capture-status]')?.textContent?.trim() ?? '',
        ),
      undefined,
      { timeout: 120_000 },
    );
    assert.equal((await status.textContent())?.trim(), '完整');
    const screenshot = page.getByRole('img', { name: `${site.origin}/static 的截图` });
    await screenshot.waitFor();
    await page.waitForFunction(() =>
      [...document.images].some(
        (img) => img.src.includes('/attachments/screenshot.png') && img.naturalWidth > 0,
      ),
    );
    const wacz = page.getByRole('link', { name: '下载证据包（WACZ）' });
    const waczHref = await wacz.getAttribute('href');
    assert.match(waczHref ?? '', /^\/v1\/captures\/[0-9a-f-]{36}\/package$/);
    const downloaded = await page.request.get(waczHref!);
    assert.equal(downloaded.status(), 200);
    assert.equal((await downloaded.body()).subarray(0, 2).toString('latin1'), 'PK');
    const certificate = await page.getByRole('link', { name: '下载存证证书（PDF）' }).getAttribute('href');
    assert.match(certificate ?? '', /^\/v1\/chains\/evidence\/entries\/\d+\/certificate\.pdf$/);
    await page.getByRole('link', { name: /^evidence:\d+$/ }).waitFor();
    await settle(page);
    await checkPage(page, 'unit-captures-zh-CN', errors);

    const captureId = waczHref!.split('/')[3]!;
    await close();

    // A new browser context (nothing remembered in the browser): the server lists the capture.
    const fresh = await openAsUnit(language);
    await fresh.page.goto('/unit/captures');
    await fresh.page.getByTestId('capture-status').waitFor();
    assert.equal(await fresh.page.getByTestId('capture-card').count(), 1);
    assert.equal(
      (await fresh.page.getByTestId('capture-status').textContent())?.trim(),
      '完整',
      'listed by the server in a new browser context',
    );
    assert.equal(await fresh.page.getByText('本人').count(), 1, 'requested by the user itself');
    const requested = fresh.page.locator('time').first();
    assert.match((await requested.getAttribute('aria-label')) ?? '', /UTC \d{4}-\d\d-\d\dT/);
    await fresh.page.getByRole('link', { name: '下载证据包（WACZ）' }).waitFor();
    await fresh.page.getByRole('link', { name: '查看截图' }).waitFor();
    await fresh.page.getByLabel('按状态筛选').click();
    await fresh.page.locator('.ant-select-item-option[title="失败"]').click();
    await fresh.page.getByText('还没有取证任务').waitFor();
    await fresh.page.getByLabel('按状态筛选').click();
    await fresh.page.locator('.ant-select-item-option[title="已完成"]').click();
    await fresh.page.getByTestId('capture-card').waitFor();
    await fresh.page.getByRole('button', { name: /English/ }).click();
    await fresh.page.getByRole('heading', { level: 1, name: 'Web evidence capture' }).waitFor();
    await fresh.page.getByRole('link', { name: 'Download the package (WACZ)' }).waitFor();
    assert.equal((await fresh.page.getByTestId('capture-status').textContent())?.trim(), 'Complete');
    await settle(fresh.page);
    await checkPage(fresh.page, 'unit-captures-en', fresh.errors);
    await fresh.close();

    // Another person's page and API never show it.
    const other = await openAsUnit('en');
    await other.page.goto('/unit/captures');
    await other.page.getByText('No captures yet').waitFor();
    assert.equal(await other.page.getByTestId('capture-card').count(), 0);
    const listed = await other.page.request.get('/v1/me/captures');
    assert.equal(listed.status(), 200);
    assert.deepEqual((await listed.json()).captures, []);
    assert.equal((await other.page.request.get(`/v1/captures/${captureId}`)).status(), 404);
    assert.equal((await other.page.request.get(`/v1/captures/${captureId}/package`)).status(), 404);
    await settle(other.page);
    await checkPage(other.page, 'unit-captures-empty-en', other.errors);
    await other.close();
  });

  it('shows a unit user the 403 page for operator pages and refuses the operator API', async () => {
    for (const language of PORTAL_LANGUAGES) {
      const { page, errors, close } = await openAsUnit(language);
      for (const path of ['/operator', '/operator/users']) {
        await page.goto(path);
        await page
          .getByRole('heading', { level: 1, name: text(language, '无权访问', 'Not allowed') })
          .waitFor();
      }
      const menu = await page.getByRole('navigation').textContent();
      assert.doesNotMatch(menu ?? '', /联盟状态|Consortium/);
      await settle(page);
      await checkPage(page, `unit-forbidden-operator-${language}`, errors);
      for (const path of ['/v1/users', '/v1/organisations']) {
        const answer = await page.request.get(path);
        assert.equal(answer.status(), 403, path);
      }
      const csrf = await page.evaluate(
        async () => (await (await fetch('/v1/session')).json()).csrfToken as string,
      );
      const create = await page.request.post('/v1/users', {
        headers: { 'x-csrf-token': csrf },
        data: { name: 'sneaky', organisation: null, roles: ['operator'] },
      });
      assert.equal(create.status(), 403);
      await close();
    }
  });
});
