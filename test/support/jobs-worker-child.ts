// A worker process for the job queue's fault tests. Kind `held`: reports progress, prints
// `claimed <id>` and holds the job (heartbeating) until killed. Kind `count`: records one row in
// job_effects per run and completes; with `hangOnFirst` the first `count` job is held instead.
import { JobWorker } from '../../src/jobs/index.ts';
import { openDatabase, SqlJobStorage, type DatabaseOptions } from '../../src/store/index.ts';

const config = JSON.parse(process.env['SEALCHAIN_JOBS_CHILD'] ?? '{}') as {
  database: Partial<DatabaseOptions>;
  workerId: string;
  leaseMs: number;
  hangOnFirst?: boolean;
  concurrency?: number;
};
const client = await openDatabase(config.database);
let hung = false;
const hold = async (id: string) => {
  process.stdout.write(`claimed ${id}\n`);
  await new Promise(() => undefined);
};
const worker = new JobWorker({
  storage: new SqlJobStorage(client),
  workerId: config.workerId,
  options: {
    concurrency: config.concurrency ?? 2,
    leaseMs: config.leaseMs,
    heartbeatMs: Math.floor(config.leaseMs / 6),
    pollMs: 100,
  },
  handlers: {
    held: {
      run: async (job, context) => {
        await context.reportProgress(10, 'holding');
        await hold(job.id);
      },
    },
    count: {
      run: async (job) => {
        if (config.hangOnFirst === true && !hung) {
          hung = true;
          await hold(job.id);
        }
        await client.query('INSERT INTO job_effects (job_id, worker) VALUES ($1, $2)', [
          job.id,
          config.workerId,
        ]);
        return { by: config.workerId };
      },
    },
  },
  logError: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`),
});
worker.start();
process.stdout.write('ready\n');
