import { accessSync, constants } from 'node:fs';
import type { Browser } from 'playwright-core';
import { BROWSER_WRAPPER_PATH, resolveBrowserUser } from './browser-user.ts';
import { CaptureError } from './errors.ts';
import { MitmIdentity } from './mitm-certificate.ts';

export interface BrowserPoolOptions {
  /** The Chromium binary (Debian's `chromium` package by default). */
  executablePath: string;
  /** Browsers run at once, each serving one capture at a time (count). */
  size: number;
  /** Longest wait for a browser to start, in milliseconds. */
  launchTimeoutMs: number;
  /** Captures a browser serves before it is replaced by a fresh process (count). */
  capturesPerBrowser: number;
  /**
   * Who a root service runs the browser as: 'auto' (`sealchain-capture` if it exists, else
   * `nobody`), a user name, or 'self' (root; needs `sandbox: false`). Ignored when not root.
   */
  browserUser: string;
  /** Chromium's own sandbox; turn off only where the kernel refuses it (no user namespaces). */
  sandbox: boolean;
}

export const DEFAULT_BROWSER_POOL_OPTIONS: Readonly<BrowserPoolOptions> = Object.freeze({
  executablePath: '/usr/bin/chromium',
  size: 2,
  launchTimeoutMs: 30_000,
  capturesPerBrowser: 100,
  browserUser: 'auto',
  sandbox: true,
});

/**
 * Flags of every capture browser: its sandbox on unless the operator turned it off, no GPU, no
 * traffic of its own (background networking, component updates, sync, DNS prefetch, QUIC, WebRTC
 * outside the proxy), no extensions, and the recorder's TLS key as the only untrusted key it accepts.
 */
export function formatLaunchArgs(spkiSha256: string, sandbox = true): string[] {
  return [
    ...(sandbox ? [] : ['--no-sandbox']),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-extensions',
    '--disable-default-apps',
    '--dns-prefetch-disable',
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication',
    `--ignore-certificate-errors-spki-list=${spkiSha256}`,
  ];
}

export interface BrowserLease {
  browser: Browser;
  version: string;
  executablePath: string;
  launchArgs: readonly string[];
  identity: MitmIdentity;
}

interface Slot {
  browser: Promise<Browser> | undefined;
  busy: boolean;
  uses: number;
}

export function resolveBrowserPoolOptions(options: Partial<BrowserPoolOptions> = {}): BrowserPoolOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_BROWSER_POOL_OPTIONS, key)) {
      throw new CaptureError('CAPTURE_OPTIONS_INVALID', `unknown browser pool option "${key}"`, {
        details: { key },
      });
    }
  }
  const resolved = { ...DEFAULT_BROWSER_POOL_OPTIONS, ...options };
  if (typeof resolved.executablePath !== 'string' || resolved.executablePath === '') {
    throw new CaptureError('CAPTURE_OPTIONS_INVALID', 'executablePath must be a path', {
      details: { key: 'executablePath' },
    });
  }
  for (const key of ['size', 'launchTimeoutMs', 'capturesPerBrowser'] as const) {
    if (!Number.isSafeInteger(resolved[key]) || resolved[key] < 1 || (key === 'size' && resolved[key] > 64)) {
      throw new CaptureError(
        'CAPTURE_OPTIONS_INVALID',
        `browser pool option ${key} must be a positive whole number`,
        {
          details: { key, value: resolved[key] },
        },
      );
    }
  }
  if (typeof resolved.browserUser !== 'string' || !/^[a-z_][a-z0-9_-]{0,31}$/i.test(resolved.browserUser)) {
    throw new CaptureError('CAPTURE_OPTIONS_INVALID', 'browserUser must be auto, self or a user name', {
      details: { key: 'browserUser' },
    });
  }
  if (typeof resolved.sandbox !== 'boolean') {
    throw new CaptureError('CAPTURE_OPTIONS_INVALID', 'sandbox must be true or false', {
      details: { key: 'sandbox' },
    });
  }
  if (resolved.browserUser === 'self' && resolved.sandbox && process.getuid?.() === 0) {
    throw new CaptureError(
      'CAPTURE_OPTIONS_INVALID',
      "Chromium's sandbox does not run as root: give browserUser another user, or set sandbox: false",
      { details: { key: 'browserUser' } },
    );
  }
  return resolved;
}

