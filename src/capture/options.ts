import { CaptureError } from './errors.ts';
import { parseNetworkAllowance } from './network-policy.ts';

/** How one page is captured. Every field has its unit in its name or comment. */
export interface CaptureOptions {
  /** Longest wait for the page's load event, in milliseconds; past it the capture is partial. */
  loadTimeoutMs: number;
  /** Longest whole capture (load, scrolling, network idle, attachments), in milliseconds. */
  totalTimeoutMs: number;
  /** Time without a request in flight that counts as the network being idle, in milliseconds. */
  networkIdleMs: number;
  /** Longest wait for the network to go idle after load and after scrolling, in milliseconds. */
  idleTimeoutMs: number;
  /** Longest time spent scrolling to the bottom for lazy content, in milliseconds. */
  scrollTimeoutMs: number;
  /** Pause between two scroll steps, in milliseconds. */
  scrollStepDelayMs: number;
  /** Most bytes recorded (request and response heads and bodies, all exchanges); past it, partial. */
  maxTotalBytes: number;
  /** Most requests recorded; past it, further requests are refused and the capture is partial. */
  maxRequests: number;
  /**
   * Networks the browser may reach besides public addresses: CIDR blocks ("127.0.0.1/32") or the
   * classes "loopback", "private", "link-local", "metadata". Empty by default.
   */
  allowedNetworks: string[];
  /** Browser window width, in CSS pixels. */
  viewportWidthPx: number;
  /** Browser window height, in CSS pixels. */
  viewportHeightPx: number;
  /** Take a full-page PNG screenshot. */
  screenshot: boolean;
  /** Print the page to PDF. */
  pdf: boolean;
  /** Tallest full-page screenshot, in CSS pixels; a taller page is cut there (and says so). */
  maxScreenshotHeightPx: number;
  /** Longest wait for each attachment (screenshot, DOM, PDF), in milliseconds. */
  attachmentTimeoutMs: number;
}

export const DEFAULT_CAPTURE_OPTIONS: Readonly<CaptureOptions> = Object.freeze({
  loadTimeoutMs: 30_000,
  totalTimeoutMs: 90_000,
  networkIdleMs: 500,
  idleTimeoutMs: 10_000,
  scrollTimeoutMs: 10_000,
  scrollStepDelayMs: 100,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRequests: 2_000,
  allowedNetworks: Object.freeze([]) as unknown as string[],
  viewportWidthPx: 1280,
  viewportHeightPx: 800,
  screenshot: true,
  pdf: true,
  maxScreenshotHeightPx: 16_000,
  attachmentTimeoutMs: 15_000,
});

const BOOLEAN_KEYS = new Set<keyof CaptureOptions>(['screenshot', 'pdf']);
const MAX_MS = 3_600_000;
const LIMITS: Partial<Record<keyof CaptureOptions, readonly [number, number]>> = {
  loadTimeoutMs: [1, MAX_MS],
  totalTimeoutMs: [1, MAX_MS],
  networkIdleMs: [1, 60_000],
  idleTimeoutMs: [0, MAX_MS],
  scrollTimeoutMs: [0, MAX_MS],
  scrollStepDelayMs: [0, 10_000],
  maxTotalBytes: [1, 2 ** 32 - 1],
  maxRequests: [1, 1_000_000],
  viewportWidthPx: [100, 8_000],
  viewportHeightPx: [100, 8_000],
  maxScreenshotHeightPx: [100, 100_000],
  attachmentTimeoutMs: [1, MAX_MS],
};

function invalid(key: string, message: string, value?: unknown): CaptureError {
  return new CaptureError('CAPTURE_OPTIONS_INVALID', `capture option ${key} ${message}`, {
    details: { key, value },
  });
}

/** Merges `options` over the defaults; rejects unknown keys and values out of range. */
export function resolveCaptureOptions(options: Partial<CaptureOptions> = {}): CaptureOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CaptureError('CAPTURE_OPTIONS_INVALID', 'capture options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CAPTURE_OPTIONS, key)) throw invalid(`"${key}"`, 'is unknown');
  }
  const resolved: CaptureOptions = { ...DEFAULT_CAPTURE_OPTIONS, ...options };
  for (const [key, range] of Object.entries(LIMITS) as [keyof CaptureOptions, readonly [number, number]][]) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < range[0] || value > range[1]) {
      throw invalid(key, `must be a whole number from ${range[0]} to ${range[1]}`, value);
    }
  }
  for (const key of BOOLEAN_KEYS) {
    if (typeof resolved[key] !== 'boolean') throw invalid(key, 'must be true or false', resolved[key]);
  }
  if (!Array.isArray(resolved.allowedNetworks) || resolved.allowedNetworks.length > 64) {
    throw invalid('allowedNetworks', 'must be a list of at most 64 CIDR blocks or network classes');
  }
  for (const entry of resolved.allowedNetworks) parseNetworkAllowance(entry);
  resolved.allowedNetworks = [...resolved.allowedNetworks];
  if (resolved.loadTimeoutMs > resolved.totalTimeoutMs) {
    throw invalid('loadTimeoutMs', 'must not exceed totalTimeoutMs', resolved.loadTimeoutMs);
  }
  return resolved;
}
