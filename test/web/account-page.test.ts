import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_TOTP, generateTotp } from '../../src/accounts/index.ts';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import { createUser, enrolTotp, loginAs } from '../user-support.ts';
import {
  checkPage,
  findBrowserSkipReason,
  launchBrowser,
  logInThroughPage,
  openContext,
  PHONE_VIEWPORT,
  saveScreenshot,
  watchPageErrors,
  type PortalLanguage,
} from './browser-support.ts';

// The account page as its users meet it: a creator changes their password and logs in with the
// new one; a clerk whose password an operator reset is sent to the page until they change it; a
// judge enrols a second factor from the QR code's secret and then needs a code to log in; a
// registrar turns their own second factor off with the password and a current code.

const skip = findBrowserSkipReason();

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 (no padding) back to bytes, as an authenticator app reads the secret. */
function decodeBase32(text: string): Uint8Array {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const digit = BASE32_ALPHABET.indexOf(char);
    assert.ok(digit >= 0, `base32 digit ${char}`);
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}

const LABELS = {
  en: {
    current: 'Current password',
    next: 'New password',
    confirm: 'New password again',
    change: 'Change password',
    logout: 'Log out',
    login: 'Log in',
    user: 'User name',
    password: 'Password',
    totp: 'One-time code',
  },
  'zh-CN': {
    current: '当前密码',
    next: '新密码',
    confirm: '再次输入新密码',
    change: '修改密码',
    logout: '退出登录',
    login: '登 录',
    user: '用户名',
    password: '密码',
    totp: '动态验证码',
  },
} as const;

async function changePassword(page: Page, language: PortalLanguage, current: string, next: string) {
  const labels = LABELS[language];
  await page.getByLabel(labels.current, { exact: true }).fill(current);
  await page.getByLabel(labels.next, { exact: true }).fill(next);
  await page.getByLabel(labels.confirm, { exact: true }).fill(next);
  await page.getByRole('button', { name: labels.change }).click();
}

/** Moves the pointer off the page, so axe judges the colours at rest rather than a hovered button. */
async function restPointer(page: Page) {
  await page.mouse.move(0, 0);
}

async function logOut(page: Page, language: PortalLanguage, displayName: string) {
  await page.getByRole('button', { name: displayName }).click();
  await page.getByText(LABELS[language].logout).click();
  await page.getByRole('link', { name: language === 'en' ? 'Log in' : '登录' }).waitFor();
}

