import type { VerificationReport } from '../verify/index.ts';
import type { Certificate } from './certificate.ts';
import { CertificateError } from './errors.ts';

// What a certificate states, in machine-readable form: embedded in the PDF beside the proof bundle,
// so that an offline verifier can check that the particulars printed on the certificate (its
// number, the chain, entry and digest) are those of the bundle that verifies.

export const STATEMENT_FORMAT = 'sealchain-certificate/1';
export const BUNDLE_ATTACHMENT = 'proof-bundle.json';
export const STATEMENT_ATTACHMENT = 'certificate.json';

export interface CertificateStatement {
  format: typeof STATEMENT_FORMAT;
  kind: string;
  number: string | null;
  chain: string;
  origin: string;
  index: number;
  entryType: string;
  digest: string;
  leafHash: string;
  /** Licences: 'granted' or 'revoked' when the certificate was issued; null for other kinds. */
  status: 'granted' | 'revoked' | null;
  verifyUrl: string;
  issuedAt: string;
}

export interface ParticularCheck {
  id: 'number' | 'chain' | 'index' | 'entry-type' | 'digest' | 'leaf-hash';
  ok: boolean;
  summary: string;
}

export function certificateToStatement(certificate: Certificate): CertificateStatement {
  const { record } = certificate;
  return {
    format: STATEMENT_FORMAT,
    kind: certificate.kind,
    number: certificate.number ?? null,
    chain: record.chain,
    origin: record.origin,
    index: record.index,
    entryType: record.entryType,
    digest: record.digest,
    leafHash: record.leafHash,
    status:
      certificate.kind === 'license' ? (certificate.revocation === undefined ? 'granted' : 'revoked') : null,
    verifyUrl: certificate.verifyUrl,
    issuedAt: certificate.issuedAt,
  };
}

function invalid(message: string): CertificateError {
  return new CertificateError('CERTIFICATE_PDF_INVALID', `the certificate statement ${message}`);
}

/** Reads the embedded statement; CERTIFICATE_PDF_INVALID naming the field that is wrong. */
export function parseStatement(text: string): CertificateStatement {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new CertificateError('CERTIFICATE_PDF_INVALID', 'the certificate statement is not JSON', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('is not an object');
  const object = value as Record<string, unknown>;
  if (object['format'] !== STATEMENT_FORMAT) throw invalid(`format is not ${STATEMENT_FORMAT}`);
  for (const key of ['kind', 'chain', 'origin', 'entryType', 'digest', 'leafHash', 'verifyUrl', 'issuedAt']) {
    if (typeof object[key] !== 'string') throw invalid(`field ${key} is not text`);
  }
  if (object['number'] !== null && typeof object['number'] !== 'string') throw invalid('number is not text');
  if (!Number.isSafeInteger(object['index'])) throw invalid('index is not a whole number');
  if (!['granted', 'revoked', null].includes(object['status'] as string | null)) {
    throw invalid('status is not granted, revoked or null');
  }
  return object as unknown as CertificateStatement;
}

/** The number an entry records: `meta.number` (works, licences) or `meta.license` (revocations). */
function entryNumber(report: VerificationReport): string | null {
  const meta = report.entry?.meta ?? {};
  const number = report.entry?.type === 'license-revocation' ? meta['license'] : meta['number'];
  return typeof number === 'string' ? number : null;
}

/** Each particular the certificate states, compared with the entry of the bundle that was checked. */
export function checkStatementParticulars(
  statement: CertificateStatement,
  report: VerificationReport,
): ParticularCheck[] {
  const compare = (id: ParticularCheck['id'], stated: unknown, recorded: unknown): ParticularCheck => ({
    id,
    ok: stated === recorded,
    summary:
      stated === recorded
        ? `${id} ${String(stated)} is the bundle's`
        : `the certificate states ${id} ${String(stated)}, the bundle records ${String(recorded)}`,
  });
  return [
    compare('chain', statement.origin, report.origin),
    compare('index', statement.index, report.index),
    compare('entry-type', statement.entryType, report.entry?.type),
    compare('digest', statement.digest, report.entry?.digest),
    compare('leaf-hash', statement.leafHash, report.leafHash),
    ...(statement.number === null ? [] : [compare('number', statement.number, entryNumber(report))]),
  ];
}
