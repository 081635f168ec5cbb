import {
  CheckpointChecker,
  checkBundle,
  parseBundle,
  type TrustFile,
  type VerificationReport,
} from '../verify/index.ts';
import { CertificateError } from './errors.ts';
import { readPdfAttachments, type PdfAttachmentLimits } from './pdf-attachments.ts';
import {
  BUNDLE_ATTACHMENT,
  checkStatementParticulars,
  parseStatement,
  STATEMENT_ATTACHMENT,
  type CertificateStatement,
  type ParticularCheck,
} from './statement.ts';

export interface CertificatePdfReport {
  /** True only when the embedded bundle verified and every stated particular is the bundle's. */
  ok: boolean;
  /** The check of the embedded proof bundle against the trust file, as `sealchain verify` does. */
  report: VerificationReport;
  statement: CertificateStatement;
  particulars: ParticularCheck[];
}

/**
 * Checks a certificate PDF offline: its embedded proof bundle against the trust file, and the
 * particulars the certificate states (number, chain, entry, digest) against that bundle's entry.
 * CERTIFICATE_PDF_INVALID when the PDF carries no readable bundle or statement.
 */
export function checkCertificatePdf(
  pdf: Uint8Array,
  trust: TrustFile,
  limits?: PdfAttachmentLimits,
): CertificatePdfReport {
  const files = readPdfAttachments(pdf, [BUNDLE_ATTACHMENT, STATEMENT_ATTACHMENT], limits);
  const bundleBytes = files.get(BUNDLE_ATTACHMENT);
  const statementBytes = files.get(STATEMENT_ATTACHMENT);
  if (bundleBytes === undefined || statementBytes === undefined) {
    const missing = [BUNDLE_ATTACHMENT, STATEMENT_ATTACHMENT].filter((name) => !files.has(name));
    throw new CertificateError(
      'CERTIFICATE_PDF_INVALID',
      `the PDF embeds no ${missing.join(' and no ')}: it is not a sealchain certificate, or one made before certificates carried their proof`,
      { details: { missing } },
    );
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bundleText: string;
  let statementText: string;
  try {
    bundleText = decoder.decode(bundleBytes);
    statementText = decoder.decode(statementBytes);
  } catch (cause) {
    throw new CertificateError('CERTIFICATE_PDF_INVALID', 'an embedded file is not UTF-8 text', { cause });
  }
  const statement = parseStatement(statementText);
  const report = checkBundle(parseBundle(bundleText), trust, {}, new CheckpointChecker());
  const particulars = checkStatementParticulars(statement, report);
  return { ok: report.ok && particulars.every((check) => check.ok), report, statement, particulars };
}
