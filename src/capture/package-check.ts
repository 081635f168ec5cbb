import { createHash } from 'node:crypto';
import { hashBytes } from '../crypto/index.ts';
import {
  CheckpointChecker,
  checkBundle,
  findTrustedChain,
  parseBundle,
  type TrustFile,
  type VerificationReport,
} from '../verify/index.ts';
import { CaptureError } from './errors.ts';
import { DATAPACKAGE_DIGEST_PATH, DATAPACKAGE_PATH, PAGES_PATH, type CaptureDescription } from './wacz.ts';
import { digestZipEntries, type DigestedZipEntry } from './zip-digest.ts';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.ts';

// Verification of a capture package: every file against datapackage.json, datapackage.json
// against datapackage-digest.json (WACZ 1.1.1), the whole file against the digest of the chain
// entry, and the entry's proof bundle against the consortium trust file (src/verify).

export interface PackageCheck {
  id:
    | 'zip'
    | 'datapackage'
    | 'file'
    | 'unlisted-file'
    | 'datapackage-digest'
    | 'layout'
    | 'chain-entry'
    | 'entry-meta'
    | 'deposit-time';
  ok: boolean;
  summary: string;
  /** The package file the check is about. */
  file?: string;
  details?: Record<string, unknown>;
}

export interface CaptureVerificationReport {
  ok: boolean;
  /** `sha256:<hex>` of the whole .wacz file. */
  packageDigest: string;
  capture: CaptureDescription | undefined;
  checks: PackageCheck[];
  /** The proof bundle's own report, when a bundle was given. */
  bundle: VerificationReport | undefined;
}

const RESOURCE_HASH = /^sha256:[0-9a-f]{64}$/;
const DEPOSIT_CLOCK_TOLERANCE_MS = 120_000;

