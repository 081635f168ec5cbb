import { DEFAULT_ENTRIES_PAGE, MyEntriesPageSchema, MyEntriesQuerySchema } from '../api/index.ts';
import {
  formatOwnEntriesCursor,
  mergeChainEntries,
  parseOwnEntriesCursor,
  type ChainEntriesPage,
  type OwnEntriesCursor,
} from '../services/index.ts';
import type { SequencerNode } from './node.ts';

// GET /v1/me/entries on a local consortium, where each chain has its own node: without `chain`,
// every chain's node is asked for its page of the caller's entries (with the caller's own
// credential: units and sessions are shared by the nodes) and the pages are merged by time, as one
// node serving several chains merges its own (src/services/own-entries.ts). Anything the gateway
// does not list itself (one chain, a malformed query, a cursor of unknown chains) goes to the node
// that answers it, which gives the typed answer.

export async function listLocalOwnEntries(
  request: Request,
  sequencers: ReadonlyMap<string, SequencerNode>,
  forward: (chain: string | undefined) => Promise<Response>,
): Promise<Response> {
  const url = new URL(request.url);
  const parsed = MyEntriesQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success || url.searchParams.has('chain')) {
    return forward(parsed.success ? parsed.data.chain : undefined);
  }
  let cursor: OwnEntriesCursor | null = null;
  try {
    cursor = parsed.data.cursor === undefined ? null : parseOwnEntriesCursor(parsed.data.cursor);
  } catch {
    return forward(undefined);
  }
  if (cursor !== null && [...cursor.keys()].some((chain) => !sequencers.has(chain)))
    return forward(undefined);
  const limit = parsed.data.limit ?? DEFAULT_ENTRIES_PAGE;
  const chains = [...sequencers.keys()].filter((chain) => cursor === null || cursor.has(chain));
  const answers = await Promise.all(
    chains.map(async (chain) => {
      const query = new URLSearchParams({ chain, limit: String(limit) });
      const start = cursor?.get(chain) ?? null;
      if (start !== null) query.set('cursor', `${chain}:${start}`);
      const answer = await sequencers
        .get(chain)!
        .app.fetch(new Request(`${url.origin}/v1/me/entries?${query}`, { headers: request.headers }));
      return { chain, start, answer };
    }),
  );
  const refused = answers.find(({ answer }) => answer.status !== 200);
  if (refused !== undefined) return refused.answer;
  const pages: ChainEntriesPage[] = [];
  for (const { chain, start, answer } of answers) {
    const page = MyEntriesPageSchema.parse(await answer.json());
    pages.push({ chain, entries: page.entries, more: page.next !== null, start });
  }
  const { entries, positions } = mergeChainEntries(pages, limit);
  return Response.json(
    { entries, next: formatOwnEntriesCursor(positions) },
    { headers: { 'cache-control': 'no-store' } },
  );
}
