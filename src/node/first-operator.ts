import type { UserStorage } from '../accounts/index.ts';
import { isSealchainError } from '../errors/index.ts';
import type { UserService } from '../services/index.ts';

// The first operator account of a local consortium or of a configured sequencer node, made at its
// first start on an empty database so that someone can log in to the portal and create the others. Its name cannot be `operator` (a principal's name
// never looks like a role: src/accounts/principal-name.ts), so it is `operator-1`.

export const FIRST_OPERATOR_NAME = 'operator-1';

export interface FirstOperator {
  /** The organisation it belongs to (the court, or the first member). */
  organisation: string | null;
  /** Its password (SEALCHAIN_OPERATOR_PASSWORD); a one-time password is made when absent. */
  password?: string;
}

/**
 * Creates the first operator unless any user account exists; returns its one-time password when
 * this call made one (null when it existed or the password was given).
 */
export async function initFirstOperator(
  users: UserService,
  storage: UserStorage,
  operator: FirstOperator,
): Promise<string | null> {
  if ((await storage.listUsers()).length > 0) return null;
  try {
    const created = await users.createUser({
      name: FIRST_OPERATOR_NAME,
      displayName: 'Operator',
      organisation: operator.organisation,
      roles: ['operator'],
      ...(operator.password === undefined ? {} : { password: operator.password }),
    });
    return created.oneTimePassword;
  } catch (error) {
    // Another node on the same database made it between the check and here: it printed the password.
    if (isSealchainError(error) && error.code === 'UNIT_NAME_TAKEN') return null;
    throw error;
  }
}
