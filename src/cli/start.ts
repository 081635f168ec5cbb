import { startEvidenceNode, type NodeOptions } from '../api/index.ts';
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';

export const START_USAGE = `Usage: sealchain start [--port 8080] [--host 127.0.0.1] [--data ./data]

Runs the evidence node: the "evidence" chain, its HTTP API and the C2SP tile endpoints.
Data lives in --data (embedded PostgreSQL); DATABASE_URL=postgres://… uses a PostgreSQL server.
The trust file for offline verification is written to <data>/consortium.json. The admin token
is printed once, at the first start. --host 0.0.0.0 exposes the node beyond this machine.`;

export interface StartControl {
  /** Resolves when the node should stop (a signal in the real command). */
  stopped: Promise<string>;
}

function waitForSignal(): StartControl {
  return {
    stopped: new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
  };
}

/** `sealchain start`: runs until SIGINT or SIGTERM, then stops gracefully. */
export async function runStartCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
  control: StartControl = waitForSignal(),
): Promise<number> {
  const { values } = parseCommandArgs(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
  });
  const options: Partial<NodeOptions> = {
    port: readIntegerOption(values['port'], 'port', 8080, 0, 65_535),
    host: typeof values['host'] === 'string' ? values['host'] : '127.0.0.1',
    dataDir: typeof values['data'] === 'string' ? values['data'] : 'data',
    databaseUrl: env['DATABASE_URL'] || undefined,
  };
  const running = await startEvidenceNode(options, (message, error) =>
    output.err(
      `sealchain: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    ),
  );
  output.out(`sealchain evidence node listening on ${running.url}`);
  output.out(
    `  chain ${running.node.chain.name} (${running.node.chain.origin}), data in ${running.node.options.dataDir}`,
  );
  output.out(`  trust file ${running.node.files.trustFile}; API docs ${running.url}/docs`);
  if (running.node.adminToken !== null) {
    output.out('');
    output.out(`  admin token (shown only now; keep it safe): ${running.node.adminToken}`);
    output.out(`  e.g. SEALCHAIN_ADMIN_TOKEN=<token> sealchain unit add my-platform`);
  }
  const signal = await control.stopped;
  output.out(
    `sealchain: ${signal}: stopping (finishing requests, committing and integrating queued entries)`,
  );
  await running.close();
  output.out('sealchain: stopped');
  return EXIT_OK;
}
