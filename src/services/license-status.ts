import type { CertificateRevocation } from '../certificate/index.ts';
import { readRevoker, type StoredLicense } from '../registry/index.ts';

/**
 * A licence's status as certificates and verify pages show it: undefined while granted, the
 * revocation (time, entry, reason, who) once a `license-revocation` entry for it is on the chain. The one
 * place that reads licence status: re-point it when the registry exposes status of its own.
 */
export function readLicenseRevocation(
  license: StoredLicense,
  worksChain: string,
): CertificateRevocation | undefined {
  const entry = license.revocation?.entry ?? null;
  if (entry === null) return undefined;
  return {
    time: entry.time,
    chain: worksChain,
    index: entry.index,
    reason: license.revocation?.reason ?? '',
    revokedBy: readRevoker(license),
  };
}
