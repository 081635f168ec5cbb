// Web capture: latency (p50) of a whole capture — fresh context behind the recorder, load, scroll,
// network idle, DOM, screenshot and PDF, then the WACZ — for a simple page and a page of 50
// resources, and captures per minute with a pool of two browsers; each beside a bare page load
// (a fresh context, navigation to the load event, no recorder) in the same browsers.
import type { Browser } from 'playwright-core';
import { BrowserPool, captureToWacz, captureUrl, type CaptureOptions } from '../src/capture/index.ts';
import { findChromiumSkipReason, TEST_CHROMIUM } from '../src/capture/test-support/chromium.ts';
import { startFixtureSite } from '../test/fixtures/capture/fixture-site.ts';
import { percentile, printRow } from './harness.ts';

const SAMPLES = 8;
const THROUGHPUT_CAPTURES = 12;
const OPTIONS: Partial<CaptureOptions> = { allowedNetworks: ['127.0.0.1/32'] };
const SOFTWARE = { name: 'sealchain', version: 'bench' };

async function loadBare(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
  } finally {
    await context.close();
  }
}

async function captureAndPackage(pool: BrowserPool, url: string): Promise<void> {
  const result = await captureUrl(pool, url, OPTIONS);
  if (result.state !== 'complete')
    throw new Error(`capture of ${url} ended ${result.state}: ${result.reasons.join(', ')}`);
  await captureToWacz(result, SOFTWARE);
}

async function timeEach(count: number, run: () => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function ratePerMinute(total: number, workers: number, run: () => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        next += 1;
        await run();
      }
    }),
  );
  return total / ((performance.now() - start) / 60_000);
}

export async function runBench(): Promise<void> {
  const skip = findChromiumSkipReason();
  if (skip !== undefined) {
    console.log(`capture: ${skip}`);
    return;
  }
  const site = await startFixtureSite();
  const pool = new BrowserPool({ executablePath: TEST_CHROMIUM, size: 2 });
  try {
    const lease = await pool.acquire();
    const browser = lease.browser;
    lease.release();
    for (const [label, path] of [
      ['simple page', '/static'],
      ['50-resource page', '/many'],
    ] as const) {
      const url = `${site.origin}${path}`;
      await captureAndPackage(pool, url);
      await loadBare(browser, url);
      const bare = await timeEach(SAMPLES, () => loadBare(browser, url));
      const captures = await timeEach(SAMPLES, () => captureAndPackage(pool, url));
      printRow({
        name: `capture + WACZ p50, ${label}`,
        value: percentile(captures, 50),
        unit: 'ms',
        baselineName: 'bare page load p50, same browser',
        baselineValue: percentile(bare, 50),
      });
    }
    const url = `${site.origin}/static`;
    const leases = await Promise.all(Array.from({ length: pool.size }, () => pool.acquire()));
    const browsers = leases.map((held) => held.browser);
    for (const held of leases) held.release();
    let turn = 0;
    const bareRate = await ratePerMinute(THROUGHPUT_CAPTURES, pool.size, () =>
      loadBare(browsers[turn++ % browsers.length]!, url),
    );
    printRow({
      name: `captures per minute, pool of ${pool.size}, simple page`,
      value: await ratePerMinute(THROUGHPUT_CAPTURES, pool.size, () => captureAndPackage(pool, url)),
      unit: '/min',
      baselineName: `bare page loads per minute, ${pool.size} at once`,
      baselineValue: bareRate,
    });
  } finally {
    await pool.close();
    await site.close();
  }
}