describe('the account page', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;
  let adminToken: string;

  before(async () => {
    consortium = await startTestConsortium();
    adminToken = consortium.running.adminToken!;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  it('lets a creator change their password, refusing a wrong current one, in en', async () => {
    await createUser(consortium.url, adminToken, {
      name: 'creator-lin',
      password: 'first password 1',
      roles: ['creator'],
      organisation: null,
      displayName: 'Lin Wei',
    });
    const context = await openContext(browser, consortium.url, { language: 'en' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'en', 'creator-lin', 'first password 1');
    await page.getByRole('button', { name: 'Lin Wei' }).click();
    await page.getByText('My account').click();
    await page.waitForURL((url) => url.pathname === '/account');
    const profile = page.locator('.ant-descriptions');
    await profile.waitFor();
    const text = (await profile.textContent()) ?? '';
    for (const part of ['creator-lin', 'Lin Wei', 'None', 'Creator']) assert.ok(text.includes(part), text);
    await page.getByText(/for judge, registrar and operator accounts only/).waitFor();

    await changePassword(page, 'en', 'creator-lin', 'creator-lin');
    await page.getByText('A new password is 8 to 256 characters and not your user name').first().waitFor();
    await page.getByLabel('New password', { exact: true }).fill('creator-lin');
    await page.getByText('The new password must not be your user name').waitFor();

    await changePassword(page, 'en', 'not my password', 'second password 2');
    const refused = page.getByRole('alert').filter({ hasText: 'The current password is not right' });
    await refused.waitFor();
    assert.match((await refused.textContent()) ?? '', /LOGIN_FAILED/);

    await changePassword(page, 'en', 'first password 1', 'second password 2');
    await page.getByText('Your password is changed').waitFor();
    await restPointer(page);
    await checkPage(page, 'account-password-changed-en', errors);
    await logOut(page, 'en', 'Lin Wei');

    await page.goto('/login');
    await page.getByLabel('User name').fill('creator-lin');
    await page.getByLabel('Password').fill('first password 1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await logInThroughPage(page, 'en', 'creator-lin', 'second password 2');
    await page.getByRole('button', { name: 'Lin Wei' }).waitFor();
    await context.close();
  });

  it('sends a clerk whose password an operator reset to the account page until they change it, in zh-CN', async () => {
    await createUser(consortium.url, adminToken, {
      name: 'clerk-zhao',
      password: 'clerk password 1',
      roles: ['clerk'],
      organisation: 'court',
      displayName: '赵书记员',
    });
    const reset = await consortium.request('/v1/users/clerk-zhao/password', {
      method: 'POST',
      token: adminToken,
    });
    assert.equal(reset.status, 200, reset.text);
    const oneTimePassword: string = reset.json.oneTimePassword;
    const context = await openContext(browser, consortium.url, { language: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await logInThroughPage(page, 'zh-CN', 'clerk-zhao', oneTimePassword);
    await page.waitForURL((url) => url.pathname === '/account');
    const notice = page.getByTestId('password-change-required');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /请先修改密码/);
    await page.getByText('你的角色不使用双因素认证', { exact: false }).waitFor();
    await checkPage(page, 'account-forced-change-zh-CN', errors);
    // On a phone the page fits; axe runs on the desktop size above, because the frame's menu on a
    // phone, logged in, hides its links in an aria-hidden overflow (reported, not this page's).
    await page.setViewportSize(PHONE_VIEWPORT);
    await notice.waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal overflow on a phone (${overflow}px)`);
    await saveScreenshot(page, 'account-forced-change-zh-CN-phone');

    await page.goto('/verify');
    await page.waitForURL((url) => url.pathname === '/account');
    // The API itself refuses the session too: a court verification, which a clerk may record.
    const blocked = await page.evaluate(async () => {
      const { csrfToken } = await (await fetch('/v1/session')).json();
      const answer = await fetch('/v1/verifications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: JSON.stringify({}),
      });
      return { status: answer.status, code: (await answer.json()).code };
    });
    assert.deepEqual(blocked, { status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    await changePassword(page, 'zh-CN', oneTimePassword, 'clerk password 2');
    await page.getByText('密码已修改', { exact: false }).waitFor();
    assert.equal(await notice.count(), 0, 'the notice is gone once the password is changed');
    await page.goto('/verify');
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/verify');
    const session = await page.evaluate(async () => (await fetch('/v1/session')).json());
    assert.equal(session.user.passwordChangeRequired, false);
    await context.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`lets a judge enrol a second factor, which log-in then asks for, in ${language}`, async () => {
      const name = `judge-${language.toLowerCase()}`;
      const displayName = language === 'en' ? 'Judge Chen' : '陈法官';
      await createUser(consortium.url, adminToken, {
        name,
        password: 'judge password 1',
        roles: ['judge'],
        organisation: 'court',
        displayName,
      });
      const labels = LABELS[language];
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await logInThroughPage(page, language, name, 'judge password 1');
      await page.goto('/account');
      await page.getByRole('button', { name: language === 'en' ? 'Set it up' : '开始设置' }).click();
      const secretText = page.getByTestId('totp-secret');
      await secretText.waitFor();
      const qr = page.getByTestId('totp-qr');
      await qr.waitFor();
      assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
      const secret = decodeBase32(((await secretText.textContent()) ?? '').trim());
      assert.equal(secret.length, 20);
      await page.getByText(`otpauth://totp/sealchain:${name}?secret=`, { exact: false }).waitFor();
      await restPointer(page);
      await checkPage(page, `account-totp-enrol-${language}`, errors);

      const codeLabel = language === 'en' ? 'The 6-digit code the app shows' : '应用显示的 6 位验证码';
      await page
        .getByLabel(codeLabel)
        .fill('000000' === generateTotp(secret, Date.now()) ? '111111' : '000000');
      await page
        .getByRole('button', { name: language === 'en' ? 'Confirm and switch on' : '确认并开启' })
        .click();
      await page.getByText(/TOTP_INVALID/).waitFor();
      await page.getByLabel(codeLabel).fill(generateTotp(secret, Date.now()));
      await page
        .getByRole('button', { name: language === 'en' ? 'Confirm and switch on' : '确认并开启' })
        .click();
      await page.getByText(language === 'en' ? 'The second factor is on.' : '双因素认证已开启。').waitFor();
      await logOut(page, language, displayName);

      await page.goto('/login');
      await page.getByLabel(labels.user).fill(name);
      await page.getByLabel(labels.password, { exact: true }).fill('judge password 1');
      await page.getByRole('button', { name: labels.login }).click();
      const totp = page.getByLabel(labels.totp);
      await totp.waitFor();
      // The step of the confirming code is used up; the next one is within the accepted window.
      await totp.fill(generateTotp(secret, Date.now() + DEFAULT_TOTP.stepSeconds * 1000));
      await page.getByRole('button', { name: labels.login }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
      await page.getByRole('button', { name: displayName }).waitFor();
      await page.goto('/account');
      await page.getByText(language === 'en' ? /The second factor is on/ : /双因素认证已开启/).waitFor();
      await context.close();
    });
  }

  for (const language of ['zh-CN', 'en'] as const) {
    it(`lets a registrar turn off their own second factor with the password and a code, in ${language}`, async () => {
      const name = `registrar-off-${language.toLowerCase()}`;
      const displayName = language === 'en' ? 'Registrar Xu' : '徐审查员';
      await createUser(consortium.url, adminToken, {
        name,
        password: 'registrar password 1',
        roles: ['registrar'],
        organisation: 'copyright-center',
        displayName,
      });
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await logInThroughPage(page, language, name, 'registrar password 1');
      const enrolledAt = Date.now();
      const secret = await enrolTotp(
        consortium.url,
        await loginAs(consortium.url, name, 'registrar password 1'),
        enrolledAt,
      );
      await page.goto('/account');
      const off = language === 'en' ? 'Turn off two-step verification' : '关闭双因素认证';
      const region = page.getByRole('region', { name: off });
      const password = region.getByLabel(language === 'en' ? 'Your current password' : '当前密码', {
        exact: true,
      });
      const code = region.getByLabel(
        language === 'en' ? 'The 6-digit code the app shows now' : '应用当前显示的 6 位验证码',
      );
      await password.fill('registrar password 1');
      await code.fill(generateTotp(secret, enrolledAt)); // used up by the enrolment
      await region.getByRole('button', { name: off }).click();
      const refused = page.getByRole('alert').filter({ hasText: 'TOTP_INVALID' });
      await refused.waitFor();
      assert.match(
        (await refused.textContent()) ?? '',
        language === 'en' ? /Two-step verification was not turned off/ : /双因素认证未关闭/,
      );
      await restPointer(page);
      await checkPage(page, `account-totp-off-refused-${language}`, errors);
      await assert.rejects(loginAs(consortium.url, name, 'registrar password 1'), /TOTP_REQUIRED/);

      await code.fill(generateTotp(secret, enrolledAt + DEFAULT_TOTP.stepSeconds * 1000));
      await region.getByRole('button', { name: off }).click();
      await page
        .getByRole('status')
        .filter({ hasText: language === 'en' ? 'Two-step verification is off' : '双因素认证已关闭' })
        .waitFor();
      await page.getByRole('button', { name: language === 'en' ? 'Set it up' : '开始设置' }).waitFor();
      await restPointer(page);
      await checkPage(page, `account-totp-off-${language}`, errors);
      await loginAs(consortium.url, name, 'registrar password 1');
      await context.close();
    });
  }
});
