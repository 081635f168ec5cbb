import {
  CheckpointChecker,
  checkBundle,
  parseBundle,
  type TrustFile,
  type VerificationReport,
} from '../verify/index.ts';
import { requestJson } from './http-client.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';

// `sealchain verify SC-…-L-…`: a licence by its number, as a registration number is verified. The
// grant's bundle (and the revocation's, once revoked) comes from the server and is checked offline
// against the trust file, with the entry checked to be this licence's; a revoked licence is
// reported as revoked, with who revoked it (the licensor or a registrar) and why, and exits non-zero.

interface LicenseAnswer {
  license: {
    number: string;
    work: string;
    licensor: { name: string };
    licensee: { name: string };
    status: 'granted' | 'revoked';
    grantedAt: string;
    revocation: {
      revokedAt: string;
      reason: string;
      revokedBy: { name: string; capacity: 'licensor' | 'registrar' };
      entry: { index: number };
    } | null;
  };
  links: { bundle: string; revocationBundle: string | null };
}

async function checkEntryBundle(
  server: string,
  path: string,
  trust: TrustFile,
  matches: (entry: { type?: unknown; meta?: Record<string, unknown> }) => boolean,
  what: string,
): Promise<VerificationReport | null> {
  const fetched = await requestJson<unknown>(server, path);
  if (fetched.status !== 200) return null;
  const bundle = parseBundle(fetched.body);
  const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
  let entry: { type?: unknown; meta?: Record<string, unknown> } = {};
  try {
    entry = JSON.parse(bundle.entry) as typeof entry;
  } catch {
    // an unreadable entry matches nothing
  }
  const ok = matches(entry);
  report.checks.push({
    id: 'entry',
    ok,
    summary: ok ? `the entry records ${what}` : `the entry is not ${what}`,
  });
  if (!ok) report.ok = false;
  return report;
}

export async function runVerifyLicenseCommand(
  number: string,
  server: string,
  trust: TrustFile,
  json: boolean,
  output: CommandOutput,
): Promise<number> {
  const { body } = await requestJson<LicenseAnswer>(server, `/v1/licenses/${encodeURIComponent(number)}`);
  const { license, links } = body;
  const grant = await checkEntryBundle(
    server,
    links.bundle,
    trust,
    (entry) =>
      entry.type === 'license' &&
      entry.meta?.['number'] === license.number &&
      entry.meta?.['work'] === license.work,
    `the licence ${license.number} of ${license.work}`,
  );
  if (grant === null) {
    output.err(
      `${license.number}: not final yet (no checkpoint cosigned by the quorum covers it); retry later`,
    );
    return EXIT_FAILED;
  }
  let revocation: VerificationReport | null = null;
  if (license.status === 'revoked' && links.revocationBundle !== null) {
    revocation = await checkEntryBundle(
      server,
      links.revocationBundle,
      trust,
      (entry) => entry.type === 'license-revocation' && entry.meta?.['license'] === license.number,
      `the revocation of ${license.number}`,
    );
  }
  const revokedSentence =
    license.revocation === null
      ? null
      : `this licence was revoked at ${license.revocation.revokedAt} (entry ${license.revocation.entry.index})`;
  if (json) output.out(JSON.stringify({ license, report: grant, revocation }, null, 2));
  else {
    const state = !grant.ok ? 'NOT VERIFIED' : revokedSentence !== null ? 'REVOKED' : 'VERIFIED';
    output.out(`${license.number}: ${state}`);
    output.out(
      `  licence     of ${license.work}, licensor ${license.licensor.name}, licensee ${license.licensee.name}`,
    );
    output.out(
      `  granted     ${license.grantedAt}, entry #${grant.index} of ${grant.chain} (${grant.origin})`,
    );
    if (grant.cosigners.length > 0)
      output.out(`  cosigned by ${grant.cosigners.map((c) => `${c.name} (${c.time})`).join(', ')}`);
    for (const check of grant.checks)
      output.out(`  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.id.padEnd(20)} ${check.summary}`);
    if (revokedSentence !== null) {
      output.out(`  ${revokedSentence}`);
      const { revokedBy, reason } = license.revocation!;
      output.out(
        `  revoked by ${revokedBy.name} (${revokedBy.capacity})${reason === '' ? '' : `: ${reason}`}`,
      );
      for (const check of revocation?.checks ?? [])
        output.out(`  ${check.ok ? 'ok  ' : 'FAIL'}  revocation ${check.id.padEnd(9)} ${check.summary}`);
      if (revocation === null) output.out('  the revocation entry is not final yet');
    }
  }
  return grant.ok && revokedSentence === null ? EXIT_OK : EXIT_FAILED;
}
