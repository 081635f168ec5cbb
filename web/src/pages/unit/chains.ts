import { useApiQuery } from '../../api/use-api.ts';
import type { ChainSummary } from '../../api/unit-types.ts';

/** The chains a unit may deposit on: every chain but the works chain (written by its service). */
export function useDepositChains() {
  const query = useApiQuery<{ chains: ChainSummary[] }>('/v1/chains');
  const chains = (query.data?.chains ?? []).filter((chain) => chain.name !== 'works');
  return { ...query, chains };
}

/** The public page of an entry (the public area's EntryPage). */
export function entryPath(chain: string, index: number): string {
  return `/entries/${encodeURIComponent(chain)}/${index}`;
}

/** `sha256:<hex>` from what a person typed: the prefixed form or 64 bare hex digits; null otherwise. */
export function parseTypedDigest(text: string): string | null {
  const value = text.trim().toLowerCase();
  const hex = value.startsWith('sha256:') ? value.slice(7) : value;
  return /^[0-9a-f]{64}$/.test(hex) ? `sha256:${hex}` : null;
}
