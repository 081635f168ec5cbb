import { createHash } from 'node:crypto';
import { arch, platform, release, type } from 'node:os';
import type { CaptureResult } from './capture-result.ts';

// The provenance summary of a capture: who captured what, when, with which software and browser,
// on which system, under which options, what was refused, what TLS certificates the servers
// showed, and whether the environment was clean. It goes into the package as JSON and as HTML.

export const PROVENANCE_FORMAT = 'sealchain-capture-provenance/1';

export interface Provenance {
  format: typeof PROVENANCE_FORMAT;
  captureId: string;
  requestedUrl: string;
  finalUrl: string;
  title: string;
  state: CaptureResult['state'];
  reasons: string[];
  targetStatus: number | null;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  software: { name: string; version: string; runtime: string };
  browser: CaptureResult['browser'];
  system: { os: string; release: string; platform: string; arch: string };
  network: { recorderProxy: string; outboundAddresses: string[]; allowedNetworks: string[] };
  options: CaptureResult['options'];
  counts: { exchanges: number; truncated: number; refused: number; failed: number; recordedBytes: number };
  blockedRequests: CaptureResult['refused'];
  failedRequests: CaptureResult['failed'];
  tls: {
    host: string;
    port: number;
    address: string;
    protocol: string | null;
    cipher: string | null;
    authorized: boolean;
    authorizationError: string | null;
    chain: {
      subject: string;
      issuer: string;
      serialNumber: string;
      validFrom: string;
      validTo: string;
      fingerprint256: string;
    }[];
  }[];
  cleanEnvironment: { clean: boolean; checks: CaptureResult['environmentChecks'] };
  attachments: { path: string; mediaType: string; bytes: number; sha256: string; description: string }[];
  notes: string[];
}

export interface SoftwareDescription {
  name: string;
  version: string;
}

