import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import type { BrowserLease, BrowserPool } from './browser-pool.ts';
import type {
  CaptureAttachment,
  CapturePhase,
  CaptureResult,
  CaptureState,
  EnvironmentCheck,
  PartialReason,
} from './capture-result.ts';
import {
  checkAllTrafficRecorded,
  checkClock,
  checkFreshProfile,
  checkNoExtensions,
  checkProxy,
  checkServerClocks,
} from './clean-environment.ts';
import { CaptureError } from './errors.ts';
import type { TlsPeerRecord } from './exchange.ts';
import { checkCaptureUrl, NetworkPolicy } from './network-policy.ts';
import { resolveCaptureOptions, type CaptureOptions } from './options.ts';
import { loadPage, scrollToBottom, takeAttachments, withTimeout } from './page-steps.ts';
import { CaptureRecorder, resolveWithSystem, type ResolveHost } from './recorder.ts';
import { findBrokenRedirect } from './redirect-chain.ts';

export interface CaptureEnvironment {
  /** DNS resolution used by the recorder (the system resolver by default). */
  resolveHost?: ResolveHost;
  onPhase?: (phase: CapturePhase) => void;
  /** The evidence chain's current time, for the clock check of the provenance record. */
  readChainTime?: () => Promise<string | undefined>;
  signal?: AbortSignal;
  /** The capture's id (a random UUID otherwise); it names the capture in the package. */
  captureId?: string;
}

const CONNECT_TIMEOUT_MS = 15_000;
const CLOSE_TIMEOUT_MS = 5_000;

function withoutFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

function certificateAttachments(peers: readonly TlsPeerRecord[]): CaptureAttachment[] {
  return peers.map((peer) => ({
    path: `attachments/certificates/${peer.host.replace(/[^a-z0-9.-]/gi, '_').toLowerCase()}_${peer.port}.pem`,
    mediaType: 'application/x-pem-file',
    bytes: Buffer.from(peer.chain.map((certificate) => certificate.pem).join(''), 'utf8'),
    description: `TLS certificate chain presented by ${peer.host}:${peer.port} (${peer.address}), leaf first`,
  }));
}

function decideState(
  result: Pick<CaptureResult, 'exchanges' | 'refused' | 'failed'>,
  target: string,
  partial: Set<PartialReason>,
): { state: CaptureState; reasons: string[]; targetStatus: number | null } {
  const first = result.exchanges.find(
    (exchange) => exchange.url === target && exchange.response !== undefined,
  );
  if (first === undefined) {
    const refusal = result.refused.find((request) => request.url === target);
    const failure = result.failed.find((request) => request.url === target);
    const reason = refusal
      ? `refused: ${refusal.detail}`
      : failure
        ? `no response: ${failure.error}`
        : 'the browser did not request the target';
    return { state: 'failed', reasons: [reason], targetStatus: null };
  }
  const broken = findBrokenRedirect(result, first);
  if (broken !== undefined)
    return { state: 'failed', reasons: [broken], targetStatus: first.response!.status };
  if (result.exchanges.some((exchange) => exchange.truncated === 'time')) partial.add('time-limit');
  return {
    state: partial.size > 0 ? 'partial' : 'complete',
    reasons: [...partial].sort(),
    targetStatus: first.response!.status,
  };
}

async function closeQuietly(context: BrowserContext | undefined): Promise<void> {
  if (context === undefined) return;
  await withTimeout(context.close(), CLOSE_TIMEOUT_MS, 'closing the browser context').catch(() => undefined);
}

/**
 * Captures `url` in a fresh context of a pooled browser whose only network is a recording proxy.
 * Throws CAPTURE_URL_INVALID / CAPTURE_URL_REFUSED before anything runs for a bad or forbidden
 * target, BROWSER_UNAVAILABLE without Chromium; everything else ends in a result whose state says
 * how far the capture got.
 */
