import type { Page } from 'playwright-core';
import type { CaptureAttachment } from './capture-result.ts';
import type { CaptureOptions } from './options.ts';

// The steps a capture takes in the page, each bounded in time: navigation, scrolling for lazy
// content, and the attachments (DOM, full-page screenshot, PDF print).

export class StepTimeout extends Error {}

/** Runs `step`, giving up (and rejecting StepTimeout) after `timeoutMs`. */
export async function withTimeout<T>(step: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StepTimeout(`${what} took longer than ${timeoutMs} ms`)),
      Math.max(1, timeoutMs),
    );
  });
  try {
    return await Promise.race([step, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export interface NavigationOutcome {
  /** The load event did not come within the time allowed. */
  timedOut: boolean;
  /** The browser did not show the target (it downloads PDFs and other files instead). */
  notRendered: boolean;
  error: string | undefined;
}

export async function loadPage(page: Page, url: string, timeoutMs: number): Promise<NavigationOutcome> {
  try {
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    return { timedOut: false, notRendered: false, error: undefined };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (error instanceof Error && error.name === 'TimeoutError') {
      return { timedOut: true, notRendered: false, error: message };
    }
    const notRendered = /Download is starting|net::ERR_ABORTED/.test(message);
    return { timedOut: false, notRendered, error: message };
  }
}

/** Scrolls a screen at a time until the bottom stays put, so lazy content loads. Returns steps taken. */
export async function scrollToBottom(
  page: Page,
  options: CaptureOptions,
  deadlineMs: number,
): Promise<number> {
  const stopAt = Math.min(deadlineMs, Date.now() + options.scrollTimeoutMs);
  let steps = 0;
  let stillAtBottom = 0;
  while (Date.now() < stopAt) {
    const position = await withTimeout(
      page.evaluate(() => {
        const before = window.scrollY;
        window.scrollBy(0, window.innerHeight);
        const root = document.scrollingElement ?? document.documentElement;
        return {
          moved: window.scrollY !== before,
          atBottom: window.scrollY + window.innerHeight >= root.scrollHeight - 2,
        };
      }),
      Math.max(1, stopAt - Date.now()),
      'scrolling',
    );
    steps += 1;
    stillAtBottom = position.atBottom && !position.moved ? stillAtBottom + 1 : 0;
    if (stillAtBottom >= 2) break;
    await new Promise((resolve) => setTimeout(resolve, options.scrollStepDelayMs));
  }
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => undefined);
  return steps;
}

export interface AttachmentOutcome {
  attachments: CaptureAttachment[];
  notes: string[];
}

function describeFailure(what: string, error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `${what} was not taken: ${message}`;
}

/** The rendered DOM, a full-page PNG screenshot and a PDF print, each within attachmentTimeoutMs. */
export async function takeAttachments(
  page: Page,
  options: CaptureOptions,
  deadlineMs: number,
): Promise<AttachmentOutcome> {
  const attachments: CaptureAttachment[] = [];
  const notes: string[] = [];
  const timeout = () => Math.max(1, Math.min(options.attachmentTimeoutMs, deadlineMs - Date.now()));
  try {
    const html = await withTimeout(page.content(), timeout(), 'the DOM');
    attachments.push({
      path: 'attachments/rendered-dom.html',
      mediaType: 'text/html; charset=utf-8',
      bytes: Buffer.from(html, 'utf8'),
      description: 'The page as the browser rendered it (DOM serialized after scripts ran)',
    });
  } catch (error) {
    notes.push(describeFailure('the rendered DOM', error));
  }
  if (options.screenshot) {
    try {
      const height = await withTimeout(
        page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollHeight),
        timeout(),
        'measuring the page',
      );
      const cut = height > options.maxScreenshotHeightPx;
      const png = await page.screenshot({
        type: 'png',
        fullPage: true,
        timeout: timeout(),
        ...(cut
          ? { clip: { x: 0, y: 0, width: options.viewportWidthPx, height: options.maxScreenshotHeightPx } }
          : {}),
      });
      if (cut)
        notes.push(`the screenshot stops at ${options.maxScreenshotHeightPx} of the page's ${height} pixels`);
      attachments.push({
        path: 'attachments/screenshot.png',
        mediaType: 'image/png',
        bytes: png,
        description: 'Full-page screenshot',
      });
    } catch (error) {
      notes.push(describeFailure('the screenshot', error));
    }
  }
  if (options.pdf) {
    try {
      const pdf = await withTimeout(
        page.pdf({ printBackground: true, format: 'A4' }),
        timeout(),
        'the PDF print',
      );
      attachments.push({
        path: 'attachments/page.pdf',
        mediaType: 'application/pdf',
        bytes: pdf,
        description: 'The page printed to PDF by the browser',
      });
    } catch (error) {
      notes.push(describeFailure('the PDF print', error));
    }
  }
  return { attachments, notes };
}
