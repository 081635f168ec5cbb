import {
  checkBundle,
  findTrustedChain,
  parseBundle,
  parseTrustFile,
  type CheckBundleOptions,
  type CheckId,
  type VerificationReport,
} from '../../../../src/verify/index.ts';

// One verification as the verify page runs it, in the browser: the bundle against the consortium
// file with src/verify (checkBundle: entry, authority, leaf hash, checkpoint signature,
// cosignatures of independent witnesses, inclusion, receipt, anchors), the dropped file's digest
// against the entry's, and — for a licence, when the portal can tell — whether it was revoked.

export type PageCheckId = CheckId | 'revocation';

export interface PageCheck {
  id: PageCheckId;
  ok: boolean;
  /** The verifier's own sentence (English, with the compared values): technical detail only. */
  summary: string;
  /** What the page words the check from: its failure code and compared values (verify-words.ts). */
  details: Record<string, unknown>;
}

export interface PageVerification {
  ok: boolean;
  report: VerificationReport;
  checks: PageCheck[];
  milliseconds: number;
}

export interface RevocationState {
  revoked: boolean;
  reason?: string;
  time?: string;
}

export interface VerifyInput {
  bundleText: string;
  trustText: string;
  /** The dropped original file: its `sha256:<hex>` computed in the browser, and its bytes for a
   * chain of another algorithm (SM3), hashed by the verifier itself. */
  file?: { sha256: string; readBytes: () => Promise<Uint8Array> };
  /** Looks up a licence's revocation; answers null when it cannot tell. */
  lookUpRevocation?: (licenseNumber: string) => Promise<RevocationState | null>;
}

function parseDigest(text: string): { algorithm: 'sha256'; value: Uint8Array } {
  const hex = text.slice('sha256:'.length);
  const value = new Uint8Array(hex.length / 2);
  for (let i = 0; i < value.length; i++) value[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return { algorithm: 'sha256', value };
}

/** The licence number of a licence entry (meta.number), if it has one. */
export function readLicenseNumber(report: VerificationReport): string | null {
  if (report.entry?.type !== 'license') return null;
  const number = report.entry.meta['number'];
  return typeof number === 'string' ? number : null;
}

/** Runs the checks; throws the verifier's VerifyError when the bundle or the trust file is unreadable. */
export async function runVerification(input: VerifyInput): Promise<PageVerification> {
  const trust = parseTrustFile(input.trustText);
  const bundle = parseBundle(input.bundleText);
  let options: CheckBundleOptions = {};
  if (input.file !== undefined) {
    options =
      findTrustedChain(trust, bundle.chain).hashAlgorithm === 'sha256'
        ? { fileDigest: parseDigest(input.file.sha256) }
        : { fileBytes: await input.file.readBytes() };
  }
  const started = performance.now();
  const report = checkBundle(bundle, trust, options);
  const milliseconds = performance.now() - started;
  const checks: PageCheck[] = report.checks.map((check) => ({
    id: check.id,
    ok: check.ok,
    summary: check.summary,
    details: { ...check.details },
  }));
  const licenseNumber = readLicenseNumber(report);
  if (licenseNumber !== null && input.lookUpRevocation !== undefined) {
    const state = await input.lookUpRevocation(licenseNumber);
    if (state !== null) {
      checks.push({
        id: 'revocation',
        ok: !state.revoked,
        summary: state.revoked
          ? `licence ${licenseNumber} was revoked${state.time === undefined ? '' : ` at ${state.time}`}${state.reason === undefined ? '' : `: ${state.reason}`}`
          : `licence ${licenseNumber} is not revoked`,
        details: {
          number: licenseNumber,
          ...(state.time === undefined ? {} : { code: 'REVOKED_AT', time: state.time }),
          ...(state.reason === undefined ? {} : { reason: state.reason }),
        },
      });
    }
  }
  return { ok: checks.every((check) => check.ok), report, checks, milliseconds };
}
