import { ServiceError } from './errors.ts';

// The page cursor of a caller's own entries over several chains: for each chain that still has
// older entries, the leaf index the next page reads below (`evidence:120,works:33`). A chain the
// cursor leaves out is exhausted. Opaque to clients; bounded so a hostile one costs nothing.

export type OwnEntriesCursor = ReadonlyMap<string, number>;

/** Chains one cursor may name. */
export const MAX_CURSOR_CHAINS = 16;
const CHAIN_POSITION = /^([a-z][a-z0-9-]{0,62}):(0|[1-9][0-9]{0,15})$/;

function refuseCursor(reason: string): never {
  throw new ServiceError('REQUEST_INVALID', `the cursor is not one this API returned: ${reason}`, {
    details: { field: 'cursor' },
  });
}

/** The cursor's positions; REQUEST_INVALID (field `cursor`) for anything this module did not make. */
export function parseOwnEntriesCursor(text: string): OwnEntriesCursor {
  const parts = text.split(',');
  if (text.length === 0 || parts.length > MAX_CURSOR_CHAINS) refuseCursor('wrong number of chains');
  const positions = new Map<string, number>();
  for (const part of parts) {
    const match = CHAIN_POSITION.exec(part);
    if (match === null) refuseCursor('a part is not <chain>:<leaf index>');
    const before = Number(match[2]);
    if (!Number.isSafeInteger(before) || positions.has(match[1]!)) refuseCursor('a position is out of range');
    positions.set(match[1]!, before);
  }
  return positions;
}

/** The cursor text of `positions`; null when no chain has older entries (the last page). */
export function formatOwnEntriesCursor(positions: OwnEntriesCursor): string | null {
  if (positions.size === 0) return null;
  return [...positions]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([chain, before]) => `${chain}:${before}`)
    .join(',');
}
