import { DEFAULT_BROWSER_POOL_OPTIONS, findBrowserProblem } from '../browser-pool.ts';

/** The Chromium the capture tests use: SEALCHAIN_CHROMIUM or Debian's. */
export const TEST_CHROMIUM = process.env['SEALCHAIN_CHROMIUM'] || DEFAULT_BROWSER_POOL_OPTIONS.executablePath;

/**
 * Why the browser tests cannot run, or undefined when they can. With SEALCHAIN_REQUIRE_TOOLS=1 a
 * missing Chromium is a failure (this throws), not a skip.
 */
export function findChromiumSkipReason(): string | undefined {
  const problem = findBrowserProblem(TEST_CHROMIUM);
  if (problem === undefined) return undefined;
  if (process.env['SEALCHAIN_REQUIRE_TOOLS'] === '1') {
    throw new Error(`${problem}, but SEALCHAIN_REQUIRE_TOOLS=1 requires it`);
  }
  return `${problem}: capture tests skipped`;
}
