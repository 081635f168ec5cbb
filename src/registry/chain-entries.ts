import { bytesToHex, hashBytes, sha256, utf8ToBytes, type HashAlgorithm } from '../crypto/index.ts';
import { canonicalizeJson } from '../note/index.ts';
import { discloseValue } from './commitments.ts';
import type { LicenseTerms } from './license-terms.ts';
import type { EntryRequest, Revoker, SimilarWork, StoredLicense, StoredWork } from './storage.ts';
import type { WorkFingerprint } from './work-file.ts';
import type { WorkMetadata } from './work-metadata.ts';

// The works chain's entries (DESIGN.md "Entry"): `work`, `registration-decision`, `license` and
// `license-revocation`. Their
// meta carries the registration number and content codes in clear; personal data (holder, authors,
// licensee) and the registrant's own words only as salted commitments.

const MAX_SIMILAR_ON_CHAIN = 10;

export interface CommittedEntry {
  entryRequest: EntryRequest;
  disclosures: Record<string, string>;
}

function commit(values: Record<string, unknown>): {
  commitments: Record<string, string>;
  disclosures: Record<string, string>;
} {
  const commitments: Record<string, string> = {};
  const disclosures: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const disclosed = discloseValue(name, value);
    commitments[name] = disclosed.commitment;
    disclosures[name] = disclosed.disclosure;
  }
  return { commitments, disclosures };
}

export function buildWorkEntry(
  number: string,
  digest: string,
  metadata: WorkMetadata,
  fileName: string,
  fingerprint: WorkFingerprint,
  similar: readonly SimilarWork[],
): CommittedEntry {
  const particulars: Record<string, unknown> = {
    title: metadata.title,
    creationDate: metadata.creationDate,
    fileName,
  };
  if (metadata.firstPublication !== undefined) particulars['firstPublication'] = metadata.firstPublication;
  if (metadata.licenseStatement !== undefined) particulars['licenseStatement'] = metadata.licenseStatement;
  const { commitments, disclosures } = commit({
    holder: metadata.rightsHolder,
    authors: metadata.authors,
    particulars,
  });
  const codes: Record<string, string> = { data: fingerprint.dataCode, instance: fingerprint.instanceCode };
  if (fingerprint.content !== undefined) codes['content'] = fingerprint.content.iscc;
  const meta: Record<string, unknown> = {
    number,
    workType: metadata.workType,
    sha256: fingerprint.sha256,
    sizeBytes: fingerprint.sizeBytes,
    iscc: fingerprint.iscc,
    codes,
    commitments,
  };
  if (fingerprint.pdq !== undefined) meta['pdq'] = fingerprint.pdq.hash;
  if (similar.length > 0) {
    meta['similar'] = similar.slice(0, MAX_SIMILAR_ON_CHAIN).map((s) => ({
      number: s.number,
      basis: s.basis,
      similarity: Math.round(s.similarity * 1000) / 1000,
    }));
  }
  return { entryRequest: { type: 'work', digest, meta }, disclosures };
}

/** The digest a licence is deposited under: of the canonical JSON of its number, work and terms. */
export function digestLicense(
  algorithm: HashAlgorithm,
  number: string,
  work: StoredWork,
  terms: LicenseTerms,
): string {
  const document = canonicalizeJson({
    number,
    work: work.number,
    workDigest: work.entryRequest.digest,
    terms,
  });
  return `${algorithm}:${bytesToHex(hashBytes(algorithm, utf8ToBytes(document)))}`;
}

export function buildLicenseEntry(
  number: string,
  digest: string,
  work: StoredWork,
  terms: LicenseTerms,
): CommittedEntry {
  const committed: Record<string, unknown> = { licensee: terms.licensee };
  if (terms.remarks !== undefined) committed['remarks'] = terms.remarks;
  const { commitments, disclosures } = commit(committed);
  const meta: Record<string, unknown> = {
    number,
    work: work.number,
    workEntry: work.entry?.index ?? null,
    scope: terms.scope,
    territory: terms.territory,
    term: terms.term,
    exclusivity: terms.exclusivity,
    domains: terms.domains,
    appIds: terms.appIds,
    commitments,
  };
  return { entryRequest: { type: 'license', digest, meta }, disclosures };
}

/**
 * The revocation's reason stays in the registry: the entry names the licence and in what capacity
 * its submitter (the entry's `unit`, who revoked) acted: as the licensor or as a registrar.
 */
export function buildRevocationEntry(license: StoredLicense, revokedBy: Revoker): EntryRequest {
  return {
    type: 'license-revocation',
    digest: license.entryRequest.digest,
    meta: {
      license: license.number,
      work: license.workNumber,
      licenseEntry: license.entry?.index ?? null,
      revokedAs: revokedBy.capacity,
    },
  };
}

/**
 * A registrar's decision on a registration held for review. The entry names the registration and
 * its entry; the reason stays in the registry, bound to the entry by its SHA-256.
 */
export function buildDecisionEntry(
  work: StoredWork,
  decision: 'approve' | 'reject',
  reason: string,
): EntryRequest {
  return {
    type: 'registration-decision',
    digest: work.entryRequest.digest,
    meta: {
      number: work.number,
      workEntry: work.entry?.index ?? null,
      decision,
      reasonSha256: bytesToHex(sha256(utf8ToBytes(reason))),
    },
  };
}
