import type { Browser, BrowserContext } from 'playwright-core';
import type { EnvironmentCheck } from './capture-result.ts';
import type { RecordedExchange } from './exchange.ts';

// The clean-environment check of the provenance record: what a court would ask about the browser
// that saw the page — was its profile fresh, did it run extensions, did anything reach the network
// around the recorder, and was the clock right.

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];
const CLOCK_TOLERANCE_MS = 120_000;

export async function checkFreshProfile(context: BrowserContext): Promise<EnvironmentCheck> {
  const cookies = await context.cookies();
  const workers = context.serviceWorkers().length;
  const pages = context.pages().length;
  const fresh = cookies.length === 0 && workers === 0 && pages === 0;
  return {
    id: 'fresh-profile',
    status: fresh ? 'pass' : 'fail',
    summary: fresh
      ? 'a new browser context (no cookies, no service workers, no pages) was made for this capture and closed after it'
      : `the context was not empty before navigation: ${cookies.length} cookies, ${workers} service workers, ${pages} pages`,
  };
}

export async function checkNoExtensions(
  browser: Browser,
  launchArgs: readonly string[],
): Promise<EnvironmentCheck> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = (await session.send('Target.getTargets')) as {
      targetInfos: { url: string; type: string }[];
    };
    const extensions = targetInfos.filter((target) => target.url.startsWith('chrome-extension://'));
    const disabled = launchArgs.includes('--disable-extensions');
    return {
      id: 'no-extensions',
      status: extensions.length === 0 && disabled ? 'pass' : 'fail',
      summary:
        extensions.length === 0
          ? `no extension is running (the browser was started with --disable-extensions; ${targetInfos.length} targets inspected)`
          : `extensions are running: ${extensions.map((target) => target.url).join(', ')}`,
    };
  } finally {
    await session.detach().catch(() => undefined);
  }
}

export function checkProxy(proxyUrl: string, env: NodeJS.ProcessEnv): EnvironmentCheck {
  const set = PROXY_VARIABLES.filter((name) => (env[name] ?? '') !== '');
  return {
    id: 'proxy',
    status: 'pass',
    summary:
      `the browser context's only proxy was the sealchain recorder at ${proxyUrl}, which connects to servers directly` +
      (set.length === 0
        ? '; no proxy environment variables were set'
        : `; ${set.join(', ')} set in the environment but not used`),
  };
}

/** Every http(s) URL the browser requested reached the recorder (recorded, refused or failed there). */
export function checkAllTrafficRecorded(
  browserUrls: ReadonlySet<string>,
  recorderUrls: ReadonlySet<string>,
): EnvironmentCheck {
  const missing = [...browserUrls].filter((url) => !recorderUrls.has(url));
  return {
    id: 'all-traffic-recorded',
    status: missing.length === 0 ? 'pass' : 'fail',
    summary:
      missing.length === 0
        ? `all ${browserUrls.size} URLs the browser requested went through the recorder`
        : `${missing.length} requested URLs did not reach the recorder: ${missing.slice(0, 5).join(', ')}`,
  };
}

export function checkClock(localMs: number, chainTime: string | undefined): EnvironmentCheck {
  if (chainTime === undefined) {
    return {
      id: 'clock',
      status: 'not-checked',
      summary: 'no chain time was available to compare the system clock with',
    };
  }
  const skewMs = localMs - Date.parse(chainTime);
  return {
    id: 'clock',
    status: Math.abs(skewMs) <= CLOCK_TOLERANCE_MS ? 'pass' : 'fail',
    summary: `the system clock read ${new Date(localMs).toISOString()} when the chain's time was ${chainTime} (difference ${skewMs} ms, tolerance ±${CLOCK_TOLERANCE_MS} ms)`,
  };
}

/** The system clock against the Date headers of the servers (RFC 9110 §6.6.1), median difference. */
export function checkServerClocks(exchanges: readonly RecordedExchange[]): EnvironmentCheck {
  const skews: number[] = [];
  for (const exchange of exchanges) {
    const date = exchange.response?.headers.find(([name]) => name.toLowerCase() === 'date')?.[1];
    const serverMs = date === undefined ? NaN : Date.parse(date);
    if (Number.isFinite(serverMs)) skews.push(Date.parse(exchange.startedAt) - serverMs);
  }
  if (skews.length === 0) {
    return { id: 'server-clocks', status: 'not-checked', summary: 'no response carried a Date header' };
  }
  skews.sort((a, b) => a - b);
  const median = skews[Math.floor(skews.length / 2)]!;
  return {
    id: 'server-clocks',
    status: Math.abs(median) <= CLOCK_TOLERANCE_MS ? 'pass' : 'fail',
    summary: `the system clock differs from the servers' Date headers by ${median} ms (median of ${skews.length}; Date has one-second resolution)`,
  };
}
