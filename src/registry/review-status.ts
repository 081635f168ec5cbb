import { RegistryError } from './errors.ts';
import type { Revoker, StoredLicense, StoredWork } from './storage.ts';

// The one rule for what a registration's and a licence's status is (issue 22, "truthful status
// everywhere"): a registration like an earlier one is not certified until a registrar approved it,
// and a licence is revoked from the moment its revocation entry is on the chain.

export type RegistrationStatus = 'pending' | 'pending-review' | 'registered' | 'rejected';

export function readRegistrationStatus(work: StoredWork): RegistrationStatus {
  if (work.entry === null) return 'pending';
  if (work.review === 'pending-review') return 'pending-review';
  if (work.review === 'rejected') return 'rejected';
  return 'registered';
}

/** "similar to SC-… 《title》 registered at …", for each earlier registration, joined. */
function listSimilar(work: StoredWork, language: 'zh' | 'en'): string {
  return work.similar
    .map((s) =>
      language === 'zh'
        ? `与 ${s.number}《${s.title}》（登记于 ${s.time}，相似度 ${Math.round(s.similarity * 100)}%）相似`
        : `similar to ${s.number} "${s.title}" registered at ${s.time} (${Math.round(s.similarity * 100)}% similar)`,
    )
    .join(language === 'zh' ? '；' : '; ');
}

/** One sentence in Chinese and one in English saying why a registration is not certified; null when it is. */
export function describeRegistrationHold(work: StoredWork): { zh: string; en: string } | null {
  const status = readRegistrationStatus(work);
  if (status === 'pending-review') {
    return {
      zh: `${work.number} 正在审查中：${listSimilar(work, 'zh')}。审查通过前不出具证书。`,
      en: `${work.number} is under review, ${listSimilar(work, 'en')}. No certificate is issued until a registrar approves it.`,
    };
  }
  if (status === 'rejected') {
    const decision = work.decision;
    const time = decision?.entry?.time ?? '';
    return {
      zh: `${work.number} 的登记已被驳回（${time}，记录于条目 ${decision?.entry?.index ?? ''}）：${decision?.reason ?? ''}`,
      en: `the registration ${work.number} was rejected at ${time} (entry ${decision?.entry?.index ?? ''}): ${decision?.reason ?? ''}`,
    };
  }
  if (status === 'pending') {
    return {
      zh: `${work.number} 的条目尚未写入链上`,
      en: `the entry of ${work.number} is not on the chain yet`,
    };
  }
  return null;
}

/** The work, when it may be certified; REGISTRATION_UNDER_REVIEW, REGISTRATION_REJECTED or REGISTRATION_PENDING otherwise. */
export function requireCertifiable(work: StoredWork): StoredWork {
  const status = readRegistrationStatus(work);
  const hold = describeRegistrationHold(work);
  if (status === 'registered' || hold === null) return work;
  const details = {
    number: work.number,
    status,
    similar: work.similar.map((s) => ({
      number: s.number,
      title: s.title,
      registeredAt: s.time,
      similarity: s.similarity,
    })),
    ...(status === 'rejected' ? { reason: work.decision?.reason ?? '' } : {}),
  };
  const code =
    status === 'pending-review'
      ? 'REGISTRATION_UNDER_REVIEW'
      : status === 'rejected'
        ? 'REGISTRATION_REJECTED'
        : 'REGISTRATION_PENDING';
  throw new RegistryError(code, hold.en, { details });
}

export interface LicenseStatus {
  number: string;
  work: string;
  licensor: string;
  status: 'granted' | 'revoked';
  grantedAt: string;
  entry: { index: number; leafHash: string };
  /** Present when revoked: when, who, and the `license-revocation` entry that records it. */
  revocation: {
    revokedAt: string;
    revokedBy: Revoker;
    entry: { index: number; leafHash: string };
  } | null;
}

/**
 * Who revoked a licence: as recorded, or for a revocation recorded before the registry kept it,
 * the unit that granted it (then the only one that could revoke).
 */
export function readRevoker(license: StoredLicense): Revoker {
  return license.revocation?.revokedBy ?? { name: license.unit, capacity: 'licensor' };
}

/** A licence's status from its registry record: revoked exactly when its revocation entry is on the chain. */
export function toLicenseStatus(license: StoredLicense): LicenseStatus {
  if (license.entry === null) {
    throw new RegistryError(
      'REGISTRATION_PENDING',
      `the entry of ${license.number} is not on the chain yet`,
      {
        details: { number: license.number },
      },
    );
  }
  const revoked = license.revocation?.entry ?? null;
  return {
    number: license.number,
    work: license.workNumber,
    licensor: license.licensor,
    status: revoked === null ? 'granted' : 'revoked',
    grantedAt: license.entry.time,
    entry: { index: license.entry.index, leafHash: license.entry.leafHash },
    revocation:
      revoked === null
        ? null
        : {
            revokedAt: revoked.time,
            revokedBy: readRevoker(license),
            entry: { index: revoked.index, leafHash: revoked.leafHash },
          },
  };
}
