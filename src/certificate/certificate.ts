import {
  CheckpointChecker,
  checkBundle,
  findTrustedChain,
  parseBundle,
  type ProofBundle,
  type TrustFile,
  type VerificationReport,
} from '../verify/index.ts';
import { CertificateError } from './errors.ts';
import { CERTIFICATE_KINDS, type BilingualText, type CertificateKind } from './labels.ts';

export interface CertificateFact {
  label: BilingualText;
  value: string;
}

export interface CertificateCosigner {
  name: string;
  keyId: string;
  /** When the witness cosigned the checkpoint, RFC 3339 UTC. */
  time: string;
}

/** The entry as proven on the chain: every value here comes from a bundle that verified. */
export interface CertificateRecord {
  chain: string;
  origin: string;
  index: number;
  entryType: string;
  digest: string;
  unit: string;
  /** The sequencer's time at acceptance, RFC 3339 UTC. */
  entryTime: string;
  leafHash: string;
  treeSize: number;
  rootHash: string;
  sequencer: string;
  cosigners: CertificateCosigner[];
  /** The organisations other than the sequencer's whose cosignatures counted toward the quorum. */
  witnessingOrganisations: string[];
  /** Independent witnesses required. */
  quorum: number;
}

export type SimilarityBasis = 'content-code' | 'pdq' | 'text';

export interface CertificateSimilar {
  number: string;
  title: string;
  /** When the earlier work was registered, RFC 3339 UTC. */
  time: string;
  /** In [0, 1]. */
  similarity: number;
  basis: SimilarityBasis;
}

/** A licence's revocation, as the registry records it: printed instead of any "verified" wording. */
export interface CertificateRevocation {
  /** The revocation entry's sequencer time, RFC 3339 UTC. */
  time: string;
  chain: string;
  index: number;
  reason: string;
  /** Who revoked it: the licensor (through its registrant) or a registrar of the copyright centre. */
  revokedBy: { name: string; capacity: 'licensor' | 'registrar' };
}

/** What the certificate says about its subject; the record on the chain is added from the bundle. */
export interface CertificateSubject {
  kind: CertificateKind;
  number?: string;
  title?: string;
  facts?: CertificateFact[];
  codes?: CertificateFact[];
  /** Earlier similar registrations (works only); an empty list is printed as "none found". */
  similar?: CertificateSimilar[];
  /** Licences only: present once the licence is revoked. */
  revocation?: CertificateRevocation;
}

export interface Certificate {
  kind: CertificateKind;
  number?: string;
  title?: string;
  facts: CertificateFact[];
  codes: CertificateFact[];
  similar?: CertificateSimilar[];
  revocation?: CertificateRevocation;
  record: CertificateRecord;
  /** The proof bundle that verified: embedded in the PDF so that the certificate verifies offline. */
  bundle: ProofBundle;
  verifyUrl: string;
  issuedAt: string;
}

export interface CertifyOptions {
  /** The public page that verifies this record (printed and put in the QR code). */
  verifyUrl: string;
  /** RFC 3339 UTC; default now. */
  issuedAt?: string;
}

const MAX_VALUE_CHARS = 4096;
const MAX_FACTS = 64;
const MAX_SIMILAR = 50;

function invalid(message: string, field: string): CertificateError {
  return new CertificateError('CERTIFICATE_INPUT_INVALID', message, { details: { field } });
}

function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length > MAX_VALUE_CHARS) {
    throw invalid(`${field} must be text of at most ${MAX_VALUE_CHARS} characters`, field);
  }
  return value;
}

function checkFacts(facts: readonly CertificateFact[] | undefined, field: string): CertificateFact[] {
  if (facts === undefined) return [];
  if (!Array.isArray(facts) || facts.length > MAX_FACTS) {
    throw invalid(`${field} must be a list of at most ${MAX_FACTS} facts`, field);
  }
  return facts.map((fact, i) => ({
    label: {
      zh: checkText(fact?.label?.zh, `${field}[${i}].label.zh`),
      en: checkText(fact?.label?.en, `${field}[${i}].label.en`),
    },
    value: checkText(fact?.value, `${field}[${i}].value`),
  }));
}

