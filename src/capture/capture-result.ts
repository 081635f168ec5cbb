import type { FailedRequest, RecordedExchange, RefusedRequest, TlsPeerRecord } from './exchange.ts';
import type { CaptureOptions } from './options.ts';

/**
 * complete: everything loaded within the limits; partial: a limit was hit (see reasons); failed: no
 * response for the target, or a redirect of the target refused by the network policy or unanswered.
 */
export type CaptureState = 'complete' | 'partial' | 'failed';

export type PartialReason = 'time-limit' | 'size-limit' | 'request-limit';

/** Progress of a capture, reported as it goes. */
export type CapturePhase =
  'starting' | 'loading' | 'scrolling' | 'waiting-for-network' | 'attachments' | 'finishing';

export interface CaptureAttachment {
  /** Path inside the package, e.g. `attachments/screenshot.png`. */
  path: string;
  mediaType: string;
  bytes: Uint8Array;
  description: string;
}

export type CheckStatus = 'pass' | 'fail' | 'not-checked';

export interface EnvironmentCheck {
  id: 'fresh-profile' | 'no-extensions' | 'proxy' | 'all-traffic-recorded' | 'clock' | 'server-clocks';
  status: CheckStatus;
  summary: string;
}

export interface BrowserDescription {
  name: 'Chromium';
  version: string;
  executablePath: string;
  userAgent: string;
  launchArgs: string[];
}

/** Everything one capture produced, before it is packaged. */
export interface CaptureResult {
  id: string;
  requestedUrl: string;
  finalUrl: string;
  title: string;
  startedAt: string;
  endedAt: string;
  state: CaptureState;
  /** Why the capture is partial or failed. */
  reasons: string[];
  /** HTTP status of the target's first response (a redirect's own status for a redirect), if any. */
  targetStatus: number | null;
  options: CaptureOptions;
  browser: BrowserDescription;
  exchanges: RecordedExchange[];
  refused: RefusedRequest[];
  failed: FailedRequest[];
  tlsPeers: TlsPeerRecord[];
  environmentChecks: EnvironmentCheck[];
  /** Screenshot, DOM, PDF and certificates (the provenance summary is added when packaging). */
  attachments: CaptureAttachment[];
  /** Plain remarks for the reader: attachments skipped or cut, the target not rendered, etc. */
  notes: string[];
  /** Addresses the recorder connected from. */
  outboundAddresses: string[];
  /** The recorder's proxy address, as the browser context was configured. */
  proxyUrl: string;
}
