// Conditional GET of immutable answers (a final proof bundle): RFC 9110 §13.1.2 If-None-Match,
// which compares entity tags weakly (a W/ prefix on either side is ignored) and where `*` matches
// any current representation.

/** True when `ifNoneMatch` (the header's value, or undefined) names `etag` (a quoted entity tag). */
export function matchesIfNoneMatch(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const wanted = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const listed of ifNoneMatch.split(',')) {
    const tag = listed.trim();
    if (tag === '*') return true;
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === wanted) return true;
  }
  return false;
}
