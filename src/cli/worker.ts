import type { JobRunReport } from '../jobs/index.ts';
import {
  DEFAULT_JOB_WORKERS_OPTIONS,
  readNodeConfig,
  startJobWorkers,
  WORKER_QUEUES,
} from '../node/index.ts';
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';
import { waitForSignal, type StopControl } from './stop-signal.ts';

export const WORKER_USAGE = `Usage: sealchain worker --config FILE [--queues ${WORKER_QUEUES.join(',')}] [--concurrency N]
                        [--lease-ms MS] [--poll-ms MS] [--chromium PATH]

Runs job handlers in this process, against the database of a sequencer's configuration FILE (the
one "sealchain node --config FILE" runs; databaseUrl or DATABASE_URL): web captures (queue
"capture") in Chromium, packaged into the node's data directory, then handed back to the node,
which deposits them. Set "captureJobs": "workers" in the node's FILE so that it leaves captures
to its workers. Run as many workers as you like on one PostgreSQL server; an embedded database
(no databaseUrl) belongs to the node and is refused (WORKER_DATABASE_EMBEDDED).

  --queues        job kinds to take, comma-separated (default: ${DEFAULT_JOB_WORKERS_OPTIONS.queues.join(',')})
  --concurrency   jobs at once, one browser each (default ${DEFAULT_JOB_WORKERS_OPTIONS.concurrency})
  --lease-ms      lease on a job; a killed worker's jobs are taken again after it (default ${DEFAULT_JOB_WORKERS_OPTIONS.leaseMs})
  --poll-ms       idle wait between looks at the queue (default ${DEFAULT_JOB_WORKERS_OPTIONS.pollMs})
  --chromium      the Chromium binary (default /usr/bin/chromium)

SIGTERM or SIGINT stops taking jobs and gives the running ones back to the queue at once. One log
line per job: its id, kind, outcome and time.`;

/** The log line of one job run: `job <id> <kind> <outcome> in <ms> ms (attempt N)[: code message]`. */
export function describeJobRun(report: JobRunReport): string {
  const { job, outcome, durationMs } = report;
  const target = report.handedOffTo === undefined ? '' : ` to ${report.handedOffTo}`;
  const failure = report.failure === undefined ? '' : `: ${report.failure.code} ${report.failure.message}`;
  return `sealchain worker: job ${job.id} ${job.kind} ${outcome}${target} in ${durationMs} ms (attempt ${job.attempts})${failure}`;
}

function readQueues(value: string | boolean | undefined): string[] {
  if (value === undefined) return [...DEFAULT_JOB_WORKERS_OPTIONS.queues];
  const queues = typeof value === 'string' ? value.split(',').filter((queue) => queue !== '') : [];
  const unknown = queues.find((queue) => !WORKER_QUEUES.includes(queue));
  if (queues.length === 0 || unknown !== undefined) {
    throw new CliError(
      'USAGE_INVALID',
      `--queues names job kinds among ${WORKER_QUEUES.join(', ')}${unknown === undefined ? '' : `, not "${unknown}"`}`,
    );
  }
  return [...new Set(queues)];
}

export async function runWorkerCommand(
  args: readonly string[],
  output: CommandOutput,
  env: NodeJS.ProcessEnv = process.env,
  control: StopControl = waitForSignal(),
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    config: { type: 'string' },
    queues: { type: 'string' },
    concurrency: { type: 'string' },
    'lease-ms': { type: 'string' },
    'poll-ms': { type: 'string' },
    chromium: { type: 'string' },
  });
  const path = values['config'];
  if (typeof path !== 'string' || positionals.length > 0) throw new CliError('USAGE_INVALID', WORKER_USAGE);
  const queues = readQueues(values['queues']);
  const defaults = DEFAULT_JOB_WORKERS_OPTIONS;
  const concurrency = readIntegerOption(values['concurrency'], 'concurrency', defaults.concurrency, 1, 64);
  const leaseMs = readIntegerOption(values['lease-ms'], 'lease-ms', defaults.leaseMs, 1_000, 3_600_000);
  const pollMs = readIntegerOption(values['poll-ms'], 'poll-ms', defaults.pollMs, 50, 60_000);
  const chromium = values['chromium'];
  const config = await readNodeConfig(path, env);
  const running = await startJobWorkers(
    config,
    {
      queues,
      concurrency,
      leaseMs,
      pollMs,
      ...(typeof chromium === 'string' ? { chromiumPath: chromium } : {}),
    },
    {
      logJob: (report) => output.out(describeJobRun(report)),
      logError: (message, error) =>
        output.err(
          `sealchain worker: ${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
    },
  );
  output.out(
    `sealchain worker ${running.id} ready: queues ${running.kinds.join(',')}, concurrency ${concurrency}, lease ${leaseMs} ms`,
  );
  const signal = await control.stopped;
  output.out(`sealchain worker: ${signal}: stopping, giving running jobs back to the queue`);
  await running.close();
  output.out('sealchain worker: stopped');
  return EXIT_OK;
}
