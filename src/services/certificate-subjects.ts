import {
  formatCertificateTime,
  LABELS,
  type CertificateFact,
  type CertificateSubject,
} from '../certificate/index.ts';
import type { CaptureJob, CaptureService } from '../capture/index.ts';
import { readVerificationEntry } from '../consortium/index.ts';
import type { Entry, StoredEntry } from '../ledger/index.ts';
import { bytesToUtf8 } from '../crypto/index.ts';
import {
  describeLicenseCertificate,
  describeRevocationCertificate,
  describeWorkCertificate,
  readRegistryRecordOfEntry,
  type StoredLicense,
  type StoredWork,
} from '../registry/index.ts';
import type { ChainHandle } from './chain.ts';
import { readLicenseRevocation } from './license-status.ts';
import { findCaptureOfEntry } from './captures.ts';
import type { WorksService } from './works.ts';

// What a certificate may say about an entry (DESIGN.md "Certificates answer the court's
// questions"): the particulars come from the record this node's own service keeps for exactly that
// entry (the registration, licence, capture job or verification it wrote), never from the free
// `meta` of the entry alone. An entry without such a record is certified as a digest on the chain
// and says plainly what that does not show.

function fact(label: CertificateFact['label'], value: string): CertificateFact {
  return { label, value };
}

function bilingual(text: { zh: string; en: string }): string {
  return `${text.zh} ${text.en}`;
}

/** A licence's certificate, with its status (granted, or revoked with time and entry). */
export function describeLicenseSubject(
  works: WorksService,
  license: StoredLicense,
  work: StoredWork,
): CertificateSubject {
  const revocation = readLicenseRevocation(license, works.chainName);
  const subject = describeLicenseCertificate(license, work);
  return revocation === undefined ? subject : { ...subject, revocation };
}

/**
 * The registration, licence or revocation that entry `index` of the works chain records (the
 * registry's record of exactly this entry, see readRegistryRecordOfEntry), or null on another chain.
 * Throws ENTRY_NOT_REGISTRATION for an entry naming another entry's number, and
 * REGISTRATION_UNDER_REVIEW or REGISTRATION_REJECTED for a registration that is not certified.
 */
export async function describeRegistrySubject(
  works: WorksService,
  chain: string,
  index: number,
  entry: Entry,
): Promise<CertificateSubject | null> {
  if (chain !== works.chainName) return null;
  const record = await readRegistryRecordOfEntry(works.registry.storage, entry, index);
  if (record === null) return null;
  if (record.type === 'work') return describeWorkCertificate(record.work);
  if (record.type === 'license') return describeLicenseSubject(works, record.license, record.work);
  return describeRevocationCertificate(record.license, record.work);
}

function describeCleanEnvironment(job: CaptureJob): string {
  const clean = job.result?.cleanEnvironment;
  if (clean === undefined) return bilingual(LABELS.notRecorded);
  const failed = clean.checks.filter((check) => check.status === 'fail').map((check) => check.id);
  const checks = clean.checks.map((check) => `${check.id}: ${check.status}`).join(', ');
  return clean.clean ? `通过 passed (${checks})` : `未通过 failed: ${failed.join(', ')} (${checks})`;
}

/**
 * The capture certificate of a `capture` entry: only when this node's capture job deposited exactly
 * this entry and its package's digest is the entry's. Null otherwise.
 */
