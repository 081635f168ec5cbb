import type {
  Certificate,
  CertificateFact,
  CertificateRevocation,
  CertificateSimilar,
} from './certificate.ts';
import { CERTIFICATE_TITLES, LABELS, type BilingualText } from './labels.ts';
import { formatCertificateTime } from './time.ts';

// The certificate's content in reading order, shared by the PDF and HTML renderers so that both
// say exactly the same things.

export interface CertificateSection {
  heading: BilingualText;
  facts: CertificateFact[];
  /** Printed when `facts` is empty. */
  empty?: BilingualText;
}

const BASIS_LABELS = {
  'content-code': LABELS.basisContentCode,
  pdq: LABELS.basisPdq,
  text: LABELS.basisText,
} as const;

function describeSimilar(similar: CertificateSimilar): CertificateFact {
  const percent = `${Math.round(similar.similarity * 100)}%`;
  const basis = BASIS_LABELS[similar.basis];
  return {
    label: { zh: similar.number, en: '' },
    value:
      `《${similar.title}》 ${formatCertificateTime(similar.time)} · ` +
      `${LABELS.similarity.zh} ${percent}（${basis.zh}） / ${LABELS.similarity.en} ${percent} (${basis.en})`,
  };
}

function fact(label: BilingualText, value: string): CertificateFact {
  return { label, value };
}

function bilingual(text: BilingualText): string {
  return `${text.zh} ${text.en}`;
}

/** A licence's status: granted, or revoked with the time and the revocation entry. */
function describeStatus(certificate: Certificate): CertificateFact[] {
  const { revocation } = certificate;
  if (certificate.kind !== 'license' && revocation === undefined) return [];
  if (revocation === undefined) return [fact(LABELS.licenseStatus, bilingual(LABELS.statusGranted))];
  return [
    fact(LABELS.licenseStatus, bilingual(LABELS.statusRevoked)),
    fact(LABELS.revokedAt, formatCertificateTime(revocation.time)),
    fact(LABELS.revokedBy, formatRevoker(revocation.revokedBy)),
    fact(LABELS.revocationEntry, `${revocation.chain}/${revocation.index}`),
    ...(revocation.reason === '' ? [] : [fact(LABELS.reason, revocation.reason)]),
  ];
}

/** `registrar-wang（登记机构 registrar）`: who revoked a licence, and as what. */
export function formatRevoker({ name, capacity }: CertificateRevocation['revokedBy']): string {
  const as = capacity === 'registrar' ? LABELS.revokedAsRegistrar : LABELS.revokedAsLicensor;
  return `${name}（${as.zh} ${as.en}）`;
}

/** The statement under the certificate: what the record proves, and for a revoked licence, what not. */
export function listClosingStatements(certificate: Certificate): BilingualText[] {
  return certificate.revocation === undefined
    ? [LABELS.verifiedStatement]
    : [LABELS.revokedStatement, LABELS.verifiedStatement];
}

export function listCertificateSections(certificate: Certificate): CertificateSection[] {
  const { record } = certificate;
  const subject: CertificateFact[] = [];
  if (certificate.number !== undefined) {
    const numberLabel = certificate.kind.startsWith('license')
      ? LABELS.licenseNumber
      : LABELS.registrationNumber;
    subject.push(fact(numberLabel, certificate.number));
  }
  if (certificate.title !== undefined) subject.push(fact(LABELS.title, certificate.title));
  subject.push(...certificate.facts);
  subject.push(...describeStatus(certificate));
  const sections: CertificateSection[] = [{ heading: LABELS.subjectSection, facts: subject }];
  if (certificate.codes.length > 0) sections.push({ heading: LABELS.contentCodes, facts: certificate.codes });
  if (certificate.similar !== undefined) {
    sections.push({
      heading: LABELS.similar,
      facts: certificate.similar.map(describeSimilar),
      empty: LABELS.noSimilar,
    });
  }
  sections.push({
    heading: LABELS.chainSection,
    facts: [
      fact(LABELS.chain, `${record.chain} (${record.origin})`),
      fact(LABELS.index, String(record.index)),
      fact(LABELS.entryType, record.entryType),
      fact(LABELS.registrant, record.unit),
      fact(LABELS.entryTime, formatCertificateTime(record.entryTime)),
      fact(LABELS.digest, record.digest),
      fact(LABELS.leafHash, record.leafHash),
      fact(LABELS.treeSize, String(record.treeSize)),
      fact(LABELS.rootHash, record.rootHash),
      fact(LABELS.sequencer, record.sequencer),
    ],
  });
  sections.push({
    heading: LABELS.witnessSection,
    facts: [
      ...record.cosigners.map((c) => ({
        label: { zh: c.name, en: c.keyId.slice(0, 16) },
        value: formatCertificateTime(c.time),
      })),
      ...(record.cosigners.length > 0
        ? [
            fact(LABELS.witnessingOrganisations, record.witnessingOrganisations.join(', ')),
            fact(LABELS.quorum, String(record.quorum)),
          ]
        : []),
    ],
    empty: LABELS.noWitnesses,
  });
  sections.push({
    heading: LABELS.verifyUrl,
    facts: [
      fact(LABELS.verifyUrl, certificate.verifyUrl),
      fact(LABELS.issuedAt, formatCertificateTime(certificate.issuedAt)),
    ],
  });
  return sections;
}

export function titleOf(certificate: Certificate): BilingualText {
  return CERTIFICATE_TITLES[certificate.kind];
}
