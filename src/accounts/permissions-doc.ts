import { PERMISSIONS, type Access } from './permissions.ts';

// docs/permissions.md prints the permission table between two markers; this renders that part
// (scripts/write-permissions-doc.ts writes it, test/permission-table.test.ts checks it is current).

export const PERMISSION_DOC_START = '<!-- permission-table:start (scripts/write-permissions-doc.ts) -->';
export const PERMISSION_DOC_END = '<!-- permission-table:end -->';

function describeAccess(access: Access): string {
  if (access.kind === 'admin') return "the node's admin token";
  if (access.kind === 'public') {
    return access.detailRoles === undefined
      ? 'anyone (no credential)'
      : `anyone; per-unit figures only for ${access.detailRoles.map((r) => `\`${r}\``).join(', ')} and the admin token`;
  }
  if (access.kind === 'session') {
    return access.roles === undefined
      ? 'a logged-in user (session cookie)'
      : `a logged-in user (session cookie) with ${access.roles.map((r) => `\`${r}\``).join(', ')}`;
  }
  const roles = access.roles.map((r) => `\`${r}\``).join(', ');
  if (access.orAdmin === true) return `a principal with ${roles}, or the node's admin token`;
  const who =
    access.memberRole === undefined
      ? `a principal with ${roles}`
      : `a principal with ${roles} of the consortium member whose role is \`${access.memberRole}\``;
  if (access.forAnyone === undefined) return who;
  const anyone = access.forAnyone.roles.map((r) => `\`${r}\``).join(', ');
  const member = access.forAnyone.memberRole;
  return `${who}, on its own records; a ${anyone}${member === undefined ? '' : ` of the member whose role is \`${member}\``} on anyone's`;
}

/** The table as Markdown, one row a route, in the table's order. */
export function renderPermissionTable(): string {
  const rows = Object.entries(PERMISSIONS).map(
    ([route, access]) => `| \`${route}\` | ${describeAccess(access)} |`,
  );
  return ['| Route | Who may call it |', '| --- | --- |', ...rows].join('\n');
}

/** `document` with the part between the markers replaced by the current table. */
export function replacePermissionTable(document: string): string {
  const start = document.indexOf(PERMISSION_DOC_START);
  const end = document.indexOf(PERMISSION_DOC_END);
  if (start < 0 || end < start) throw new Error('the document lacks the permission-table markers');
  return `${document.slice(0, start + PERMISSION_DOC_START.length)}\n${renderPermissionTable()}\n${document.slice(end)}`;
}