export async function captureUrl(
  pool: BrowserPool,
  url: string,
  options: Partial<CaptureOptions> = {},
  environment: CaptureEnvironment = {},
): Promise<CaptureResult> {
  const resolved = resolveCaptureOptions(options);
  const policy = new NetworkPolicy(resolved.allowedNetworks);
  const target = checkCaptureUrl(url, policy);
  const phase = environment.onPhase ?? (() => undefined);
  phase('starting');
  const startedMs = Date.now();
  const deadlineMs = startedMs + resolved.totalTimeoutMs;
  const lease = await pool.acquire(environment.signal);
  const recorder = await CaptureRecorder.start({
    policy,
    identity: lease.identity,
    maxTotalBytes: resolved.maxTotalBytes,
    maxRequests: resolved.maxRequests,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    resolveHost: environment.resolveHost ?? resolveWithSystem,
    clock: Date.now,
  });
  let context: BrowserContext | undefined;
  let broken = false;
  const partial = new Set<PartialReason>();
  const notes: string[] = [];
  const checks: EnvironmentCheck[] = [];
  let attachments: CaptureAttachment[] = [];
  let title = '';
  let finalUrl = target.href;
  let userAgent = '';
  const browserUrls = new Set<string>();
  const abort = () => void closeQuietly(context);
  environment.signal?.addEventListener('abort', abort, { once: true });
  try {
    context = await lease.browser.newContext({
      proxy: { server: recorder.proxyUrl },
      viewport: { width: resolved.viewportWidthPx, height: resolved.viewportHeightPx },
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    context.on('request', (request) => {
      if (/^https?:/.test(request.url())) browserUrls.add(request.url());
    });
    checks.push(await checkFreshProfile(context));
    checks.push(checkProxy(recorder.proxyUrl, process.env));
    const page: Page = await context.newPage();
    checks.push(await checkNoExtensions(lease.browser, lease.launchArgs));
    userAgent = await page.evaluate(() => navigator.userAgent);
    phase('loading');
    const navigation = await loadPage(
      page,
      target.href,
      Math.min(resolved.loadTimeoutMs, deadlineMs - Date.now()),
    );
    if (navigation.timedOut) {
      partial.add('time-limit');
      notes.push(`the page's load event did not come within ${resolved.loadTimeoutMs} ms`);
    }
    environment.signal?.throwIfAborted();
    if (navigation.notRendered) {
      notes.push(
        'the browser did not display the target (it is a file the browser downloads, such as a PDF); its bytes are in the WARC',
      );
    } else if (navigation.error !== undefined && !navigation.timedOut) {
      notes.push(`navigation ended with: ${navigation.error}`);
    }
    const rendered = !navigation.notRendered && page.url() !== 'about:blank';
    if (rendered) {
      phase('scrolling');
      await scrollToBottom(page, resolved, deadlineMs).catch((error: unknown) => {
        notes.push(`scrolling stopped: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    phase('waiting-for-network');
    const idle = await recorder.waitForIdle(
      resolved.networkIdleMs,
      Math.max(0, Math.min(resolved.idleTimeoutMs, deadlineMs - Date.now())),
    );
    if (!idle) notes.push(`the network did not go idle within ${resolved.idleTimeoutMs} ms`);
    environment.signal?.throwIfAborted();
    phase('attachments');
    if (rendered) {
      finalUrl = page.url();
      title = await withTimeout(page.title(), resolved.attachmentTimeoutMs, 'the title').catch(() => '');
      const taken = await takeAttachments(
        page,
        resolved,
        Math.max(deadlineMs, Date.now() + resolved.attachmentTimeoutMs),
      );
      attachments = taken.attachments;
      notes.push(...taken.notes);
    } else {
      notes.push('no screenshot, DOM or PDF print: the browser showed no page for the target');
    }
    if (Date.now() > deadlineMs) partial.add('time-limit');
  } catch (error) {
    if (environment.signal?.aborted)
      throw new CaptureError('CAPTURE_FAILED', 'the capture was stopped', { cause: error });
    broken = !lease.browser.isConnected();
    notes.push(
      `the capture stopped early: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  } finally {
    environment.signal?.removeEventListener('abort', abort);
    phase('finishing');
    await closeQuietly(context);
    lease.release(broken);
    await recorder.stop();
  }
  const endedMs = Date.now();
  for (const reason of recorder.limitsHit) partial.add(reason);
  const recorderUrls = new Set([
    ...recorder.exchanges.map((exchange) => exchange.url),
    ...recorder.refused.map((request) => request.url),
    ...recorder.failed.map((request) => request.url),
  ]);
  checks.push(checkAllTrafficRecorded(browserUrls, recorderUrls));
  checks.push(checkClock(endedMs, await environment.readChainTime?.().catch(() => undefined)));
  checks.push(checkServerClocks(recorder.exchanges));
  const tlsPeers = [...recorder.tlsPeers.values()];
  const outcome = decideState(recorder, withoutFragment(target), partial);
  return {
    id: environment.captureId ?? randomUUID(),
    requestedUrl: target.href,
    finalUrl,
    title,
    startedAt: new Date(startedMs).toISOString(),
    endedAt: new Date(endedMs).toISOString(),
    ...outcome,
    options: resolved,
    browser: describeBrowser(lease, userAgent),
    exchanges: [...recorder.exchanges].sort((a, b) => a.seq - b.seq),
    refused: recorder.refused,
    failed: recorder.failed,
    tlsPeers,
    environmentChecks: checks,
    attachments: [...attachments, ...certificateAttachments(tlsPeers)],
    notes,
    outboundAddresses: [...new Set(recorder.exchanges.flatMap((exchange) => exchange.localAddress ?? []))],
    proxyUrl: recorder.proxyUrl,
  };
}

function describeBrowser(lease: BrowserLease, userAgent: string): CaptureResult['browser'] {
  return {
    name: 'Chromium',
    version: lease.version,
    executablePath: lease.executablePath,
    userAgent,
    launchArgs: [...lease.launchArgs],
  };
}
