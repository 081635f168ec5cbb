// Runs every *.test.ts under src/ and test/ with Node's own test runner through tsx.
// Node 20's `--test` takes no glob patterns, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test'];

function listTestFiles(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (stat.isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .flatMap((name) => listTestFiles(join(path, name)));
}

// Files that take a minute or more (browsers, child-process consortia, crash loops), measured on
// the 2-core CI machine: they start first, so that the many short files fill the free slots at
// the end instead of one long file running alone (longest-processing-time-first scheduling).
const LONG_FILES = [
  /^test\/web\//,
  /^test\/e2e-/,
  /^test\/(node-crash|ledger-crash|capture-api|worker-process|docs-deployment|deployment-accounts)\.test\.ts$/,
  /^test\/(cli-deposit-wait|jobs-storage|api-session-consortium|api-sequencer-lock|capture-page)\.test\.ts$/,
  /^test\/(registry-truthful-state|anchor-idle)\.test\.ts$/,
];
const rankOf = (file) => {
  const index = LONG_FILES.findIndex((pattern) => pattern.test(file));
  return index === -1 ? LONG_FILES.length : index;
};
const files = roots
  .flatMap(listTestFiles)
  .map((file) => relative(process.cwd(), file))
  .sort((a, b) => rankOf(a) - rankOf(b) || a.localeCompare(b));
if (files.length === 0) {
  console.error(`no test files found under ${roots.join(', ')}`);
  process.exit(1);
}
// Four files at a time: most of the suite waits on child processes, timers, databases and the
// network; at three, the suite's files added up to 3,330 s (1,110 s at best in parallel), too
// close to CI's 20 minutes. SEALCHAIN_TEST_CONCURRENCY overrides it (1 runs files one by one).
const concurrency = process.env.SEALCHAIN_TEST_CONCURRENCY || '4';
// The browser tests open the built portal: build it once here, before files run in parallel.
const webBuild = spawnSync(process.execPath, ['scripts/build-web.js'], { stdio: 'inherit' });
if (webBuild.status !== 0) process.exit(webBuild.status ?? 1);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
