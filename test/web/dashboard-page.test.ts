import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
} from './browser-support.ts';

// The dashboard: public, drawn with ECharts on canvas from GET /v1/stats/dashboard, its totals
// those of the deposits made; per-unit series for an operator only; ECharts never downloaded by
// the home page.

const skip = findBrowserSkipReason();
const DEPOSITS = 7;

async function readTotal(page: Page, key: string): Promise<number> {
  const text = await page.getByTestId(`total-${key}`).locator('.ant-statistic-content-value').textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

describe('the dashboard page', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;

  before(async () => {
    consortium = await startTestConsortium();
    browser = await launchBrowser();
    const batch = await consortium.request('/v1/chains/evidence/entries/batch', {
      token: consortium.apiKey,
      json: { entries: Array.from({ length: DEPOSITS }, () => ({ digest: randomDigest() })) },
    });
    assert.equal(batch.status, 201, batch.text);
    await createUser(consortium.url, consortium.running.adminToken!, {
      name: 'dashboard-operator',
      password: 'a long operator password',
      roles: ['operator'],
      organisation: 'court',
    });
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  for (const language of PORTAL_LANGUAGES) {
    it(`draws the charts on canvas with the deposits' totals for anyone in ${language}`, async () => {
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      await page.goto('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.ok(!scripts.some((path) => path.includes('DashboardPage')), 'the home page loads no chart code');
      await page.getByRole('link', { name: language === 'en' ? 'Dashboard' : '数据看板' }).click();
      await page.getByTestId('dashboard-totals').waitFor();
      assert.equal(await readTotal(page, 'deposits'), DEPOSITS);
      assert.equal(await readTotal(page, 'registrations'), 0);
      const stats = (await consortium.request('/v1/stats/dashboard')).json;
      const entries = stats.chains.reduce(
        (sum: number, chain: { entries: number }) => sum + chain.entries,
        0,
      );
      assert.ok(entries >= DEPOSITS);
      assert.ok((await readTotal(page, 'entries')) >= DEPOSITS);
      await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 2);
      assert.equal(
        await page
          .getByRole('img', {
            name: language === 'en' ? 'Deposits per day, by application unit' : '每日存证（按应用单位）',
          })
          .count(),
        0,
      );
      await page.mouse.move(0, 0);
      await checkPage(page, `dashboard-${language}`, errors);
      await context.close();
    });
  }

  it('adds the per-unit chart for an operator', async () => {
    const context = await openContext(browser, consortium.url, { language: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'zh-CN', 'dashboard-operator', 'a long operator password');
    await page.goto('/dashboard');
    await page.getByRole('img', { name: '每日存证（按应用单位）' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 3);
    assert.equal(await readTotal(page, 'deposits'), DEPOSITS);
    await page.mouse.move(0, 0);
    await checkPage(page, 'dashboard-operator-zh-CN', errors);
    await context.close();
  });
});
