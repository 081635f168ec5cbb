import {
  formatRevoker,
  LABELS,
  type CertificateFact,
  type CertificateSubject,
} from '../certificate/index.ts';
import { readRegistrationStatus, readRevoker } from './review-status.ts';
import { chooseWorkFileType } from './work-file-type.ts';
import type { StoredLicense, StoredWork } from './storage.ts';

// What the API shows of registrations and licences, and what their certificates say. Identity
// numbers and the disclosures of the commitments are never shown; names, titles and codes are
// public, as on a copyright register.

const WORK_TYPE_NAMES = {
  text: '文字作品 / text',
  image: '美术、摄影作品 / image',
  audio: '音乐、录音制品 / audio',
  video: '视听作品 / video',
  software: '计算机软件 / software',
  other: '其他作品 / other',
} as const;

const SCOPE_NAMES: Readonly<Record<string, string>> = {
  reproduce: '复制权 reproduction',
  distribute: '发行权 distribution',
  adapt: '改编权 adaptation',
  perform: '表演权 performance',
  broadcast: '广播权 broadcasting',
  'network-dissemination': '信息网络传播权 communication over information networks',
};

const EXCLUSIVITY_NAMES: Readonly<Record<string, string>> = {
  exclusive: '专有许可 exclusive',
  sole: '排他许可 sole',
  'non-exclusive': '普通许可 non-exclusive',
};

export function toWorkView(work: StoredWork) {
  const { metadata, fingerprint } = work;
  return {
    number: work.number,
    status: readRegistrationStatus(work),
    title: metadata.title,
    workType: metadata.workType,
    authors: metadata.authors,
    creationDate: metadata.creationDate,
    firstPublication: metadata.firstPublication ?? null,
    rightsHolder: { name: metadata.rightsHolder.name },
    licenseStatement: metadata.licenseStatement ?? null,
    registrant: work.unit,
    registeredAt: work.entry?.time ?? null,
    file: {
      name: work.fileName,
      sizeBytes: fingerprint.sizeBytes,
      mediaType: fingerprint.mediaType,
      format: fingerprint.format,
      sha256: fingerprint.sha256,
      preview: chooseWorkFileType(fingerprint).preview,
    },
    codes: {
      iscc: fingerprint.iscc,
      content: fingerprint.content?.iscc ?? null,
      data: fingerprint.dataCode,
      instance: fingerprint.instanceCode,
      pdq: fingerprint.pdq?.hash ?? null,
    },
    entry: work.entry === null ? null : { index: work.entry.index, leafHash: work.entry.leafHash },
    flagged: work.similar.length > 0,
    similar: work.similar,
    review: toReviewView(work),
  };
}

/** The review of a held registration: the earlier registrations it resembles and any decision. */
function toReviewView(work: StoredWork) {
  if (work.review === null) return null;
  const decided = work.decision?.entry ?? null;
  return {
    status: work.review,
    similar: work.similar.map((s) => ({
      number: s.number,
      title: s.title,
      registeredAt: s.time,
      similarity: s.similarity,
      basis: s.basis,
    })),
    decision:
      decided === null || work.decision === null
        ? null
        : {
            decision: work.decision.decision,
            reason: work.decision.reason,
            decidedAt: decided.time,
            entry: { index: decided.index, leafHash: decided.leafHash },
          },
  };
}

export function toLicenseView(license: StoredLicense) {
  const revokedEntry = license.revocation?.entry ?? null;
  return {
    number: license.number,
    work: license.workNumber,
    licensor: { name: license.licensor },
    grantedBy: license.unit,
    status: revokedEntry === null ? ('granted' as const) : ('revoked' as const),
    licensee: { name: license.terms.licensee.name },
    scope: license.terms.scope,
    territory: license.terms.territory,
    term: license.terms.term,
    exclusivity: license.terms.exclusivity,
    domains: license.terms.domains,
    appIds: license.terms.appIds,
    grantedAt: license.entry?.time ?? null,
    entry: license.entry === null ? null : { index: license.entry.index, leafHash: license.entry.leafHash },
    revoked: revokedEntry !== null,
    revocation:
      revokedEntry === null
        ? null
        : {
            reason: license.revocation?.reason ?? '',
            revokedAt: revokedEntry.time,
            revokedBy: readRevoker(license),
            entry: { index: revokedEntry.index, leafHash: revokedEntry.leafHash },
          },
  };
}

