import { FIRST_OPERATOR_NAME, readNodeConfig, startConfiguredNode } from '../node/index.ts';
import { isSealchainError } from '../errors/index.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';
import { waitForSignal, type StopControl } from './stop-signal.ts';

export const NODE_USAGE = `Usage: sealchain node --config FILE

Runs one role of one consortium member in this process, for a real deployment: a chain's
sequencer node (its API, tiles, witnessing, anchoring, verifications) or a member's witness. FILE
is JSON: role ("sequencer" or "witness"), consortium (the consortium file), chain or member, key
(the private key file), dataDir, databaseUrl (or DATABASE_URL), databaseSchema, host, port, and
for a witness audit, for a sequencer captureJobs ("in-process", or "workers" to leave web
captures to "sealchain worker" processes); paths are relative to FILE. See docs/deployment.md.
A sequencer serves the API and the web portal; at its first start on an empty database it creates
the web login ${FIRST_OPERATOR_NAME} and prints its one-time password once, or takes the password
from SEALCHAIN_OPERATOR_PASSWORD.`;

export async function runNodeCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
  control: StopControl = waitForSignal(),
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { config: { type: 'string' } });
  const path = values['config'];
  if (typeof path !== 'string' || positionals.length > 0) throw new CliError('USAGE_INVALID', NODE_USAGE);
  const config = await readNodeConfig(path, env);
  const operatorPassword = env['SEALCHAIN_OPERATOR_PASSWORD'] || undefined;
  const running = await startConfiguredNode(
    config,
    (message, error) =>
      output.err(
        `sealchain: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
    operatorPassword === undefined ? {} : { operatorPassword },
  );
  if (running.adminToken !== null) {
    output.out(`sealchain: admin token (shown only now; keep it safe): ${running.adminToken}`);
  }
  if (running.operatorPassword !== null) {
    output.out(
      `sealchain: web login ${FIRST_OPERATOR_NAME}, one-time password (shown only now; change it after logging in): ${running.operatorPassword}`,
    );
  }
  output.out(`sealchain ${running.description} listening on ${running.url}`);
  const stop = await Promise.race([
    control.stopped.then((signal) => ({ signal })),
    running.halted.then((error) => ({ error })),
  ]);
  if ('error' in stop) {
    // The node has logged why; exiting non-zero lets the service manager restart it.
    const code = isSealchainError(stop.error) ? ` (${stop.error.code})` : '';
    output.err(`sealchain node: ${running.description} stopped by itself${code}; exiting`);
    await running.close();
    return EXIT_FAILED;
  }
  output.out(`sealchain: ${stop.signal}: stopping`);
  await running.close();
  output.out('sealchain: stopped');
  return EXIT_OK;
}
