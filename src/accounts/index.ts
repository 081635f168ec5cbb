export { AccountsError, type AccountsErrorCode } from './errors.ts';
export { ROLES, ROLE_DESCRIPTIONS, isRole, type Role } from './roles.ts';
export type { Principal } from './principal.ts';
export { checkOrganisationName, checkPrincipalName, nameSkeleton } from './principal-name.ts';
export {
  authoriseEntryWrite,
  CUSTOM_ENTRY_TYPE_PATTERN,
  RAW_ENTRY_TYPE,
  SERVICE_ENTRY_TYPES,
  type EntryWriter,
} from './entry-types.ts';
export {
  ADMIN,
  decideAccess,
  findAccess,
  formatRouteKey,
  PERMISSIONS,
  PUBLIC,
  seesDetail,
  type Access,
  type Caller,
} from './permissions.ts';
export {
  PERMISSION_DOC_END,
  PERMISSION_DOC_START,
  renderPermissionTable,
  replacePermissionTable,
} from './permissions-doc.ts';
