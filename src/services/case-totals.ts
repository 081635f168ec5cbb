import type { CaseSummary } from '../consortium/index.ts';
import { ServiceError } from './errors.ts';

// The cases of the consortium as a whole (DESIGN.md "Cross-chain": the cases verifications
// involve): each chain counts its own distinct case numbers, and a case recorded on two chains is
// one case, so the total is the size of the union of the chains' case numbers, not their sum.

/** Cases a page when a chain's cases are listed. */
export const CASE_PAGE_SIZE = 1_000;

/** A page of a chain's cases after `after` (null: the first), as ChainIndexStorage.listCases. */
export type ReadCasePage = (after: string | null, limit: number) => Promise<readonly CaseSummary[]>;

export interface CaseTotals {
  /** Distinct case numbers over every chain. */
  cases: number;
  /** Distinct case numbers with a cross-chain verification on any chain. */
  crossChainCases: number;
}

/**
 * Every case of one chain, page by page. `maxCases` bounds what is read (a chain's node that
 * lists more is not answering what it counted); a case listed twice means the pages do not follow
 * each other. Both throw INTERNAL_ERROR naming `chain`.
 */
export async function readAllCases(
  chain: string,
  readPage: ReadCasePage,
  maxCases: number,
  pageSize = CASE_PAGE_SIZE,
): Promise<CaseSummary[]> {
  const cases: CaseSummary[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page = await readPage(after, pageSize);
    for (const summary of page) {
      if (seen.has(summary.caseNumber)) {
        throw new ServiceError(
          'INTERNAL_ERROR',
          `the cases of chain ${chain} list ${summary.caseNumber} twice`,
          {
            details: { chain, caseNumber: summary.caseNumber },
          },
        );
      }
      seen.add(summary.caseNumber);
      cases.push(summary);
    }
    if (cases.length > maxCases) {
      throw new ServiceError(
        'INTERNAL_ERROR',
        `chain ${chain} lists more than the ${maxCases} cases expected`,
        {
          details: { chain, maxCases },
        },
      );
    }
    if (page.length < pageSize) return cases;
    after = page.at(-1)!.caseNumber;
  }
}

/** The union of the chains' cases: a case on several chains counts once, cross-chain if it is so on any. */
export function countCaseUnion(chains: readonly (readonly CaseSummary[])[]): CaseTotals {
  const crossChain = new Map<string, boolean>();
  for (const cases of chains) {
    for (const summary of cases) {
      const crossHere = summary.crossChainVerifications > 0;
      crossChain.set(summary.caseNumber, crossChain.get(summary.caseNumber) === true || crossHere);
    }
  }
  let crossChainCases = 0;
  for (const value of crossChain.values()) if (value) crossChainCases++;
  return { cases: crossChain.size, crossChainCases };
}
