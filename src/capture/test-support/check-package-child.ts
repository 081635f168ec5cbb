import { readFileSync } from 'node:fs';
import { checkCapturePackage } from '../package-check.ts';

// Run as a child process by the archive-bomb tests: checks the package at argv[2] and prints the
// failed checks and the process's peak resident memory, so the test measures a clean process.
const report = await checkCapturePackage(readFileSync(process.argv[2]!));
process.stdout.write(
  JSON.stringify({
    ok: report.ok,
    failed: report.checks.filter((check) => !check.ok),
    maxRssKiB: process.resourceUsage().maxRSS,
  }),
);
