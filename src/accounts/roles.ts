// DESIGN.md "Roles and authority": the roles a principal may hold. A principal holds a set of them.

export const ROLES = [
  'unit',
  'platform',
  'creator',
  'registrar',
  'judge',
  'clerk',
  'mediator',
  'operator',
] as const;

export type Role = (typeof ROLES)[number];

/** What each role is, for the docs and the CLI's help. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = Object.freeze({
  unit: "an application unit's machine key: deposits evidence, uploads files, captures pages, registers works",
  platform: 'a content platform: deposits evidence, captures pages, receives notices and screens uploads',
  creator: 'a rights holder or their agent: registers works, grants and revokes licences',
  registrar: 'copyright centre staff: registers works, decides reviews and revokes any licence',
  judge: 'a judge of the court organisation: records court verifications',
  clerk: 'a clerk of the court organisation: records court verifications',
  mediator: 'a mediator: reads what a case needs (no write route yet)',
  operator: "the node's operator as a principal: reads per-unit statistics",
});

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
