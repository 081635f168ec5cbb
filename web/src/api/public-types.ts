// The public API's answers the public pages read (src/api/schemas.ts, routes/works.ts,
// routes/licenses.ts, routes/captures.ts), only the fields the pages use.

export interface ChainInfo {
  name: string;
  origin: string;
  hashAlgorithm: string;
  size: number;
  treeSize: number;
  finalTreeSize: number;
}

export interface ChainList {
  chains: ChainInfo[];
}

/** GET /v1/chains/:chain/entries/:index (and each of GET …/entries?digest=). */
export interface StoredEntryView {
  index: number;
  /** `<chain>:<index>`. */
  id: string;
  leafHash: string;
  /** The entry's canonical JSON. */
  entry: string;
  receipt: string;
  /** True once a checkpoint covers the entry. */
  integrated: boolean;
}

export interface EntryList {
  entries: StoredEntryView[];
}

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

export interface WorkView {
  number: string;
  status: string;
  title: string;
  workType: string;
  authors: string[];
  creationDate: string;
  rightsHolder: { name: string };
  registrant: string;
  registeredAt: string;
  file: { name: string; sizeBytes: number; sha256: string };
  entry: EntryRef | null;
  flagged: boolean;
}

export interface WorkAnswer {
  registration: WorkView;
  links: { certificate?: string; bundle?: string; verify?: string };
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
