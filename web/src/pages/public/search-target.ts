// What the search box was given, and the page that shows it. Kept apart from the pages so that the
// rule is one function with its own test (search-target.test.ts). The forms follow the API:
// - an entry: `<chain>:<index>` as the API's `id` field writes it (src/api/proof-bundle.ts
//   formatEntryId), or `<chain>/<index>` as in /verify/<chain>/<index> links and QR codes;
// - a digest: `sha256:<64 hex>` or `sm3:<64 hex>` as entries record it, or 64 bare hex (SHA-256);
// - a registration number `SC-2026-W-00001234-7` (a work) or `SC-2026-L-…` (a licence), as
//   src/registry/registration-number.ts makes them (case and spaces ignored; the check character
//   is the server's to judge);
// - a capture id: the UUID POST /v1/captures answers.

export type SearchTarget =
  | { kind: 'entry'; chain: string; index: number; path: string }
  | { kind: 'digest'; digest: string; path: string }
  | { kind: 'work'; number: string; path: string }
  | { kind: 'license'; number: string; path: string }
  | { kind: 'capture'; id: string; path: string }
  | { kind: 'unknown'; text: string; path: string };

const MAX_QUERY_CHARS = 512;
const ENTRY = /^([a-z][a-z0-9-]{0,62})\s*[:/#]\s*(0|[1-9][0-9]{0,15})$/;
const TAGGED_DIGEST = /^(sha256|sm3):([0-9a-f]{64})$/;
const BARE_DIGEST = /^[0-9a-f]{64}$/;
const REGISTRATION = /^SC-\d{4}-([WL])-\d{8}-[0-9A-Z]$/;
const CAPTURE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The page for a search of `query`; `unknown` leads to the search page's not-found state. */
export function classifySearch(query: string): SearchTarget {
  const text = query.trim().slice(0, MAX_QUERY_CHARS);
  // A pasted verify link (https://…/verify/evidence/12) is searched by its path.
  const path = /\/verify\/([^?#]+)/.exec(text)?.[1] ?? text;
  const lower = path.toLowerCase();
  const entry = ENTRY.exec(lower);
  if (entry !== null && Number(entry[2]) <= Number.MAX_SAFE_INTEGER) {
    const [chain, index] = [entry[1]!, Number(entry[2])];
    return { kind: 'entry', chain, index, path: `/entries/${chain}/${index}` };
  }
  const tagged = TAGGED_DIGEST.exec(lower);
  const digest = tagged !== null ? lower : BARE_DIGEST.test(lower) ? `sha256:${lower}` : null;
  if (digest !== null) {
    return { kind: 'digest', digest, path: `/search?q=${encodeURIComponent(digest)}` };
  }
  const upper = path.toUpperCase().replace(/\s+/g, '');
  const number = REGISTRATION.exec(upper);
  if (number !== null) {
    return number[1] === 'W'
      ? { kind: 'work', number: upper, path: `/works/${upper}` }
      : { kind: 'license', number: upper, path: `/licenses/${upper}` };
  }
  if (CAPTURE.test(lower)) return { kind: 'capture', id: lower, path: `/captures/${lower}` };
  return { kind: 'unknown', text, path: `/search?q=${encodeURIComponent(text)}` };
}

/** Where the search box leads for what was typed, or null for nothing typed. */
export function resolveSearchTarget(query: string): string | null {
  return query.trim() === '' ? null : classifySearch(query).path;
}
