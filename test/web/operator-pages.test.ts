import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestConsortium, type TestConsortium } from '../local-consortium-support.ts';
import { createUser, enrolTotp, loginAs } from '../user-support.ts';
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

// The operator's pages on the local consortium: every chain with its sizes and witnesses, the
// alarms, worded by the page from the server's codes and numbers (no English sentence of the
// server in the Chinese page); users created (one-time password shown once), a password reset, a
// lost second factor switched off and a user disabled; the organisations. In Chinese and in English.

const skip = findBrowserSkipReason();
const PASSWORD = 'a long operator password';
const text = (language: PortalLanguage, zh: string, en: string) => (language === 'en' ? en : zh);

describe('the operator pages', { skip }, () => {
  let consortium: TestConsortium;
  let browser: Browser;

  before(async () => {
    consortium = await startTestConsortium();
    browser = await launchBrowser();
    for (const language of PORTAL_LANGUAGES) {
      await createUser(consortium.url, consortium.running.adminToken!, {
        name: `operator-${language.toLowerCase()}`,
        password: PASSWORD,
        roles: ['operator'],
        organisation: 'court',
      });
    }
    await consortium.depositFinal('evidence');
  });
  after(async () => {
    await browser?.close();
    await consortium?.close();
  });

  for (const language of PORTAL_LANGUAGES) {
    it(`shows the chains, their witnesses and the alarms in ${language}`, async () => {
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await logInThroughPage(page, language, `operator-${language.toLowerCase()}`, PASSWORD);
      await page.getByRole('link', { name: text(language, '联盟状态', 'Consortium') }).click();
      await page
        .getByRole('heading', { level: 1, name: text(language, '联盟状态', 'Consortium status') })
        .waitFor();
      const chains = (await consortium.request('/v1/chains')).json.chains as {
        name: string;
        witnesses: string[];
      }[];
      assert.ok(chains.length >= 2);
      for (const chain of chains) {
        const card = page.getByTestId(`chain-${chain.name}`);
        await card.waitFor();
        for (const witness of chain.witnesses) {
          await card.getByRole('cell', { name: witness, exact: true }).waitFor();
        }
      }
      const evidence = page.getByTestId('chain-evidence');
      assert.ok(
        Number(
          (await evidence.locator('.ant-statistic-content-value').first().textContent())?.replace(/,/g, ''),
        ) >= 1,
      );
      await page.getByText(text(language, '没有告警', 'No alarms')).waitFor();
      const finality = (await page.getByTestId('finality-evidence').textContent()) ?? '';
      assert.match(
        finality,
        language === 'en'
          ? /^Final: cosigned by \d of \d independent witnesses, quorum \d/
          : /^已最终确定：\d 个独立见证方中 \d 个已联署，法定数 \d/,
      );
      const okTag = evidence.locator('[data-state="ok"]').first();
      await okTag.waitFor();
      assert.equal((await okTag.textContent())?.trim(), text(language, '正常', 'OK'));
      if (language === 'zh-CN') {
        // The server's English (its finality sentence, witness states, reasons) is never shown:
        // what Latin text remains is names (origins, organisations, witnesses) and codes.
        const shown = await page.locator('main').first().innerText();
        assert.doesNotMatch(shown, /\b(cosigned|quorum|independent|witness(es)?|does not count|ok)\b/i);
        assert.doesNotMatch(shown, /[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/, 'no Latin sentence');
      }
      await page.mouse.move(0, 0);
      await checkPage(page, `operator-status-${language}`, errors);
      await context.close();
    });

    it(`creates a user, resets a password and disables a user in ${language}`, async () => {
      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await logInThroughPage(page, language, `operator-${language.toLowerCase()}`, PASSWORD);
      await page.goto('/operator/users');
      await page
        .getByRole('heading', { level: 1, name: text(language, '用户与机构', 'Users and organisations') })
        .waitFor();
      await page
        .getByRole('cell', { name: `operator-${language.toLowerCase()}`, exact: true })
        .first()
        .waitFor();
      const name = `judge-${language.toLowerCase()}`;
      await page.getByLabel(text(language, '用户名', 'User name')).fill(name);
      await page.getByLabel(text(language, '显示名称', 'Display name')).fill('Judge');
      const organisation = page.getByRole('combobox', { name: text(language, '所属机构', 'Organisation') });
      await organisation.click();
      await page.locator('.ant-select-item-option[title="court"]').click();
      const roles = page.getByRole('combobox', { name: text(language, '角色', 'Roles') });
      await roles.click();
      await page.locator(`.ant-select-item-option[title="${text(language, '法官', 'Judge')}"]`).click();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: text(language, '创 建', 'Create') }).click();
      const shown = page.getByTestId('one-time-password');
      await shown.waitFor();
      const password = (await shown.textContent())!.trim();
      const login = await loginAs(consortium.url, name, password);
      assert.ok(login.cookie.startsWith('sealchain_session='), 'the one-time password logs the new user in');
      const row = page.getByRole('row').filter({ hasText: name });
      await row.waitFor();
      await page.getByText('court').first().waitFor();
      await page.mouse.move(0, 0);
      await checkPage(page, `operator-users-${language}`, errors);

      await row.getByRole('button', { name: text(language, '重置密码', 'Reset password') }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: text(language, '重置密码', 'Reset password') })
        .click();
      await page.waitForFunction((old) => {
        const node = document.querySelector('[data-testid=one-time-password]');
        return node !== null && node.textContent?.trim() !== old;
      }, password);
      await assert.rejects(loginAs(consortium.url, name, password), /answered 401/);

      await row.getByRole('button', { name: text(language, '停 用', 'Disable') }).click();
      await page
        .getByRole('tooltip')
        .getByRole('button', { name: text(language, '停 用', 'Disable') })
        .click();
      await row.getByText(text(language, '已停用', 'Disabled')).waitFor();
      await context.close();
    });
  }

  for (const language of PORTAL_LANGUAGES) {
    it(`switches off a judge's lost second factor in ${language}`, async () => {
      const name = `judge-phone-${language.toLowerCase()}`;
      await createUser(consortium.url, consortium.running.adminToken!, {
        name,
        password: PASSWORD,
        roles: ['judge'],
        organisation: 'court',
      });
      await enrolTotp(consortium.url, await loginAs(consortium.url, name, PASSWORD));
      await assert.rejects(loginAs(consortium.url, name, PASSWORD), /TOTP_REQUIRED/);

      const context = await openContext(browser, consortium.url, { language });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await logInThroughPage(page, language, `operator-${language.toLowerCase()}`, PASSWORD);
      await page.goto('/operator/users');
      const row = page.getByRole('row').filter({ hasText: name });
      await row.waitFor();
      const label = text(language, '关闭双因素认证', 'Turn off two-step verification');
      const other = page.getByRole('row').filter({ hasText: `operator-${language.toLowerCase()}` });
      assert.equal(
        await other.getByRole('button', { name: label }).count(),
        0,
        'only for users who have one',
      );
      await row.getByRole('button', { name: label }).click();
      await page.getByRole('tooltip').getByText(name, { exact: false }).waitFor();
      await page.mouse.move(0, 0);
      await checkPage(page, `operator-users-totp-reset-${language}`, errors);
      await page.getByRole('tooltip').getByRole('button', { name: label }).click();
      await row.getByRole('button', { name: label }).waitFor({ state: 'detached' });
      await loginAs(consortium.url, name, PASSWORD);
      await context.close();
    });
  }
});
