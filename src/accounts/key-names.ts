// Self-service API keys (issue 14 "API keys") are principals of their owner's organisation named
// `<owner>:<label>`. The name is how an owner's keys are found: to list and revoke them, and to
// count what a key did as its owner's (entries and captures made with the key).

export const KEY_LABEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The principal name of `owner`'s key `label`. */
export function formatKeyName(owner: string, label: string): string {
  return `${owner}:${label}`;
}

/** True when `name` is one of `owner`'s keys: `<owner>:<label>` with a label holding no colon. */
export function isKeyOf(owner: string, name: string): boolean {
  return name.startsWith(`${owner}:`) && KEY_LABEL_PATTERN.test(name.slice(owner.length + 1));
}

/** The label of `owner`'s key `name`, or null when `name` is not one of its keys (the owner itself). */
export function readKeyLabel(owner: string, name: string): string | null {
  return isKeyOf(owner, name) ? name.slice(owner.length + 1) : null;
}

/** A principal as far as key ownership goes. */
export interface NamedPrincipal {
  readonly name: string;
  readonly organisation: string | null;
}

/**
 * The names an owner acts under: its own and those of its keys, revoked ones included (what a key
 * did before its revocation stays its owner's). A key counts only in the owner's organisation, so
 * a principal another organisation named `<owner>:x` is never the owner's.
 */
export function listOwnPrincipalNames(
  owner: NamedPrincipal,
  principals: readonly NamedPrincipal[],
): string[] {
  const keys = principals
    .filter((p) => owner.organisation !== null && p.organisation === owner.organisation)
    .filter((p) => isKeyOf(owner.name, p.name))
    .map((p) => p.name)
    .sort();
  return [owner.name, ...keys];
}
