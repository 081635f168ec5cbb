// Browser tests of the portal: Debian's Chromium (/usr/bin/chromium, never a downloaded browser)
// driven by playwright-core, axe-core's accessibility rules run in the page, and a screenshot of
// every page the tests open (not compared pixel by pixel) under .tmp/screenshots/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), '.tmp', 'screenshots');
/** A phone in portrait: the parties open the court's pages on phones. */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

export type PortalLanguage = 'zh-CN' | 'en';
export const PORTAL_LANGUAGES: readonly PortalLanguage[] = ['zh-CN', 'en'];

/**
 * Why the browser tests cannot run here, or undefined when they can. With SEALCHAIN_REQUIRE_TOOLS=1
 * a missing Chromium is a failure, not a skip.
 */
export function findBrowserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `${CHROMIUM_PATH} not found (Debian package chromium): browser tests skipped`;
  if (process.env['SEALCHAIN_REQUIRE_TOOLS'] === '1') {
    throw new Error(`${reason}, but SEALCHAIN_REQUIRE_TOOLS=1 requires it`);
  }
  return reason;
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface PageOptions {
  language: PortalLanguage;
  viewport?: { width: number; height: number };
}

/** A fresh context (no cookies) with the portal's language chosen as a reader would. */
export async function openContext(
  browser: Browser,
  baseUrl: string,
  options: PageOptions,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: options.language,
    timezoneId: 'Asia/Shanghai',
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  await context.addInitScript((language) => {
    // The reader's first choice; a switch in the page then sticks across reloads.
    if (window.localStorage.getItem('sealchain.lang') === null) {
      window.localStorage.setItem('sealchain.lang', language);
    }
  }, options.language);
  return context;
}

/**
 * Collects the page's script errors, console errors, missing portal assets and server failures,
 * for tests that expect none. A 4xx answer of the API is the page's to show (a failed log-in, an
 * unknown number), so it is not counted; the browser's own console line for it is skipped too.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 500 || (response.status() >= 400 && path.startsWith('/assets/'))) {
      errors.push(`response: ${response.status()} ${path}`);
    }
  });
  return errors;
}

let axeSource: string | undefined;

function readAxeSource(): string {
  if (axeSource === undefined) {
    const require = createRequire(import.meta.url);
    axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core best-practice rules checked at any impact: the portal has one main landmark, at the top. */
const LANDMARK_RULES = ['landmark-no-duplicate-main', 'landmark-main-is-top-level'];

/**
 * The serious and critical violations of WCAG 2.1 A/AA rules that axe-core finds on the page, and
 * any violation of LANDMARK_RULES.
 */
export async function findAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's Content Security Policy does not
  // restrict (an injected <script> would be refused, as it should be).
  await page.evaluate(readAxeSource());
  const violations = await page.evaluate(async (LANDMARK_RULES: string[]) => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    // Best-practice rules the portal holds to whatever their impact: one top-level main landmark.
    const landmarks = (await axe.run(document, {
      runOnly: { type: 'rule', values: LANDMARK_RULES },
    })) as typeof result;
    // No named functions here: the test runner's transform would name them with a helper the page lacks.
    return [
      ...result.violations.map((v) => ({ ...v, strict: false })),
      ...landmarks.violations.map((v) => ({ ...v, strict: true })),
    ].map((v) => ({
      id: v.id,
      impact: v.strict ? 'serious' : v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  }, LANDMARK_RULES);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails the test when the page has a serious or critical accessibility violation. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const violations = await findAccessibilityViolations(page);
  assert.deepEqual(violations, [], `${label}: accessibility violations`);
}

/** Saves a full-page screenshot as .tmp/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Checks a page as every page test does: accessible (axe-core), no script errors, and a screenshot
 * saved under `name`.
 */
export async function checkPage(page: Page, name: string, errors: readonly string[]): Promise<void> {
  // Colours are judged once antd's transitions (a menu item turning blue) have ended.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await assertAccessible(page, name);
  assert.deepEqual(errors, [], `${name}: script errors`);
  await saveScreenshot(page, name);
}

/** Logs in through the portal's log-in page, as a person would, and waits for the home page. */
export async function logInThroughPage(
  page: Page,
  language: PortalLanguage,
  name: string,
  password: string,
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(language === 'en' ? 'User name' : '用户名').fill(name);
  await page.getByLabel(language === 'en' ? 'Password' : '密码').fill(password);
  await page.getByRole('button', { name: language === 'en' ? 'Log in' : '登 录' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}