export function describeCaptureSubject(job: CaptureJob | null, entry: Entry): CertificateSubject | null {
  const result = job?.result;
  if (job === null || result === null || result === undefined || result.package?.digest !== entry.digest) {
    return null;
  }
  const facts = [fact(LABELS.capturedUrl, result.requestedUrl)];
  if (result.finalUrl !== result.requestedUrl) facts.push(fact(LABELS.finalUrl, result.finalUrl));
  if (result.title !== '') facts.push(fact(LABELS.pageTitle, result.title));
  facts.push(
    fact(LABELS.captureStart, formatCertificateTime(result.startedAt)),
    fact(LABELS.captureEnd, formatCertificateTime(result.endedAt)),
    fact(
      LABELS.captureState,
      result.state === 'complete' ? '完整 complete' : `部分 partial: ${result.reasons.join('; ')}`,
    ),
    fact(
      LABELS.browser,
      result.browser === undefined
        ? bilingual(LABELS.notRecorded)
        : `${result.browser.name} ${result.browser.version}`,
    ),
    fact(LABELS.cleanEnvironment, describeCleanEnvironment(job)),
    fact(LABELS.captureId, job.id),
    fact(LABELS.packageDigest, result.package.digest),
  );
  return { kind: 'capture', facts };
}

/** The certificate of a `verification` entry this chain's verification service wrote; null if malformed. */
export function describeVerificationSubject(
  chain: ChainHandle,
  index: number,
  entry: Entry,
): CertificateSubject | null {
  const verification = readVerificationEntry(chain.trusted, index, entry);
  if (verification === null) return null;
  const failed = entry.meta['failedChecks'];
  const facts = [
    fact(LABELS.verifiedChain, `${verification.verifiedChain} (${verification.verifiedOrigin})`),
    fact(LABELS.verifiedEntry, String(verification.verifiedIndex)),
    fact(LABELS.verifiedLeafHash, verification.verifiedLeafHash),
  ];
  if (Number.isSafeInteger(entry.meta['treeSize'])) {
    facts.push(fact(LABELS.verifiedTreeSize, String(entry.meta['treeSize'])));
  }
  facts.push(
    fact(LABELS.caseNumber, verification.caseNumber ?? bilingual(LABELS.noCaseNumber)),
    fact(
      LABELS.verificationResult,
      bilingual(verification.verified ? LABELS.resultVerified : LABELS.resultNotVerified),
    ),
  );
  if (Array.isArray(failed) && failed.length > 0)
    facts.push(fact(LABELS.failedChecks, failed.map(String).join(', ')));
  facts.push(fact(LABELS.verifier, entry.unit), fact(LABELS.verifiedAt, formatCertificateTime(entry.time)));
  return { kind: 'verification', facts };
}

/** An entry no service of this node recorded: a digest on the chain, and what that does not show. */
export function describePlainSubject(entry: Entry): CertificateSubject {
  if (entry.type === 'evidence') {
    const title = ['title', 'url', 'name'].map((key) => entry.meta[key]).find((v) => typeof v === 'string');
    return typeof title === 'string' ? { kind: 'evidence', title } : { kind: 'evidence' };
  }
  const scope = entry.type === 'capture' ? LABELS.noCapturePackage : LABELS.noServiceRecord;
  return { kind: 'entry', facts: [fact(LABELS.certificateScope, bilingual(scope))] };
}

/** The services of a node whose records a certificate may state. */
export interface SubjectSources {
  works?: WorksService | undefined;
  captures?: CaptureService | undefined;
}

function readEntryJson(stored: StoredEntry): Entry {
  return JSON.parse(bytesToUtf8(stored.entry)) as Entry;
}

/**
 * What the certificate of an entry says: the registration, licence, capture or verification that
 * this node's own service recorded as exactly this entry, or else the digest on the chain alone.
 */
export async function describeEntrySubject(
  sources: SubjectSources,
  chain: ChainHandle,
  stored: StoredEntry,
): Promise<CertificateSubject> {
  const entry = readEntryJson(stored);
  const index = stored.leafIndex;
  let subject: CertificateSubject | null = null;
  if (sources.works !== undefined && ['work', 'license', 'license-revocation'].includes(entry.type)) {
    subject = await describeRegistrySubject(sources.works, chain.name, index, entry);
  } else if (entry.type === 'capture') {
    subject = describeCaptureSubject(await findCaptureOfEntry(sources.captures, chain.name, index), entry);
  } else if (entry.type === 'verification') {
    subject = describeVerificationSubject(chain, index, entry);
  }
  return subject ?? describePlainSubject(entry);
}
