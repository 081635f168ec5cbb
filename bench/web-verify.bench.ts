// The public verify page (issue 14, point 6): JavaScript bytes (gzip) a browser downloads before
// the page is interactive, and the time to verify a proof bundle in the browser, against the same
// verification in Node in this run. Goals: ≤ 400 KB gzip; ≤ 200 ms per bundle.
// Bytes: the page is opened in Chromium from a running local consortium; every script response
// until the drop zone is usable is gzipped here (the server sends them uncompressed; a reverse
// proxy compresses them) and summed. Time: the page's own figure (performance.now() around
// src/verify in the page) for a first, cold check and the median of repeats, and the wall time
// from dropping the file to the verdict on screen.
import { gzipSync } from 'node:zlib';
import { checkBundle, CheckpointChecker, parseTrustFile } from '../src/verify/index.ts';
import { startTestConsortium } from '../test/local-consortium-support.ts';
import { findBrowserSkipReason, launchBrowser, openContext } from '../test/web/browser-support.ts';
import { median, printRow } from './harness.ts';

const REPEATS = 15;
const GOAL_GZIP_BYTES = 400 * 1024;
const GOAL_MS = 200;

export async function runBench(): Promise<void> {
  const skip = findBrowserSkipReason();
  if (skip !== undefined) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const consortium = await startTestConsortium();
  const browser = await launchBrowser();
  try {
    const { bundle } = await consortium.depositFinal('evidence');
    const trustText = JSON.stringify((await consortium.request('/v1/consortium')).json);
    const context = await openContext(browser, consortium.url, { language: 'zh-CN' });
    const page = await context.newPage();
    const scripts: { url: string; body: Promise<Buffer> }[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script')
        scripts.push({ url: response.url(), body: response.body() });
    });
    await page.goto('/verify');
    await page.getByTestId('consortium-source').filter({ hasText: '/v1/consortium' }).waitFor();
    const loaded = await Promise.all(
      scripts.map(async (script) => ({ url: script.url, body: await script.body })),
    );
    const gzipBytes = loaded.reduce((sum, script) => sum + gzipSync(script.body).length, 0);
    const rawBytes = loaded.reduce((sum, script) => sum + script.body.length, 0);
    console.log(`  ${loaded.length} scripts, ${rawBytes.toLocaleString('en-US')} bytes uncompressed`);

    const input = page.locator('input[type=file]').first();
    const pageMs: number[] = [];
    const wallMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      await input.setInputFiles({
        name: `b${i}.json`,
        mimeType: 'application/json',
        buffer: Buffer.from(bundle.text),
      });
      await page
        .getByTestId('bundle-source')
        .filter({ hasText: `b${i}.json` })
        .waitFor();
      const verdict = page.getByTestId('verify-verdict');
      await verdict.filter({ hasText: /毫秒/ }).waitFor();
      const text = (await verdict.textContent()) ?? '';
      wallMs.push(performance.now() - started);
      if ((await verdict.getAttribute('data-ok')) !== 'true')
        throw new Error(`the bundle failed in the page: ${text}`);
      pageMs.push(Number(/([0-9.]+) 毫秒/.exec(text)?.[1]));
    }
    await context.close();

    const trust = parseTrustFile(trustText);
    const nodeCold = (() => {
      const started = performance.now();
      checkBundle(bundle.text, parseTrustFile(trustText), {}, new CheckpointChecker());
      return performance.now() - started;
    })();
    const nodeWarm = median(
      Array.from({ length: REPEATS }, () => {
        const started = performance.now();
        checkBundle(bundle.text, trust);
        return performance.now() - started;
      }),
    );

    printRow({
      name: 'verify page JS before interactive (gzip)',
      value: gzipBytes / 1024,
      unit: 'KB',
      baselineName: 'goal',
      baselineValue: GOAL_GZIP_BYTES / 1024,
      goal: '≤ 400 KB gzip',
      met: gzipBytes <= GOAL_GZIP_BYTES,
    });
    printRow({
      name: 'bundle verified in the browser, first (cold)',
      value: pageMs[0]!,
      unit: 'ms',
      baselineName: 'same in Node, cold checker',
      baselineValue: nodeCold,
      goal: '≤ 200 ms',
      met: pageMs[0]! <= GOAL_MS,
    });
    printRow({
      name: 'bundle verified in the browser, median of repeats',
      value: median(pageMs.slice(1)),
      unit: 'ms',
      baselineName: 'same in Node',
      baselineValue: nodeWarm,
      goal: '≤ 200 ms',
      met: median(pageMs.slice(1)) <= GOAL_MS,
    });
    printRow({
      name: 'drop to verdict on screen, median (read, verify, render)',
      value: median(wallMs),
      unit: 'ms',
      baselineName: 'same in Node',
      baselineValue: nodeWarm,
      goal: '≤ 200 ms',
      met: median(wallMs) <= GOAL_MS,
    });
  } finally {
    await browser.close();
    await consortium.close();
  }
}
