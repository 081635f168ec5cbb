// A worker process for the job queue's fault tests: it claims one job of kind `held`, reports
// progress, prints `claimed <id>` and then holds the job (heartbeating) until it is killed.
import { JobWorker } from '../../src/jobs/index.ts';
import { openDatabase, SqlJobStorage, type DatabaseOptions } from '../../src/store/index.ts';

const config = JSON.parse(process.env['SEALCHAIN_JOBS_CHILD'] ?? '{}') as {
  database: Partial<DatabaseOptions>;
  workerId: string;
  leaseMs: number;
};
const client = await openDatabase(config.database);
const worker = new JobWorker({
  storage: new SqlJobStorage(client),
  workerId: config.workerId,
  options: {
    concurrency: 1,
    leaseMs: config.leaseMs,
    heartbeatMs: Math.floor(config.leaseMs / 6),
    pollMs: 100,
  },
  handlers: {
    held: {
      run: async (job, context) => {
        await context.reportProgress(10, 'holding');
        process.stdout.write(`claimed ${job.id}\n`);
        await new Promise(() => undefined);
      },
    },
  },
  logError: (message, error) => process.stderr.write(`${message}: ${String(error)}\n`),
});
worker.start();
