// The local consortium of bench/consortium.bench.ts, in a process of its own so that the load
// generator and the nodes do not share one event loop. Options arrive as JSON in argv[2]; the URL
// and admin token leave as one JSON line on stdout; SIGTERM stops it.
import { startLocalConsortium, type LocalConsortiumOptions } from '../src/node/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Partial<LocalConsortiumOptions>;
const running = await startLocalConsortium(options, (message, error) => console.error(message, error));
console.log(JSON.stringify({ url: running.url, adminToken: running.adminToken }));
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
