import { FIRST_OPERATOR_NAME, startLocalConsortium, type LocalConsortiumOptions } from '../node/index.ts';
import { describeQuorumRule } from '../verify/index.ts';
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';
import { waitForSignal, type StopControl } from './stop-signal.ts';

export const START_USAGE = `Usage: sealchain start [--port 8080] [--host 127.0.0.1] [--data ./data] [--audit-witness NAME]
                       [--anchor-interval-ms 10000] [--anchor-heartbeat-ms 86400000]
                       [--public-base-url URL]
                       [--capture-allow-cidr 10.0.0.0/8]

Runs the local consortium in this process: the evidence chain (sequenced by the court) and the
works chain (sequenced by the copyright centre), and four witnesses (the court, the copyright
centre, a notary office and a judicial forensics centre). Only witnesses of organisations other than
a chain's sequencer count, so a checkpoint is final with 2 of its 3 independent witnesses, and stays
final with any one member down. Each is a node with
its own database under <data>/nodes/; they talk HTTP over loopback through the one port that also
serves the API, its docs at /docs and the C2SP endpoints (/log/<chain>/…, /witness/<member>/…).
The consortium file and every member's key are created in --data at the first start; the admin
token and the one-time password of the first web login, operator-1, are printed once
(SEALCHAIN_OPERATOR_PASSWORD sets that password instead). DATABASE_URL=postgres://… keeps each node in a schema of its own on that
server. --audit-witness makes a witness mirror the chains and recompute them before cosigning.
Every --anchor-interval-ms each chain looks at the other's latest final checkpoint and deposits it
when the other chain holds new entries other than anchors, and at least once per
--anchor-heartbeat-ms (a day) even when nothing changed, so idle chains write one anchor a day.
--host 0.0.0.0 exposes the consortium beyond this machine. --public-base-url (or
SEALCHAIN_PUBLIC_BASE_URL) is the address people open the verify pages at, e.g.
https://verify.example.org: the only base of verify links and QR codes in certificates (by
default the URL the consortium listens on; never the request's Host header). Web captures reach
public addresses only; --capture-allow-cidr CIDR (repeatable, or SEALCHAIN_CAPTURE_ALLOW_CIDRS
with commas) lets them reach a private network too, e.g. an intranet at 10.0.0.0/8.`;

export type StartControl = StopControl;

/** `sealchain start`: runs the local consortium until SIGINT or SIGTERM, then stops gracefully. */
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
    'audit-witness': { type: 'string', multiple: true },
    'anchor-interval-ms': { type: 'string' },
    'anchor-heartbeat-ms': { type: 'string' },
    'public-base-url': { type: 'string' },
    'capture-allow-cidr': { type: 'string', multiple: true },
  });
  const cidrs = values['capture-allow-cidr'];
  const envCidrs = (env['SEALCHAIN_CAPTURE_ALLOW_CIDRS'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const publicBaseUrl = values['public-base-url'] ?? (env['SEALCHAIN_PUBLIC_BASE_URL'] || undefined);
  const audit = values['audit-witness'];
  const options: Partial<LocalConsortiumOptions> = {
    port: readIntegerOption(values['port'], 'port', 8080, 0, 65_535),
    host: typeof values['host'] === 'string' ? values['host'] : '127.0.0.1',
    dataDir: typeof values['data'] === 'string' ? values['data'] : 'data',
    databaseUrl: env['DATABASE_URL'] || undefined,
    auditWitnesses: Array.isArray(audit) ? audit.map(String) : [],
    publicBaseUrl: typeof publicBaseUrl === 'string' ? publicBaseUrl : undefined,
    captureAllowedNetworks: Array.isArray(cidrs) ? cidrs.map(String) : envCidrs,
    operatorPassword: env['SEALCHAIN_OPERATOR_PASSWORD'] || undefined,
    consortium: {
      anchorIntervalMs: readIntegerOption(
        values['anchor-interval-ms'],
        'anchor-interval-ms',
        10_000,
        100,
        86_400_000,
      ),
      anchorHeartbeatMs: readIntegerOption(
        values['anchor-heartbeat-ms'],
        'anchor-heartbeat-ms',
        86_400_000,
        1_000,
        30 * 86_400_000,
      ),
    },
  };
  const describeError = (error: unknown) =>
    error instanceof Error ? (error.stack ?? error.message) : String(error);
  const running = await startLocalConsortium(
    options,
    (message, error) => output.err(`sealchain: ${message}: ${describeError(error)}`),
    (line) => output.err(`sealchain: ${line}`),
  );
  output.out(`sealchain local consortium listening on ${running.url}`);
  output.out(`  web portal ${running.url}/ (中文 / English)`);
  for (const chain of running.trust.chains) {
    output.out(
      `  chain ${chain.name} (${chain.origin}), sequenced by ${chain.sequencer.name}: ${describeQuorumRule(chain)}`,
    );
  }
  output.out(`  witnesses ${running.trust.chains[0]!.witnesses.map((w) => w.name).join(', ')}`);
  output.out(`  consortium file ${running.consortiumFile}; API docs ${running.url}/docs`);
  if (running.adminToken !== null) {
    output.out('');
    output.out(`  admin token (shown only now; keep it safe): ${running.adminToken}`);
    output.out(`  e.g. SEALCHAIN_ADMIN_TOKEN=<token> sealchain unit add my-platform`);
  }
  if (running.operatorPassword !== null) {
    output.out('');
    output.out(
      `  web login ${FIRST_OPERATOR_NAME}, one-time password (shown only now; change it after logging in): ${running.operatorPassword}`,
    );
  }
  const signal = await control.stopped;
  output.out(
    `sealchain: ${signal}: stopping (finishing requests, committing and integrating queued entries)`,
  );
  await running.close();
  output.out('sealchain: stopped');
  return EXIT_OK;
}
