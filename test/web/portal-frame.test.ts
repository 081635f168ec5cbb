import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import { createUser } from '../user-support.ts';
import {
  checkPage,
  findBrowserSkipReason,
  launchBrowser,
  logInThroughPage,
  openContext,
  PHONE_VIEWPORT,
  PORTAL_LANGUAGES,
  watchPageErrors,
} from './browser-support.ts';

// The portal's frame as a visitor meets it on the local consortium of `sealchain start`: served
// at `/`, in Chinese by default and in English, its search box, log-in page and not-found page,
// on a desktop and on a phone, accessible and free of script errors.

const skip = findBrowserSkipReason();

describe('the web portal frame', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;

  before(async () => {
    consortium = await startTestConsortium();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  it('serves the portal page at / with a content security policy', async () => {
    const answer = await fetch(`${consortium.url}/`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(answer.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await answer.text();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html);
    assert.ok(script, `the page loads its script from /assets/: ${html}`);
    const plain = await fetch(`${consortium.url}${script[1]}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    assert.equal(plain.status, 200);
    assert.match(plain.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(plain.headers.get('content-encoding'), null);
    // A browser that takes gzip gets the script gzipped (fetch decompresses it here).
    const gzipped = await fetch(`${consortium.url}${script[1]}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
    assert.equal(gzipped.headers.get('vary'), 'Accept-Encoding');
    assert.equal(await gzipped.text(), await plain.text());
  });

  it('answers a browser opening a portal address with the page and an API client with a problem', async () => {
    const page = await fetch(`${consortium.url}/works/2026-0001`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const api = await fetch(`${consortium.url}/v1/nothing-here`, { headers: { accept: 'text/html' } });
    assert.equal(api.status, 404);
    assert.equal((await api.json()).code, 'ROUTE_NOT_FOUND');
    for (const name of ['..%2Fpackage.json', '..%2F..%2Fpackage.json', 'index.html', 'x.exe']) {
      const asset = await fetch(`${consortium.url}/assets/${name}`);
      assert.equal(asset.status, 404, name);
      assert.equal((await asset.json()).code, 'ROUTE_NOT_FOUND', name);
    }
  });

  for (const language of PORTAL_LANGUAGES) {
    it(`shows the home page and its search in ${language}`, async () => {
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto('/');
      const heading = page.getByRole('heading', { level: 1 });
      await heading.waitFor();
      assert.equal(await heading.textContent(), language === 'en' ? 'Search and verify' : '查询与核验');
      assert.equal(await page.evaluate(() => document.documentElement.lang), language);
      await checkPage(page, `frame-home-${language}`, errors);
      await context.close();
    });

    it(`shows the log-in page and refuses a wrong password in ${language}`, async () => {
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto('/login');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.getByLabel(language === 'en' ? 'User name' : '用户名').fill('nobody');
      await page.getByLabel(language === 'en' ? 'Password' : '密码').fill('wrong password');
      await page.getByRole('button', { name: language === 'en' ? 'Log in' : '登 录' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.notEqual((await alert.textContent())?.trim(), '');
      await checkPage(page, `frame-login-failed-${language}`, errors);
      await context.close();
    });
  }

  for (const language of PORTAL_LANGUAGES) {
    it(`logs a user in through the page, shows their name and roles, and logs them out in ${language}`, async () => {
      const name = `judge-${language.toLowerCase()}`;
      await createUser(consortium.url, consortium.running.adminToken!, {
        name,
        password: 'a long judge password',
        roles: ['judge'],
        organisation: 'court',
        displayName: language === 'en' ? 'Judge Li' : '李法官',
      });
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await logInThroughPage(page, language, name, 'a long judge password');
      const account = page.getByRole('button', { name: language === 'en' ? 'Judge Li' : '李法官' });
      await account.waitFor();
      const cookies = await context.cookies();
      const session = cookies.find((cookie) => cookie.name === 'sealchain_session');
      assert.ok(session, 'a session cookie is set');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(await page.evaluate(() => document.cookie.includes('sealchain_session')), false);
      await checkPage(page, `frame-logged-in-${language}`, errors);
      // On a phone the menu folds its items into "…"; the folded copies must not be focusable.
      await page.setViewportSize(PHONE_VIEWPORT);
      await checkPage(page, `frame-logged-in-phone-${language}`, errors);
      await page.setViewportSize({ width: 1280, height: 900 });
      await account.click();
      await page.getByText(language === 'en' ? 'Log out' : '退出登录').click();
      await page.getByRole('link', { name: language === 'en' ? 'Log in' : '登录' }).waitFor();
      const after = await fetch(`${consortium.url}/v1/session`, {
        headers: { cookie: `sealchain_session=${session.value}` },
      });
      assert.equal((await after.json()).user ?? null, null, 'the session ended on the server');
      await context.close();
    });
  }

  it('switches language from the header and keeps the choice', async () => {
    const context = await openContext(browser, consortium.url, { language: 'zh-CN' });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Search and verify' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Search and verify' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await context.close();
  });

  it('fits a phone and shows a not-found page for an unknown address', async () => {
    const context = await openContext(browser, consortium.url, {
      language: 'zh-CN',
      viewport: PHONE_VIEWPORT,
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto('/no-such-page');
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await checkPage(page, 'frame-not-found-phone-zh-CN', errors);
    await context.close();
  });
});
