// Where the home page's search box leads for what was typed. Kept apart from the page so that the
// rule is one function with its own test.

export function resolveSearchTarget(query: string): string | null {
  const text = query.trim();
  if (text === '') return null;
  return `/search?q=${encodeURIComponent(text)}`;
}