function fact(label: CertificateFact['label'], value: string): CertificateFact {
  return { label, value };
}

export function describeWorkCertificate(work: StoredWork): CertificateSubject {
  const { metadata, fingerprint } = work;
  const facts = [
    fact(LABELS.workType, WORK_TYPE_NAMES[metadata.workType]),
    fact(LABELS.authors, metadata.authors.join('、')),
    fact(LABELS.rightsHolder, metadata.rightsHolder.name),
    fact(LABELS.creationDate, metadata.creationDate),
  ];
  if (metadata.firstPublication !== undefined) {
    facts.push(
      fact(LABELS.firstPublication, `${metadata.firstPublication.date} ${metadata.firstPublication.place}`),
    );
  }
  if (metadata.licenseStatement !== undefined)
    facts.push(fact(LABELS.licenseStatement, metadata.licenseStatement));
  facts.push(fact(LABELS.fileName, work.fileName), fact(LABELS.fileSize, `${fingerprint.sizeBytes} bytes`));
  const codes = [fact({ zh: 'ISCC 码', en: 'ISCC-CODE' }, fingerprint.iscc)];
  if (fingerprint.content !== undefined) {
    codes.push(
      fact({ zh: '内容码', en: `Content-Code (${fingerprint.content.kind})` }, fingerprint.content.iscc),
    );
  }
  codes.push(
    fact({ zh: '数据码', en: 'Data-Code' }, fingerprint.dataCode),
    fact({ zh: '实例码', en: 'Instance-Code' }, fingerprint.instanceCode),
    fact({ zh: 'SHA-256', en: 'SHA-256' }, fingerprint.sha256),
  );
  if (fingerprint.pdq !== undefined)
    codes.push(fact({ zh: 'PDQ 感知哈希', en: 'PDQ hash' }, fingerprint.pdq.hash));
  return { kind: 'work', number: work.number, title: metadata.title, facts, codes, similar: work.similar };
}

// The licensor is the rights holder of the work; the unit that filed the grant is the chain
// entry's submitter, printed with the record on the chain.
function licenseFacts(license: StoredLicense, work: StoredWork): CertificateFact[] {
  const { terms } = license;
  const facts = [
    fact(LABELS.licensedWork, `${license.workNumber} 《${work.metadata.title}》`),
    fact(LABELS.licensor, license.licensor),
    fact(LABELS.licensee, terms.licensee.name),
    fact(LABELS.scope, terms.scope.map((scope) => SCOPE_NAMES[scope] ?? scope).join('；')),
    fact(LABELS.territory, terms.territory.join(', ')),
    fact(LABELS.term, `${terms.term.start} — ${terms.term.end ?? '∞'}`),
    fact(LABELS.exclusivity, EXCLUSIVITY_NAMES[terms.exclusivity] ?? terms.exclusivity),
  ];
  if (terms.domains.length > 0) facts.push(fact(LABELS.licenseeDomains, terms.domains.join(', ')));
  if (terms.appIds.length > 0) facts.push(fact(LABELS.licenseeApps, terms.appIds.join(', ')));
  return facts;
}

export function describeLicenseCertificate(license: StoredLicense, work: StoredWork): CertificateSubject {
  return {
    kind: 'license',
    number: license.number,
    title: work.metadata.title,
    facts: licenseFacts(license, work),
  };
}

export function describeRevocationCertificate(license: StoredLicense, work: StoredWork): CertificateSubject {
  return {
    kind: 'license-revocation',
    number: license.number,
    title: work.metadata.title,
    facts: [
      ...licenseFacts(license, work),
      fact(LABELS.revokedBy, formatRevoker(readRevoker(license))),
      fact(LABELS.reason, license.revocation?.reason ?? ''),
    ],
  };
}
