import type { Role } from '../accounts/index.ts';
import { ServiceError } from './errors.ts';

export { formatKeyName, isKeyOf, KEY_LABEL_PATTERN } from '../accounts/index.ts';

// Self-service API keys (issue 14 "API keys"): a person of an organisation makes machine keys for
// their own scripts without the admin. A key is a principal of the caller's organisation named
// `<owner>:<label>`, holding some of the owner's deposit roles and nothing more, so a key can never
// do what its owner cannot, and never anything but depositing and capturing.

/** The roles a self-service key may hold (the depositors' roles of the permission table). */
export const SELF_SERVICE_KEY_ROLES: readonly Role[] = Object.freeze(['unit', 'platform'] as Role[]);

/**
 * The roles a new key of an owner holding `ownerRoles` gets: `requested` when each is a
 * self-service role the owner holds, all such roles of the owner when none are requested.
 */
export function chooseKeyRoles(
  ownerRoles: readonly Role[],
  requested: readonly string[] | undefined,
): Role[] {
  const allowed = ownerRoles.filter((role) => SELF_SERVICE_KEY_ROLES.includes(role));
  if (requested === undefined || requested.length === 0) return allowed;
  const refused = requested.filter((role) => !allowed.includes(role as Role));
  if (refused.length > 0) {
    throw new ServiceError(
      'FORBIDDEN',
      `a key may hold only roles its owner holds among ${SELF_SERVICE_KEY_ROLES.join(', ')}: not ${refused.join(', ')}`,
      {
        details: { field: 'roles', refused, allowed },
      },
    );
  }
  return [...new Set(requested)] as Role[];
}