/** Why Chromium cannot run here, in one line, or undefined when its binary is executable. */
export function findBrowserProblem(executablePath: string): string | undefined {
  try {
    accessSync(executablePath, constants.X_OK);
    return undefined;
  } catch {
    return `Chromium is not installed at ${executablePath} (Debian: apt-get install chromium)`;
  }
}

/** A few Chromium processes shared by captures; each capture gets a fresh browser context. */
export class BrowserPool {
  readonly options: BrowserPoolOptions;
  readonly identity = new MitmIdentity();
  readonly launchArgs: readonly string[];
  readonly #slots: Slot[];
  readonly #waiters: (() => void)[] = [];
  #closed = false;

  constructor(options: Partial<BrowserPoolOptions> = {}) {
    this.options = resolveBrowserPoolOptions(options);
    this.launchArgs = formatLaunchArgs(this.identity.spkiSha256, this.options.sandbox);
    this.#slots = Array.from({ length: this.options.size }, () => ({
      browser: undefined,
      busy: false,
      uses: 0,
    }));
  }

  get size(): number {
    return this.#slots.length;
  }

  /** Waits for a free browser (starting it if needed); release the lease when the capture is done. */
  async acquire(signal?: AbortSignal): Promise<BrowserLease & { release: (broken?: boolean) => void }> {
    for (;;) {
      if (this.#closed) throw new CaptureError('CAPTURE_SERVICE_CLOSED', 'the browser pool is closed');
      signal?.throwIfAborted();
      const slot = this.#slots.find((candidate) => !candidate.busy);
      if (slot !== undefined) {
        slot.busy = true;
        try {
          const browser = await this.#ensureBrowser(slot);
          let released = false;
          return {
            browser,
            version: browser.version(),
            executablePath: this.options.executablePath,
            launchArgs: this.launchArgs,
            identity: this.identity,
            release: (broken = false) => {
              if (released) return;
              released = true;
              slot.uses += 1;
              if (broken || slot.uses >= this.options.capturesPerBrowser || !browser.isConnected()) {
                this.#retire(slot);
              }
              slot.busy = false;
              this.#waiters.shift()?.();
            },
          };
        } catch (error) {
          slot.busy = false;
          this.#waiters.shift()?.();
          throw error;
        }
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter();
    await Promise.all(this.#slots.map((slot) => this.#retire(slot)));
  }

  #retire(slot: Slot): Promise<void> {
    const browser = slot.browser;
    slot.browser = undefined;
    slot.uses = 0;
    return browser === undefined
      ? Promise.resolve()
      : browser.then((running) => running.close()).catch(() => undefined);
  }

  async #ensureBrowser(slot: Slot): Promise<Browser> {
    if (slot.browser !== undefined) {
      const running = await slot.browser.catch(() => undefined);
      if (running?.isConnected()) return running;
      slot.browser = undefined;
    }
    const problem = findBrowserProblem(this.options.executablePath);
    if (problem !== undefined) {
      throw new CaptureError('BROWSER_UNAVAILABLE', problem, {
        details: { executablePath: this.options.executablePath },
      });
    }
    const user = resolveBrowserUser(this.options.browserUser);
    // playwright-core is loaded at the first launch: importing it costs a node about 90 MB of memory.
    slot.browser = import('playwright-core')
      .then(({ chromium }) =>
        chromium.launch({
          ...(user === undefined
            ? { executablePath: this.options.executablePath }
            : {
                executablePath: BROWSER_WRAPPER_PATH,
                env: {
                  ...process.env,
                  SEALCHAIN_BROWSER_UID: String(user.uid),
                  SEALCHAIN_BROWSER_GID: String(user.gid),
                  SEALCHAIN_BROWSER_EXECUTABLE: this.options.executablePath,
                },
              }),
          args: [...this.launchArgs],
          // Playwright adds --no-sandbox unless told otherwise.
          chromiumSandbox: this.options.sandbox,
          proxy: { server: 'per-context' },
          timeout: this.options.launchTimeoutMs,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        }),
      )
      .catch((cause: unknown) => {
        slot.browser = undefined;
        throw new CaptureError(
          'BROWSER_UNAVAILABLE',
          `Chromium at ${this.options.executablePath} did not start`,
          {
            cause,
            details: { executablePath: this.options.executablePath },
          },
        );
      });
    return slot.browser;
  }
}
