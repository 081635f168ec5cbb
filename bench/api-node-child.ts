// The evidence node of bench/api.bench.ts, in a process of its own so that the load generator and
// the node do not share one event loop. Options arrive as JSON in argv[2]; the node's URL and
// admin token leave as one JSON line on stdout; SIGTERM stops it.
// SIGUSR2 asks for the node's CPU time: it answers with one JSON line `{"cpuUsage":{user,system}}`
// (microseconds, process.cpuUsage). With SEALCHAIN_BENCH_PROFILE_DIR set, each SIGUSR2 also ends
// the CPU profile of the phase before (written there as <n>.cpuprofile) and starts the next one.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startEvidenceNode, type NodeOptions } from '../src/node/index.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as Partial<NodeOptions>;
const profileDir = process.env['SEALCHAIN_BENCH_PROFILE_DIR'];
const running = await startEvidenceNode(options, (message, error) => console.error(message, error));
console.log(JSON.stringify({ url: running.url, adminToken: running.node.adminToken }));

let session: Session | undefined;
let phase = 0;
async function switchProfile(): Promise<void> {
  if (profileDir === undefined || profileDir === '') return;
  if (session === undefined) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
  } else {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${profileDir}/${phase++}.cpuprofile`, JSON.stringify(profile));
  }
  await session.post('Profiler.start');
}

process.on('SIGUSR2', () => {
  void switchProfile().then(() => console.log(JSON.stringify({ cpuUsage: process.cpuUsage() })));
});
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
