// The evidence node of bench/api.bench.ts, in a process of its own so that the load generator and
// the node do not share one event loop. Options arrive as JSON in argv[2]; the node's URL and
// admin token leave as one JSON line on stdout; SIGTERM stops it.
import { startEvidenceNode, type NodeOptions } from '../src/node/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Partial<NodeOptions>;
const running = await startEvidenceNode(options, (message, error) => console.error(message, error));
console.log(JSON.stringify({ url: running.url, adminToken: running.node.adminToken }));
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
