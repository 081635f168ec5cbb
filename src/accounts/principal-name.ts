import { AccountsError } from './errors.ts';
import { ROLES } from './roles.ts';

// Principal and organisation names. Entries carry a principal's name, and people read it on
// certificates, so two names that look alike are one name: a name is compared through its
// skeleton (Unicode TS #39 §4 "confusable detection", over NFKC and case folding, with a subset of
// confusables.txt that covers Latin look-alikes in Cyrillic and Greek and the ASCII pairs 0/o,
// 1/l/i, 5/s, rn/m, vv/w). A name whose skeleton is a role's, a consortium member's or an
// organisation's is refused, and storage keeps skeletons unique.
// https://www.unicode.org/reports/tr39/#Confusable_Detection

const PRINCIPAL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,254}$/;
const ORGANISATION_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_NAME_CHARS = 255;

/** Cyrillic and Greek letters that render like Latin ones (TS #39 confusables.txt, lower case). */
const LATIN_LOOK_ALIKES: Readonly<Record<string, string>> = Object.freeze({
  а: 'a',
  в: 'b',
  ԁ: 'd',
  е: 'e',
  ё: 'e',
  һ: 'h',
  н: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  у: 'y',
  ү: 'y',
  х: 'x',
  ԝ: 'w',
  с: 'c',
  ѵ: 'v',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  μ: 'u',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
  ω: 'w',
  ɡ: 'g',
  ı: 'i',
  ℓ: 'l',
});

/**
 * The skeleton two names share when a reader could mistake one for the other: NFKC (full-width
 * letters become ASCII), lower case, Latin look-alikes replaced, then 0→o, 1/i/|→l, 5→s, rn→m,
 * vv→w, and `.`, `_`, `:`, `@` → `-`.
 */
export function nameSkeleton(name: string): string {
  let text = name.normalize('NFKC').toLowerCase();
  text = [...text].map((ch) => LATIN_LOOK_ALIKES[ch] ?? ch).join('');
  text = text.normalize('NFKD').replace(/\p{M}/gu, '');
  text = text
    .replace(/0/g, 'o')
    .replace(/[1i|]/g, 'l')
    .replace(/5/g, 's')
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[._:@]/g, '-');
  return text;
}

function findLookAlike(name: string, reserved: Iterable<string>): string | undefined {
  const skeleton = nameSkeleton(name);
  for (const other of [...ROLES, ...reserved]) if (nameSkeleton(other) === skeleton) return other;
  return undefined;
}

/**
 * Checks a new principal's name: never a role's, a member's or an organisation's name or a
 * look-alike of one (NAME_RESERVED), and 1 to 255 of A-Z, a-z, 0-9 and "._:@-" starting with a
 * letter or digit (NAME_INVALID). Returns the name and the skeleton storage keeps unique.
 */
export function checkPrincipalName(
  name: unknown,
  reserved: Iterable<string>,
): { name: string; nameKey: string } {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_CHARS) {
    throw new AccountsError('NAME_INVALID', 'a name is 1 to 255 characters', { details: { field: 'name' } });
  }
  const lookAlike = findLookAlike(name, reserved);
  if (lookAlike !== undefined) {
    throw new AccountsError(
      'NAME_RESERVED',
      `the name ${JSON.stringify(name)} is, or looks like, ${JSON.stringify(lookAlike)} (a role, a consortium member or an organisation); choose another`,
      { details: { field: 'name', name, lookAlike } },
    );
  }
  if (!PRINCIPAL_NAME_PATTERN.test(name)) {
    throw new AccountsError(
      'NAME_INVALID',
      'a name is 1 to 255 of A-Z, a-z, 0-9 and "._:@-", starting with a letter or digit',
      { details: { field: 'name' } },
    );
  }
  return { name, nameKey: nameSkeleton(name) };
}

/**
 * Checks a new organisation's name: 1 to 63 of a-z, 0-9 and "-" (it is the `<org>` of custom
 * entry types `x-<org>/<name>`), never a role's or an existing organisation's look-alike.
 */
export function checkOrganisationName(
  name: unknown,
  reserved: Iterable<string>,
): { name: string; nameKey: string } {
  if (typeof name !== 'string' || name.length > 63) {
    throw new AccountsError('NAME_INVALID', 'an organisation name is 1 to 63 characters', {
      details: { field: 'name' },
    });
  }
  const lookAlike = findLookAlike(name, reserved);
  if (lookAlike !== undefined) {
    throw new AccountsError(
      'NAME_RESERVED',
      `the organisation name ${JSON.stringify(name)} is, or looks like, ${JSON.stringify(lookAlike)}; choose another`,
      { details: { field: 'name', name, lookAlike } },
    );
  }
  if (!ORGANISATION_NAME_PATTERN.test(name)) {
    throw new AccountsError(
      'NAME_INVALID',
      'an organisation name is 1 to 63 of a-z, 0-9 and "-", starting with a letter or digit',
      { details: { field: 'name' } },
    );
  }
  return { name, nameKey: nameSkeleton(name) };
}
