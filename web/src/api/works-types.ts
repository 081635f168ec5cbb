import type { WorkType, WorkView } from '../../../src/api/contract/index.ts';

// The works registry's values the creator and registrar pages offer, and the answers of routes
// whose schemas have not moved into src/api/contract yet (licences, reviews). Registrations'
// answers are the contract's types (WorkView, WorkAnswer, …), imported type-only by the pages.

/** The contract's WORK_TYPES, as values for the form (a value import would bundle zod). */
export const WORK_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'software',
  'other',
] as const satisfies readonly WorkType[];

export const LICENSE_SCOPES = [
  'reproduce',
  'distribute',
  'adapt',
  'perform',
  'broadcast',
  'network-dissemination',
] as const;
export const LICENSE_EXCLUSIVITY = ['exclusive', 'sole', 'non-exclusive'] as const;

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