function checkSimilar(similar: readonly CertificateSimilar[]): CertificateSimilar[] {
  if (!Array.isArray(similar) || similar.length > MAX_SIMILAR) {
    throw invalid(`similar must be a list of at most ${MAX_SIMILAR} registrations`, 'similar');
  }
  return similar.map((item, i) => {
    if (typeof item?.similarity !== 'number' || !(item.similarity >= 0 && item.similarity <= 1)) {
      throw invalid('a similarity lies in [0, 1]', `similar[${i}].similarity`);
    }
    if (!['content-code', 'pdq', 'text'].includes(item.basis)) {
      throw invalid('basis must be content-code, pdq or text', `similar[${i}].basis`);
    }
    return {
      number: checkText(item.number, `similar[${i}].number`),
      title: checkText(item.title, `similar[${i}].title`),
      time: checkText(item.time, `similar[${i}].time`),
      similarity: item.similarity,
      basis: item.basis,
    };
  });
}

function checkRevocation(revocation: CertificateRevocation): CertificateRevocation {
  if (!Number.isSafeInteger(revocation?.index) || revocation.index < 0) {
    throw invalid('a revocation names its entry index', 'revocation.index');
  }
  return {
    time: checkText(revocation.time, 'revocation.time'),
    chain: checkText(revocation.chain, 'revocation.chain'),
    index: revocation.index,
    reason: checkText(revocation.reason, 'revocation.reason'),
    revokedBy: {
      name: checkText(revocation.revokedBy?.name, 'revocation.revokedBy.name'),
      capacity: checkCapacity(revocation.revokedBy?.capacity),
    },
  };
}

function checkCapacity(capacity: unknown): 'licensor' | 'registrar' {
  if (capacity !== 'licensor' && capacity !== 'registrar') {
    throw invalid('revokedBy.capacity must be licensor or registrar', 'revocation.revokedBy.capacity');
  }
  return capacity;
}

function checkVerifyUrl(url: unknown): string {
  if (typeof url !== 'string' || url.length > 2048 || !/^https?:\/\/[^\s]+$/.test(url)) {
    throw invalid('verifyUrl must be an http or https URL', 'verifyUrl');
  }
  return url;
}

function reportToRecord(report: VerificationReport, trust: TrustFile): CertificateRecord {
  const chain = findTrustedChain(trust, report.chain);
  return {
    chain: report.chain,
    origin: report.origin,
    index: report.index,
    entryType: report.entry!.type,
    digest: report.entry!.digest,
    unit: report.entry!.unit,
    entryTime: report.entry!.time,
    leafHash: report.leafHash,
    treeSize: report.treeSize,
    rootHash: report.rootHash!,
    sequencer: chain.sequencer.name,
    cosigners: report.cosigners.map((c) => ({ name: c.name, keyId: c.keyId, time: c.time })),
    witnessingOrganisations: report.cosigners.filter((c) => c.counted).map((c) => c.organisation),
    quorum: chain.quorum,
  };
}

/**
 * The certificate of a proven entry: the bundle is checked against the trust file first, and a
 * certificate is issued only when every check passed, the quorum of witness cosignatures
 * included (CERTIFICATE_UNVERIFIED otherwise, listing the failed checks).
 */
export function certifyBundle(
  bundle: ProofBundle | string,
  trust: TrustFile,
  subject: CertificateSubject,
  options: CertifyOptions,
): Certificate {
  if (!CERTIFICATE_KINDS.includes(subject?.kind)) {
    throw invalid(`kind must be one of ${CERTIFICATE_KINDS.join(', ')}`, 'kind');
  }
  const verifyUrl = checkVerifyUrl(options?.verifyUrl);
  const issuedAt = options.issuedAt ?? new Date().toISOString();
  const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
  if (!report.ok || report.entry === undefined || report.rootHash === undefined) {
    const failedChecks = report.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.summary}`);
    throw new CertificateError(
      'CERTIFICATE_UNVERIFIED',
      `the record does not verify, so no certificate is issued: ${failedChecks.join('; ')}`,
      { details: { chain: report.chain, index: report.index, failedChecks } },
    );
  }
  const certificate: Certificate = {
    kind: subject.kind,
    facts: checkFacts(subject.facts, 'facts'),
    codes: checkFacts(subject.codes, 'codes'),
    record: reportToRecord(report, trust),
    bundle: typeof bundle === 'string' ? parseBundle(bundle) : bundle,
    verifyUrl,
    issuedAt: checkText(issuedAt, 'issuedAt'),
  };
  if (subject.number !== undefined) certificate.number = checkText(subject.number, 'number');
  if (subject.title !== undefined) certificate.title = checkText(subject.title, 'title');
  if (subject.similar !== undefined) certificate.similar = checkSimilar(subject.similar);
  if (subject.revocation !== undefined) certificate.revocation = checkRevocation(subject.revocation);
  return certificate;
}
