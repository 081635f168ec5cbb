// Anonymous certificate answers (issue 22, point 13): CPU milliseconds per GET of an entry's PDF
// certificate from a running node, the first answer for each entry (rendered, as every answer was
// before the render cache) and repeated answers (served from the cache), beside rendering the same
// certificate directly (certify + PDF) measured in the same run. CPU time of this process, which
// also runs the node, so HTTP and database work are included in the route figures.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { certifyBundle, renderCertificatePdf } from '../src/certificate/index.ts';
import { parseTrustFile } from '../src/verify/index.ts';
import { randomDigest, startTestNode } from '../test/api-node-support.ts';
import { printRow } from './harness.ts';

const ENTRIES = 24;
const REPEATS = 200;

async function measureCpuMs(run: () => Promise<void>, operations: number): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / operations;
}

// A connection per request (no keep-alive pool), so that a pooled socket the server closed while
// the direct renderings ran is never reused.
function fetchPdf(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        response.statusCode === 200 && bytes > 1000
          ? resolve()
          : reject(new Error(`${url} answered ${response.statusCode}`)),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

export async function runBench(): Promise<void> {
  const node = await startTestNode();
  try {
    const { apiKey } = await node.createUnit('bench-notary');
    const indexes: number[] = [];
    for (let i = 0; i < ENTRIES + 1; i += 1) {
      const answer = await node.request('/v1/chains/evidence/entries', {
        token: apiKey,
        json: { type: 'evidence', digest: randomDigest(), meta: { title: `合同 ${i}` } },
      });
      indexes.push(answer.json.index);
    }
    const last = indexes.at(-1)!;
    const url = (index: number) => `${node.url}/v1/chains/evidence/entries/${index}/certificate.pdf`;
    await fetchPdf(`${url(last)}?wait=final&timeoutMs=10000`);

    const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
    const bundle = (await node.request(`/v1/chains/evidence/entries/${last}/bundle`)).json;
    const direct = await measureCpuMs(async () => {
      for (let i = 0; i < ENTRIES; i += 1) {
        const certificate = certifyBundle(
          bundle,
          trust,
          { kind: 'evidence', title: '合同' },
          {
            verifyUrl: `${node.url}/verify/evidence/${last}`,
          },
        );
        await renderCertificatePdf(certificate);
      }
    }, ENTRIES);
    const firstAnswers = await measureCpuMs(async () => {
      for (const index of indexes.slice(0, ENTRIES)) await fetchPdf(url(index));
    }, ENTRIES);
    const repeated = await measureCpuMs(async () => {
      for (let i = 0; i < REPEATS; i += 1) await fetchPdf(url(indexes[i % ENTRIES]!));
    }, REPEATS);
    printRow({
      name: 'CPU ms per anonymous certificate.pdf, first answer of an entry (rendered)',
      value: firstAnswers,
      unit: 'ms',
      baselineName: 'certify + render directly',
      baselineValue: direct,
    });
    printRow({
      name: 'CPU ms per anonymous certificate.pdf, repeated (render cache)',
      value: repeated,
      unit: 'ms',
      baselineName: 'certify + render directly',
      baselineValue: direct,
      goal: 'ratio ≤ 0.2',
      met: repeated / direct <= 0.2,
    });
  } finally {
    await node.close();
  }
}
