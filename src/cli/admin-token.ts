import { chmod, open, readFile } from 'node:fs/promises';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';

// `sealchain unit admin-token`: the operator makes a sequencer's admin token on a terminal and
// gives the node only its hash, through the root-only EnvironmentFile of its systemd unit. The
// node then never prints a token, so none ends up in the journal.

export const ADMIN_TOKEN_USAGE = `Usage: sealchain unit admin-token [--env-file FILE] [--json]

Makes a new admin token for one sequencer node and prints it once, with its hash. Give the node
only the hash: --env-file appends SEALCHAIN_ADMIN_TOKEN_HASH=sha256:… to FILE (created mode 0600,
e.g. the EnvironmentFile of the node's systemd unit), or put it in the node's configuration as
adminTokenHash. The node stores it at its first start and prints no token. Each node has its own.`;

const VARIABLE = 'SEALCHAIN_ADMIN_TOKEN_HASH';

async function appendToEnvFile(path: string, tokenHash: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') return '';
    throw new CliError('FILE_UNREADABLE', `cannot read ${path}: ${cause.message}`, { cause });
  });
  if (new RegExp(`^\\s*${VARIABLE}=`, 'm').test(existing)) {
    throw new CliError(
      'FILE_WRITE_FAILED',
      `${path} already sets ${VARIABLE}; a node's admin token is set once, at its first start`,
    );
  }
  const line = `${existing === '' || existing.endsWith('\n') ? '' : '\n'}${VARIABLE}=${tokenHash}\n`;
  try {
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.writeFile(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(path, 0o600);
  } catch (cause) {
    throw new CliError('FILE_WRITE_FAILED', `cannot write ${path}: ${(cause as Error).message}`, { cause });
  }
}

export async function runAdminTokenCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'env-file': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new CliError('USAGE_INVALID', ADMIN_TOKEN_USAGE);
  // The services module is large to load; only this command of `unit` needs it.
  const { createAdminToken } = await import('../services/index.ts');
  const { token, tokenHash } = createAdminToken();
  const envFile = values['env-file'];
  if (typeof envFile === 'string') await appendToEnvFile(envFile, tokenHash);
  if (values['json'] === true) {
    output.out(JSON.stringify({ token, tokenHash }));
    return EXIT_OK;
  }
  output.out(
    `admin token (shown only now; give it to this node's operators, keep it in a password store): ${token}`,
  );
  output.out(`its hash, for the node: ${VARIABLE}=${tokenHash}`);
  if (typeof envFile === 'string') output.out(`appended ${VARIABLE} to ${envFile} (mode 0600)`);
  return EXIT_OK;
}
