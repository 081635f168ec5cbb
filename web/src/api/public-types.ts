// The public API's answers the public pages read. Those the API contract types are imported from
// src/api/contract (type-only: nothing of the server reaches the bundle); the rest are answers of
// routes whose schemas have not moved into the contract yet (licences, captures), only the fields
// the pages use.

/** The entry's canonical JSON, parsed. */
export interface EntryEnvelopeView {
  v: number;
  type: string;
  digest: string;
  unit: string;
  time: string;
  meta: Record<string, unknown>;
}

export interface EntryRef {
  index: number;
  leafHash: string;
}

export interface LicenseView {
  number: string;
  work: string;
  licensor: { name: string };
  licensee: { name: string };
  status: string;
  scope: string[];
  territory: string[];
  term: { start?: string; end?: string };
  exclusivity: string;
  grantedAt: string;
  entry: EntryRef | null;
  revoked: boolean;
  revocation?: {
    reason: string;
    revokedAt: string;
    /** Who revoked it: the licensor (through its registrant) or a registrar of the copyright centre. */
    revokedBy?: { name: string; capacity: 'licensor' | 'registrar' };
    entry: EntryRef | null;
  } | null;
}

export interface LicenseAnswer {
  license: LicenseView;
  links: { bundle?: string; revocationBundle?: string; verify?: string };
}

export interface CaptureAnswer {
  id: string;
  status: string;
  url?: string;
  entry?: { chain?: string; index: number } | null;
  [field: string]: unknown;
}
