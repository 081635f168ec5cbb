import type { AccountsErrorCode } from '../accounts/index.ts';

// HTTP statuses of the accounts module's error codes, spread into the one table of problem.ts.

export const ACCOUNTS_PROBLEM_STATUS: Readonly<Record<AccountsErrorCode, number>> = {
  NAME_INVALID: 422,
  NAME_RESERVED: 422,
  ROLE_UNKNOWN: 422,
  ORGANISATION_NOT_FOUND: 422,
  ROLE_REQUIRED: 403,
  ORGANISATION_REQUIRED: 403,
  ENTRY_TYPE_RESERVED: 403,
  ENTRY_TYPE_FOREIGN: 403,
  ENTRY_TYPE_WRONG_CHAIN: 403,
};
