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

const files = roots
  .flatMap(listTestFiles)
  .map((file) => relative(process.cwd(), file))
  .sort();
if (files.length === 0) {
  console.error(`no test files found under ${roots.join(', ')}`);
  process.exit(1);
}
// Three files at a time: most of the suite waits on child processes, databases and the network,
// so three keep both cores busy; SEALCHAIN_TEST_CONCURRENCY overrides it (1 runs files one by one).
const concurrency = process.env.SEALCHAIN_TEST_CONCURRENCY || '3';
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
