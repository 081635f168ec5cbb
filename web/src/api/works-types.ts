// The works registry's answers as the creator and registrar pages read them (the server's
// toWorkView / toLicenseView in src/registry/views.ts and the routes under src/api/routes/).

export const WORK_TYPES = ['text', 'image', 'audio', 'video', 'software', 'other'] as const;
export type WorkType = (typeof WORK_TYPES)[number];

export const LICENSE_SCOPES = [
  'reproduce',
  'distribute',
  'adapt',
  'perform',
  'broadcast',
  'network-dissemination',
] as const;
export const LICENSE_EXCLUSIVITY = ['exclusive', 'sole', 'non-exclusive'] as const;

export type RegistrationStatus = 'registered' | 'pending-review' | 'rejected';

export interface SimilarWorkView {
  number: string;
  title: string;
  registeredAt: string;
  similarity: number;
  basis: string;
}

export interface WorkView {
  number: string;
  status: RegistrationStatus;
  title: string;
  workType: WorkType;
  authors: string[];
  creationDate: string;
  firstPublication: { date: string; place: string } | null;
  rightsHolder: { name: string };
  licenseStatement: string | null;
  registrant: string;
  registeredAt: string | null;
  file: {
    name: string;
    sizeBytes: number;
    mediaType: string;
    format: string;
    sha256: string;
    /** How the portal may show it (GET /v1/works/:number/file sends it accordingly). */
    preview: 'image' | 'audio' | 'video' | 'text' | 'download';
  };
  codes: { iscc: string; content: string | null; data: string; instance: string; pdq: string | null };
  entry: { index: number; leafHash: string } | null;
  flagged: boolean;
  similar: SimilarWorkView[];
  review: {
    status: 'pending-review' | 'approved' | 'rejected';
    similar: SimilarWorkView[];
    decision: { decision: 'approve' | 'reject'; reason: string; decidedAt: string } | null;
  } | null;
}

export interface WorkLinks {
  self: string;
  /** Null while held for review or after a rejection. */
  certificate: string | null;
  licenses: string;
  bundle: string | null;
  verify: string;
}

export interface WorkAnswer {
  registration: WorkView;
  links: WorkLinks;
}

export interface RegistrationAnswer extends WorkAnswer {
  disclosures: unknown;
  receipt: { index: number; time: string };
}

export interface MyWorksAnswer {
  works: (WorkView & { links: WorkLinks })[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LicenseView {
  number: string;
  work: string;
  licensor: { name: string };
  grantedBy: string;
  status: 'granted' | 'revoked';
  licensee: { name: string };
  scope: string[];
  territory: string[];
  term: { start: string; end?: string };
  exclusivity: string;
  domains: string[];
  appIds: string[];
  grantedAt: string | null;
  revoked: boolean;
  revocation: { reason: string; revokedAt: string } | null;
}

export interface ReviewsAnswer {
  reviews: WorkView[];
}
