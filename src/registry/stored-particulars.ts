import type { LicenseTerms } from './license-terms.ts';
import type { WorkMetadata } from './work-metadata.ts';

// Identity numbers (a rights holder's or licensee's ID card or organisation code) are personal
// data (DESIGN.md "Entry"). The chain entry commits to them with a salted commitment whose
// disclosure goes to the registrant in the answer; the registry keeps neither the number nor the
// disclosure that contains it, so its database never holds one in clear.

export function keepWorkWithoutIdNumber(
  metadata: WorkMetadata,
  disclosures: Record<string, string>,
): { metadata: WorkMetadata; disclosures: Record<string, string> } {
  if (metadata.rightsHolder.idNumber === undefined) return { metadata, disclosures };
  const { holder: _holder, ...kept } = disclosures;
  return { metadata: { ...metadata, rightsHolder: { name: metadata.rightsHolder.name } }, disclosures: kept };
}

export function keepLicenseWithoutIdNumber(
  terms: LicenseTerms,
  disclosures: Record<string, string>,
): { terms: LicenseTerms; disclosures: Record<string, string> } {
  if (terms.licensee.idNumber === undefined) return { terms, disclosures };
  const { licensee: _licensee, ...kept } = disclosures;
  return { terms: { ...terms, licensee: { name: terms.licensee.name } }, disclosures: kept };
}