function sha256Label(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parseJsonFile(entry: DigestedZipEntry | undefined, path: string): Record<string, unknown> {
  if (entry === undefined)
    throw new CaptureError('PACKAGE_INVALID', `the package has no ${path}`, { details: { file: path } });
  try {
    const value: unknown = JSON.parse(Buffer.from(entry.bytes ?? []).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CaptureError('PACKAGE_INVALID', `${path} is not a JSON object`, { details: { file: path } });
}

interface ListedResource {
  path: string;
  hash: string;
  bytes: number;
}

function readResources(datapackage: Record<string, unknown>): ListedResource[] {
  const resources = datapackage['resources'];
  if (
    datapackage['profile'] !== 'data-package' ||
    typeof datapackage['wacz_version'] !== 'string' ||
    !Array.isArray(resources)
  ) {
    throw new CaptureError(
      'PACKAGE_INVALID',
      'datapackage.json lacks profile "data-package", wacz_version or resources',
      {
        details: { file: DATAPACKAGE_PATH },
      },
    );
  }
  return resources.map((resource: unknown, i) => {
    const item = (typeof resource === 'object' && resource !== null ? resource : {}) as Record<
      string,
      unknown
    >;
    if (
      typeof item['path'] !== 'string' ||
      typeof item['hash'] !== 'string' ||
      !RESOURCE_HASH.test(item['hash']) ||
      !Number.isSafeInteger(item['bytes'])
    ) {
      throw new CaptureError(
        'PACKAGE_INVALID',
        `datapackage.json resource ${i} needs path, hash (sha256:<hex>) and bytes`,
        {
          details: { file: DATAPACKAGE_PATH, resource: i },
        },
      );
    }
    return { path: item['path'], hash: item['hash'], bytes: item['bytes'] as number };
  });
}

function checkFiles(
  entries: Map<string, DigestedZipEntry>,
  resources: readonly ListedResource[],
  checks: PackageCheck[],
): void {
  const listed = new Set<string>();
  for (const resource of resources) {
    listed.add(resource.path);
    const entry = entries.get(resource.path);
    if (entry === undefined) {
      checks.push({
        id: 'file',
        ok: false,
        file: resource.path,
        summary: `${resource.path} is listed but missing`,
      });
      continue;
    }
    const computedHash = entry.sha256;
    const ok =
      computedHash === resource.hash &&
      entry.size === resource.bytes &&
      entry.expectedCrc === entry.computedCrc;
    checks.push({
      id: 'file',
      ok,
      file: resource.path,
      summary: ok
        ? `${resource.path}: SHA-256 and size match`
        : `${resource.path} has been changed: its SHA-256 or size differs from datapackage.json`,
      details: {
        expectedHash: resource.hash,
        computedHash,
        expectedBytes: resource.bytes,
        computedBytes: entry.size,
      },
    });
  }
  for (const path of entries.keys()) {
    if (!listed.has(path) && path !== DATAPACKAGE_PATH && path !== DATAPACKAGE_DIGEST_PATH) {
      checks.push({
        id: 'unlisted-file',
        ok: false,
        file: path,
        summary: `${path} is in the package but not in datapackage.json`,
      });
    }
  }
  const paths = [...entries.keys()];
  const layoutOk =
    paths.some((p) => /^archive\/[^/]+\.warc(\.gz)?$/.test(p)) &&
    paths.some((p) => p.startsWith('indexes/')) &&
    entries.has(PAGES_PATH);
  checks.push({
    id: 'layout',
    ok: layoutOk,
    summary: layoutOk
      ? 'archive/, indexes/ and pages/pages.jsonl are present'
      : 'a WACZ needs archive/*.warc(.gz), an index under indexes/ and pages/pages.jsonl',
  });
}

function checkDigestFile(entries: Map<string, DigestedZipEntry>, checks: PackageCheck[]): void {
  const digest = parseJsonFile(entries.get(DATAPACKAGE_DIGEST_PATH), DATAPACKAGE_DIGEST_PATH);
  const computedHash = entries.get(DATAPACKAGE_PATH)!.sha256;
  const ok = digest['path'] === DATAPACKAGE_PATH && digest['hash'] === computedHash;
  checks.push({
    id: 'datapackage-digest',
    ok,
    file: ok ? DATAPACKAGE_DIGEST_PATH : DATAPACKAGE_PATH,
    summary: ok
      ? 'datapackage.json matches datapackage-digest.json'
      : 'datapackage.json does not match the hash in datapackage-digest.json',
    details: { expectedHash: digest['hash'], computedHash },
  });
}

function readCaptureDescription(datapackage: Record<string, unknown>): CaptureDescription | undefined {
  const description = datapackage['sealchain'];
  return typeof description === 'object' && description !== null
    ? (description as CaptureDescription)
    : undefined;
}

function checkEntry(report: CaptureVerificationReport, bundle: VerificationReport): void {
  const entry = bundle.entry;
  if (entry === undefined) return;
  const capture = report.capture;
  const typeOk = entry.type === 'capture';
  report.checks.push({
    id: 'chain-entry',
    ok: typeOk && bundle.ok,
    summary: !typeOk
      ? `the chain entry is a ${entry.type} entry, not a capture`
      : bundle.ok
        ? `the package's digest is entry #${bundle.index} on chain ${bundle.chain}, proven by the bundle`
        : 'the proof bundle does not verify (see its checks)',
    details: { entryDigest: entry.digest, packageDigest: report.packageDigest },
  });
  if (capture === undefined) return;
  const mismatched = (['url', 'state', 'finalUrl'] as const).filter((key) => {
    const expected = key === 'url' ? capture.requestedUrl : capture[key];
    return entry.meta[key] !== undefined && entry.meta[key] !== expected;
  });
  report.checks.push({
    id: 'entry-meta',
    ok: mismatched.length === 0,
    summary:
      mismatched.length === 0
        ? "the entry's URL and state are the package's"
        : `the entry's ${mismatched.join(', ')} differ from the package's`,
    details: { entryMeta: entry.meta },
  });
  const delayMs = Date.parse(entry.time) - Date.parse(capture.endedAt);
  const timeOk = Number.isFinite(delayMs) && delayMs >= -DEPOSIT_CLOCK_TOLERANCE_MS;
  report.checks.push({
    id: 'deposit-time',
    ok: timeOk,
    summary: timeOk
      ? `deposited at ${entry.time}, ${Math.round(delayMs / 1000)} s after the capture ended`
      : `the entry's time ${entry.time} is before the capture ended (${capture.endedAt})`,
    details: { entryTime: entry.time, captureEndedAt: capture.endedAt },
  });
}

const KEPT_FILES = new Set([DATAPACKAGE_PATH, DATAPACKAGE_DIGEST_PATH]);

/**
 * Checks a WACZ package and, given its proof bundle and the trust file, its anchoring on the
 * chain. Files are hashed as they inflate, within `limits` (an archive bomb fails the `zip` check
 * with ARCHIVE_TOO_LARGE, ARCHIVE_TOO_MANY_ENTRIES or ARCHIVE_RATIO_TOO_HIGH in its details).
 * Failed checks are in the report (each names its file); it throws only for an unreadable bundle
 * or a chain the trust file does not know (VerifyError).
 */
export async function checkCapturePackage(
  wacz: Uint8Array,
  anchoring?: { bundle: unknown; trust: TrustFile },
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<CaptureVerificationReport> {
  const report: CaptureVerificationReport = {
    ok: true,
    packageDigest: sha256Label(wacz),
    capture: undefined,
    checks: [],
    bundle: undefined,
  };
  try {
    const digested = await digestZipEntries(wacz, (path) => KEPT_FILES.has(path), limits);
    const entries = new Map(digested.map((entry) => [entry.path, entry]));
    report.checks.push({
      id: 'zip',
      ok: true,
      summary: `the ZIP structure is sound (${entries.size} files)`,
    });
    const datapackage = parseJsonFile(entries.get(DATAPACKAGE_PATH), DATAPACKAGE_PATH);
    report.capture = readCaptureDescription(datapackage);
    checkFiles(entries, readResources(datapackage), report.checks);
    checkDigestFile(entries, report.checks);
  } catch (error) {
    if (!(error instanceof CaptureError)) throw error;
    const file = typeof error.details['file'] === 'string' ? error.details['file'] : undefined;
    report.checks.push({
      id: report.checks.length === 0 ? 'zip' : 'datapackage',
      ok: false,
      summary: error.message,
      details: { code: error.code, ...error.details },
      ...(file ? { file } : {}),
    });
  }
  if (anchoring !== undefined) {
    const bundle = parseBundle(anchoring.bundle);
    const chain = findTrustedChain(anchoring.trust, bundle.chain);
    const fileDigest = { algorithm: chain.hashAlgorithm, value: hashBytes(chain.hashAlgorithm, wacz) };
    report.bundle = checkBundle(bundle, anchoring.trust, { fileDigest }, new CheckpointChecker());
    checkEntry(report, report.bundle);
  }
  report.ok = report.checks.every((check) => check.ok) && (report.bundle?.ok ?? true);
  return report;
}