export function buildProvenance(capture: CaptureResult, software: SoftwareDescription): Provenance {
  const recordedBytes = capture.exchanges.reduce(
    (sum, exchange) =>
      sum +
      exchange.request.length +
      (exchange.response ? exchange.response.head.length + exchange.response.body.length : 0),
    0,
  );
  return {
    format: PROVENANCE_FORMAT,
    captureId: capture.id,
    requestedUrl: capture.requestedUrl,
    finalUrl: capture.finalUrl,
    title: capture.title,
    state: capture.state,
    reasons: capture.reasons,
    targetStatus: capture.targetStatus,
    startedAt: capture.startedAt,
    endedAt: capture.endedAt,
    durationMs: Date.parse(capture.endedAt) - Date.parse(capture.startedAt),
    software: { ...software, runtime: `Node.js ${process.versions.node}` },
    browser: capture.browser,
    system: { os: type(), release: release(), platform: platform(), arch: arch() },
    network: {
      recorderProxy: capture.proxyUrl,
      outboundAddresses: capture.outboundAddresses,
      allowedNetworks: capture.options.allowedNetworks,
    },
    options: capture.options,
    counts: {
      exchanges: capture.exchanges.length,
      truncated: capture.exchanges.filter((exchange) => exchange.truncated !== undefined).length,
      refused: capture.refused.length,
      failed: capture.failed.length,
      recordedBytes,
    },
    blockedRequests: capture.refused,
    failedRequests: capture.failed,
    tls: capture.tlsPeers.map((peer) => ({
      ...peer,
      chain: peer.chain.map(({ pem: _pem, ...certificate }) => certificate),
    })),
    cleanEnvironment: {
      clean: capture.environmentChecks.every((check) => check.status !== 'fail'),
      checks: capture.environmentChecks,
    },
    attachments: capture.attachments.map((attachment) => ({
      path: attachment.path,
      mediaType: attachment.mediaType,
      bytes: attachment.bytes.length,
      sha256: createHash('sha256').update(attachment.bytes).digest('hex'),
      description: attachment.description,
    })),
    notes: capture.notes,
  };
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

function table(rows: readonly (readonly [string, unknown])[]): string {
  return `<table>${rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;
}

function list(items: readonly string[], empty: string): string {
  return items.length === 0
    ? `<p>${escapeHtml(empty)}</p>`
    : `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

/** A self-contained HTML page (no scripts, no external resources) showing the provenance record. */
export function renderProvenanceHtml(provenance: Provenance): string {
  const sections = [
    `<h1>Web capture provenance</h1>`,
    table([
      ['Requested URL', provenance.requestedUrl],
      ['Final URL', provenance.finalUrl],
      ['Page title', provenance.title],
      [
        'State',
        `${provenance.state}${provenance.reasons.length > 0 ? ` (${provenance.reasons.join(', ')})` : ''}`,
      ],
      ['HTTP status of the target', provenance.targetStatus ?? 'none'],
      ['Started', provenance.startedAt],
      ['Ended', provenance.endedAt],
      [
        'Capture software',
        `${provenance.software.name} ${provenance.software.version} (${provenance.software.runtime})`,
      ],
      [
        'Browser',
        `${provenance.browser.name} ${provenance.browser.version} at ${provenance.browser.executablePath}`,
      ],
      ['User agent', provenance.browser.userAgent],
      [
        'Operating system',
        `${provenance.system.os} ${provenance.system.release} (${provenance.system.platform}, ${provenance.system.arch})`,
      ],
      ['Outbound addresses', provenance.network.outboundAddresses.join(', ') || 'none recorded'],
      ['Recorder', provenance.network.recorderProxy],
      [
        'Exchanges recorded',
        `${provenance.counts.exchanges} (${provenance.counts.truncated} truncated, ${provenance.counts.recordedBytes} bytes)`,
      ],
    ]),
    `<h2>Clean environment: ${provenance.cleanEnvironment.clean ? 'yes' : 'NO'}</h2>`,
    list(
      provenance.cleanEnvironment.checks.map((check) => `${check.id}: ${check.status} — ${check.summary}`),
      'no checks',
    ),
    `<h2>Blocked requests</h2>`,
    list(
      provenance.blockedRequests.map(
        (request) => `${request.method} ${request.url} — ${request.reason}: ${request.detail}`,
      ),
      'none',
    ),
    `<h2>Failed requests</h2>`,
    list(
      provenance.failedRequests.map((request) => `${request.method} ${request.url} — ${request.error}`),
      'none',
    ),
    `<h2>TLS certificates</h2>`,
    list(
      provenance.tls.map(
        (peer) =>
          `${peer.host}:${peer.port} (${peer.address}) ${peer.protocol ?? ''} — ${peer.authorized ? 'chain verified' : `not verified: ${peer.authorizationError}`} — ` +
          peer.chain
            .map(
              (c) =>
                `${c.subject.replaceAll('\n', ', ')} [SHA-256 ${c.fingerprint256}, ${c.validFrom} to ${c.validTo}]`,
            )
            .join(' ← '),
      ),
      'no HTTPS hosts',
    ),
    `<h2>Attachments</h2>`,
    list(
      provenance.attachments.map(
        (a) => `${a.path} (${a.mediaType}, ${a.bytes} bytes, SHA-256 ${a.sha256}): ${a.description}`,
      ),
      'none',
    ),
    `<h2>Notes</h2>`,
    list(provenance.notes, 'none'),
    `<h2>Options</h2>`,
    `<pre>${escapeHtml(JSON.stringify(provenance.options, null, 2))}</pre>`,
    `<h2>Browser flags</h2>`,
    `<pre>${escapeHtml(provenance.browser.launchArgs.join('\n'))}</pre>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Capture provenance — ${escapeHtml(provenance.requestedUrl)}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}th{text-align:left;vertical-align:top;padding-right:1em}td{word-break:break-all}pre{white-space:pre-wrap}</style>
</head><body>
${sections.join('\n')}
</body></html>
`;
}
