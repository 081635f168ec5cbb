// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) in turn.
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';

const selected = process.argv.slice(2);
const files = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => selected.length === 0 || selected.includes(basename(name, '.bench.ts')))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matched ${selected.join(', ')}`);
  process.exit(1);
}
for (const file of files) {
  console.log(`\n## ${basename(file, '.bench.ts')}`);
  const bench = (await import(new URL(file, import.meta.url).href)) as { runBench: () => Promise<void> };
  await bench.runBench();
}
