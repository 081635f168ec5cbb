export { AccountsError, type AccountsErrorCode } from './errors.ts';
export { ROLES, ROLE_DESCRIPTIONS, isRole, type Role } from './roles.ts';
export type { Principal } from './principal.ts';
export { checkOrganisationName, checkPrincipalName, nameSkeleton } from './principal-name.ts';
export {
  formatKeyName,
  isKeyOf,
  KEY_LABEL_PATTERN,
  listOwnPrincipalNames,
  readKeyLabel,
  type NamedPrincipal,
} from './key-names.ts';
export {
  authoriseEntryWrite,
  CUSTOM_ENTRY_TYPE_PATTERN,
  RAW_ENTRY_TYPE,
  SERVICE_ENTRY_TYPES,
  type EntryWriter,
} from './entry-types.ts';
export {
  actsForAnyone,
  ADMIN,
  decideAccess,
  findAccess,
  formatRouteKey,
  PERMISSIONS,
  PUBLIC,
  REGISTRARS,
  SESSION,
  seesDetail,
  type Access,
  type Caller,
  type MemberRoles,
} from './permissions.ts';
export {
  PERMISSION_DOC_END,
  PERMISSION_DOC_START,
  renderPermissionTable,
  replacePermissionTable,
} from './permissions-doc.ts';
export {
  createOneTimePassword,
  DEFAULT_PASSWORD_HASH,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  verifyPassword,
  type ParsedPasswordHash,
  type PasswordHashOptions,
} from './password-hash.ts';
export {
  createTotpSecret,
  DEFAULT_TOTP,
  encodeBase32,
  formatTotpUri,
  generateTotp,
  matchTotp,
  totpStep,
  type TotpOptions,
} from './totp.ts';
export type { NewUser, StoredSession, StoredUser, UserStorage } from './user-storage.ts';
export type { LoginFailureStorage } from './login-failure-storage.ts';
