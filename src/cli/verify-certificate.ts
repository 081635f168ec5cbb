import { readFile, stat } from 'node:fs/promises';
import { checkCertificatePdf, DEFAULT_PDF_ATTACHMENT_LIMITS } from '../certificate/index.ts';
import { parseTrustFile } from '../verify/index.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';
import { formatReport, readSmallFile } from './verify-report.ts';

export const VERIFY_CERTIFICATE_USAGE = `Usage: sealchain verify CERTIFICATE.pdf [--trust data/consortium.json] [--json]

Checks a sealchain certificate PDF offline: extracts the proof bundle and the statement embedded in
it, checks the bundle against the consortium trust file exactly as for a bundle file, and checks that
the particulars the certificate states (number, chain, entry, digest, leaf hash) are those of the
bundle's entry. Exit status 0 only if all of it passed. A licence's later revocation cannot be known
offline: the verify page printed on the certificate shows the status today.`;

async function readPdf(path: string): Promise<Uint8Array> {
  const limit = DEFAULT_PDF_ATTACHMENT_LIMITS.maxPdfBytes;
  const found = await stat(path).catch((cause: unknown) => {
    throw new CliError('FILE_UNREADABLE', `cannot read the certificate ${path}`, {
      cause,
      details: { path },
    });
  });
  if (!found.isFile() || found.size > limit) {
    throw new CliError(
      'FILE_UNREADABLE',
      `the certificate ${path} is not a file of at most ${limit >> 20} MiB`,
      {
        details: { path },
      },
    );
  }
  return new Uint8Array(await readFile(path));
}

/** `sealchain verify CERTIFICATE.pdf`: the certificate's embedded bundle and stated particulars, offline. */
export async function runVerifyCertificateCommand(
  args: readonly string[],
  output: CommandOutput,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    trust: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [pdfPath, ...rest] = positionals;
  if (pdfPath === undefined || rest.length > 0) throw new CliError('USAGE_INVALID', VERIFY_CERTIFICATE_USAGE);
  const trustPath = typeof values['trust'] === 'string' ? values['trust'] : 'data/consortium.json';
  const trust = parseTrustFile(await readSmallFile(trustPath, 'trust file'));
  const checked = checkCertificatePdf(await readPdf(pdfPath), trust);
  if (values['json'] === true) {
    output.out(JSON.stringify(checked, null, 2));
    return checked.ok ? EXIT_OK : EXIT_FAILED;
  }
  const { statement } = checked;
  output.out(`${pdfPath}: ${checked.ok ? 'VERIFIED' : 'NOT VERIFIED'} certificate`);
  output.out(
    `  embedded proof bundle ${checked.report.ok ? 'verified' : 'did NOT verify'} against ${trustPath}:`,
  );
  for (const line of formatReport(checked.report, `${pdfPath}#proof-bundle.json`)) output.out(`  ${line}`);
  const matched = checked.particulars.every((check) => check.ok);
  output.out(`  stated particulars ${matched ? 'match' : 'do NOT match'} the bundle:`);
  for (const check of checked.particulars) output.out(`    ${check.ok ? 'ok  ' : 'FAIL'}  ${check.summary}`);
  if (statement.status !== null) {
    output.out(
      `  licence status when issued (${statement.issuedAt}): ${statement.status}; status today: ${statement.verifyUrl}`,
    );
  }
  return checked.ok ? EXIT_OK : EXIT_FAILED;
}
