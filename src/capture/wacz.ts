import { createHash } from 'node:crypto';
import type { CaptureResult } from './capture-result.ts';
import { buildProvenance, renderProvenanceHtml, type SoftwareDescription } from './provenance.ts';
import { exchangesToWarc, indexWarc } from './warc.ts';
import { writeZip, type ZipFile } from './zip.ts';

// A capture as a WACZ 1.1.1 package (https://specs.webrecorder.net/wacz/1.1.1/): the WARC under
// archive/, its CDXJ index under indexes/, the page list, the attachments under attachments/, and
// datapackage.json listing every file with its SHA-256 and size, itself hashed in
// datapackage-digest.json.

export const WACZ_VERSION = '1.1.1';
export const WACZ_MEDIA_TYPE = 'application/wacz';
export const WARC_PATH = 'archive/data.warc.gz';
export const CDXJ_PATH = 'indexes/index.cdx';
export const PAGES_PATH = 'pages/pages.jsonl';
export const DATAPACKAGE_PATH = 'datapackage.json';
export const DATAPACKAGE_DIGEST_PATH = 'datapackage-digest.json';

export interface PackageResource {
  name: string;
  path: string;
  hash: string;
  bytes: number;
}

/** The sealchain fields of datapackage.json (WACZ allows custom properties). */
export interface CaptureDescription {
  captureId: string;
  requestedUrl: string;
  finalUrl: string;
  title: string;
  state: CaptureResult['state'];
  reasons: string[];
  targetStatus: number | null;
  startedAt: string;
  endedAt: string;
}

export interface WaczPackage {
  bytes: Uint8Array;
  /** SHA-256 of the whole .wacz file, lower-case hex: the digest deposited on the chain. */
  sha256: string;
  /** `sha256:<hex>` of datapackage.json, as datapackage-digest.json records it. */
  datapackageHash: string;
  resources: PackageResource[];
  capture: CaptureDescription;
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function describeResource(file: ZipFile): PackageResource {
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  return {
    name: base.toLowerCase().replace(/[^-a-z0-9._/]/g, '-'),
    path: file.path,
    hash: `sha256:${sha256Hex(file.bytes)}`,
    bytes: file.bytes.length,
  };
}

function utf8(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/** Packages a capture; the package's sha256 is what gets deposited. */
export async function captureToWacz(
  capture: CaptureResult,
  software: SoftwareDescription,
): Promise<WaczPackage> {
  const warc = await exchangesToWarc(capture.exchanges, {
    software: `${software.name} ${software.version}`,
    filename: 'data.warc.gz',
    fields: {
      'http-header-user-agent': capture.browser.userAgent,
      'sealchain-capture-id': capture.id,
      'sealchain-requested-url': capture.requestedUrl,
    },
  });
  const provenance = buildProvenance(capture, software);
  const pages = [
    JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }),
    JSON.stringify({
      id: capture.id,
      url: capture.requestedUrl,
      ts: capture.startedAt,
      title: capture.title,
      ...(capture.finalUrl !== capture.requestedUrl ? { finalUrl: capture.finalUrl } : {}),
    }),
  ];
  const files: ZipFile[] = [
    { path: WARC_PATH, bytes: warc },
    { path: CDXJ_PATH, bytes: utf8(await indexWarc(warc, 'data.warc.gz')) },
    { path: PAGES_PATH, bytes: utf8(`${pages.join('\n')}\n`) },
    ...capture.attachments.map((attachment) => ({ path: attachment.path, bytes: attachment.bytes })),
    { path: 'attachments/provenance.json', bytes: utf8(`${JSON.stringify(provenance, null, 2)}\n`) },
    { path: 'attachments/provenance.html', bytes: utf8(renderProvenanceHtml(provenance)) },
  ];
  const description: CaptureDescription = {
    captureId: capture.id,
    requestedUrl: capture.requestedUrl,
    finalUrl: capture.finalUrl,
    title: capture.title,
    state: capture.state,
    reasons: capture.reasons,
    targetStatus: capture.targetStatus,
    startedAt: capture.startedAt,
    endedAt: capture.endedAt,
  };
  const resources = files.map(describeResource);
  const datapackage = utf8(
    `${JSON.stringify(
      {
        profile: 'data-package',
        wacz_version: WACZ_VERSION,
        title: `Capture of ${capture.requestedUrl}`,
        description: `Web evidence captured by ${software.name} ${software.version} in Chromium ${capture.browser.version}: ${capture.state}${capture.reasons.length > 0 ? ` (${capture.reasons.join(', ')})` : ''}.`,
        created: capture.endedAt,
        modified: capture.endedAt,
        software: `${software.name} ${software.version}`,
        mainPageUrl: capture.requestedUrl,
        mainPageDate: capture.startedAt,
        resources,
        sealchain: description,
      },
      null,
      2,
    )}\n`,
  );
  const datapackageHash = `sha256:${sha256Hex(datapackage)}`;
  const digest = utf8(`${JSON.stringify({ path: DATAPACKAGE_PATH, hash: datapackageHash }, null, 2)}\n`);
  const bytes = writeZip(
    [
      ...files,
      { path: DATAPACKAGE_PATH, bytes: datapackage },
      { path: DATAPACKAGE_DIGEST_PATH, bytes: digest },
    ],
    new Date(capture.endedAt),
  );
  return { bytes, sha256: sha256Hex(bytes), datapackageHash, resources, capture: description };
}
