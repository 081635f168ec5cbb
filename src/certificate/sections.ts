import type { Certificate, CertificateFact, CertificateSimilar } from './certificate.ts';
import { CERTIFICATE_TITLES, LABELS, type BilingualText } from './labels.ts';

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

/** RFC 3339 UTC text as `2026-03-01 08:00:00.123 UTC`, unchanged when it is not such a time. */
export function formatUtcTime(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(time);
  return match === null ? time : `${match[1]} ${match[2]} UTC`;
}

function describeSimilar(similar: CertificateSimilar): CertificateFact {
  const percent = `${Math.round(similar.similarity * 100)}%`;
  const basis = BASIS_LABELS[similar.basis];
  return {
    label: { zh: similar.number, en: '' },
    value:
      `《${similar.title}》 ${formatUtcTime(similar.time)} · ` +
      `${LABELS.similarity.zh} ${percent}（${basis.zh}） / ${LABELS.similarity.en} ${percent} (${basis.en})`,
  };
}

function fact(label: BilingualText, value: string): CertificateFact {
  return { label, value };
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
      fact(LABELS.entryTime, formatUtcTime(record.entryTime)),
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
        value: formatUtcTime(c.time),
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
      fact(LABELS.issuedAt, formatUtcTime(certificate.issuedAt)),
    ],
  });
  return sections;
}

export function titleOf(certificate: Certificate): BilingualText {
  return CERTIFICATE_TITLES[certificate.kind];
}
