import type { Role } from './roles.ts';

/**
 * Who is calling: an API key today; a user account (the web login) is the same shape with
 * `kind: 'user'`. Either belongs to at most one organisation and holds a set of roles. Units made
 * before roles existed, or made without an organisation, have `organisation: null`.
 */
export interface Principal {
  id: string;
  kind: 'api-key' | 'user';
  /** What its entries carry in their `unit` field. */
  name: string;
  organisation: string | null;
  roles: readonly Role[];
}
