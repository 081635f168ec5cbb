#!/usr/bin/env node
// Entry point of the `sealchain` command: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

// A reader that stops early (`sealchain … | head`) closes the pipe: the command ends quietly, as
// Unix tools do, instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { runCli } = await import('../src/cli/index.ts');
process.exitCode = await runCli(process.argv.slice(2));
