import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { certifyBundle, renderCertificatePdf, type Certificate } from '../src/certificate/index.ts';
import { findChromiumSkipReason, TEST_CHROMIUM } from '../src/capture/test-support/chromium.ts';
import { runCli } from '../src/cli/run.ts';
import { parseBundle, parseTrustFile } from '../src/verify/index.ts';
import { randomDigest, sendRequest, startTestNode, type TestNode } from './api-node-support.ts';
import { havePoppler, readPdfText } from './fixtures/works/certificate-tools.ts';
import { startFixtureSite, type FixtureSite } from './fixtures/capture/fixture-site.ts';
import { makeMetadata } from './fixtures/works/registry-setup.ts';

// Certificates answer the court's questions and never overstate (issue 22, points 2, 9 and 13):
// each certificate is fetched from a running node, read back with pdftotext, checked offline with
// `sealchain verify CERTIFICATE.pdf`, and compared with what the node's services recorded.

const run = promisify(execFile);
const BEIJING_AND_UTC =
  /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 北京时间 \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? UTC\)/;
const scratch = mkdtempSync(join(tmpdir(), 'sealchain-certificates-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function collectOutput() {
  const lines: string[] = [];
  return {
    lines,
    output: { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) },
  };
}

async function fetchBytes(url: string): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(url);
  return {
    status: response.status,
    bytes: new Uint8Array(await response.arrayBuffer()),
    headers: response.headers,
  };
}

async function verifyPdf(pdf: Uint8Array, trustPath: string, name: string) {
  const path = join(scratch, name);
  writeFileSync(path, pdf);
  const collected = collectOutput();
  const status = await runCli(['verify', path, '--trust', trustPath], collected.output);
  return { status, lines: collected.lines, path };
}

function assertDocumentHeaders(headers: Headers): void {
  assert.match(headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  assert.equal(headers.get('referrer-policy'), 'no-referrer');
}

describe('licence certificates on the works chain node', () => {
  let node: TestNode;
  let key: string;
  let workNumber: string;
  let licenseNumber: string;
  let licenseIndex: number;

  before(async () => {
    node = await startTestNode({ chainName: 'works', origin: 'copyright.sealchain.local/works' });
    key = (await node.createUnit('copyright-center')).apiKey;
    const form = new FormData();
    form.set(
      'metadata',
      JSON.stringify(
        makeMetadata({ title: '茶山记', rightsHolder: { name: '陆羽', idNumber: '110101199001011234' } }),
      ),
    );
    form.set('file', new Blob(['茶者，南方之嘉木也。一尺、二尺乃至数十尺。']), 'tea.txt');
    const registered = await fetch(`${node.url}/v1/works`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
    const registration = (await registered.json()) as { registration: { number: string } };
    assert.equal(registered.status, 201, JSON.stringify(registration));
    workNumber = registration.registration.number;
    const granted = await node.request(`/v1/works/${workNumber}/licenses`, {
      token: key,
      json: {
        licensee: { name: '某出版社' },
        scope: ['reproduce'],
        territory: ['CN'],
        term: { start: '2026-03-01' },
        exclusivity: 'non-exclusive',
      },
    });
    assert.equal(granted.status, 201, granted.text);
    licenseNumber = granted.json.license.number;
    licenseIndex = granted.json.license.entry.index;
  });
  after(() => node.close());

  it('names the rights holder as licensor and shows the licence granted, in Beijing time with UTC', async (t) => {
    if (!(await havePoppler(t))) return;
    const answer = await fetchBytes(`${node.url}/v1/licenses/${licenseNumber}/certificate.pdf?wait=final`);
    assert.equal(answer.status, 200);
    assertDocumentHeaders(answer.headers);
    const text = await readPdfText(answer.bytes);
    for (const expected of [
      '作品授权证书',
      'Certificate of Licence',
      '授权方',
      'Licensor',
      '陆羽',
      '授权状态',
      'Licence status',
      '有效（未撤销）',
      'Granted (not revoked)',
      licenseNumber,
    ]) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
    assert.match(text, BEIJING_AND_UTC);
    assert.ok(!text.includes('copyright-center\n\n被授权方'), 'the unit is not named as licensor');
  });

  it('once revoked, shows Revoked with time and entry on certificate and verify pages, never Verified', async (t) => {
    if (!(await havePoppler(t))) return;
    const revoked = await node.request(`/v1/licenses/${licenseNumber}/revocation`, {
      token: key,
      json: { reason: '合同到期' },
    });
    assert.equal(revoked.status, 200, revoked.text);
    const revocationIndex = revoked.json.license.revocation.entry.index;
    const pdf = await fetchBytes(`${node.url}/v1/licenses/${licenseNumber}/certificate.pdf?wait=final`);
    assert.equal(pdf.status, 200);
    const text = await readPdfText(pdf.bytes);
    for (const expected of ['已撤销', 'Revoked', '撤销时间', `works/${revocationIndex}`, '合同到期']) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
    assert.ok(!text.includes('Granted (not revoked)'), 'the cached granted certificate is not served');
    assert.ok(!text.includes('Verified'));
    const byChain = await fetchBytes(`${node.url}/v1/chains/works/entries/${licenseIndex}/certificate.pdf`);
    assert.ok((await readPdfText(byChain.bytes)).includes('已撤销'));
    const html = await node.request(`/v1/licenses/${licenseNumber}/certificate.html`);
    assert.ok(html.text.includes('已撤销') && !html.text.includes('Verified'), html.text);
    for (const path of [`/verify/${licenseNumber}`, `/verify/works/${licenseIndex}`]) {
      const page = await node.request(path);
      assert.equal(page.status, 200);
      assertDocumentHeaders(page.headers);
      assert.ok(page.text.includes('授权已撤销') && page.text.includes('Licence revoked'), page.text);
      assert.ok(!page.text.includes('Verified') && !page.text.includes('核验通过'), page.text);
      assert.ok(!page.text.includes('verdict ok'), page.text);
    }
  });

  it('refuses to certify raw work, licence and revocation entries reusing the numbers', async () => {
    const chain = node.running.node.context.chains.get('works')!;
    const raw = [
      { type: 'work', meta: { number: workNumber }, title: '作品登记证书' },
      { type: 'license', meta: { number: licenseNumber }, title: '作品授权证书' },
      { type: 'license-revocation', meta: { license: licenseNumber }, title: '授权撤销证明' },
    ];
    // Signed with the registrar's service key, so only the registry's own lookup can refuse them.
    const receipts = await chain.ledger.appendBatch(
      raw.map(({ type, meta }) => chain.signEntry({ type, meta, digest: randomDigest(), unit: 'intruder' })),
    );
    for (const [i, receipt] of receipts.entries()) {
      const html = await node.request(
        `/v1/chains/works/entries/${receipt.leafIndex}/certificate.html?wait=final`,
      );
      assert.equal(html.status, 409, html.text);
      assert.equal((JSON.parse(html.text) as { code: string }).code, 'ENTRY_NOT_REGISTRATION');
      assert.ok(!html.text.includes(raw[i]!.title) && !html.text.includes('陆羽'), html.text);
      const page = await node.request(`/verify/works/${receipt.leafIndex}`);
      assert.equal(page.status, 409, page.text);
      assert.ok(page.text.includes('Not a registration of the registry'), page.text);
      assert.ok(!page.text.includes(raw[i]!.title) && !page.text.includes('陆羽'), page.text);
    }
  });

  it('embeds the proof bundle: pdfdetach lists it and `sealchain verify` checks it offline', async (t) => {
    if (!(await havePoppler(t))) return;
    const pdf = await fetchBytes(`${node.url}/v1/licenses/${licenseNumber}/certificate.pdf?wait=final`);
    const good = await verifyPdf(pdf.bytes, node.trustPath, 'licence.pdf');
    const { stdout } = await run('pdfdetach', ['-list', good.path]);
    assert.match(stdout, /proof-bundle\.json/);
    assert.match(stdout, /certificate\.json/);
    assert.equal(good.status, 0, good.lines.join('\n'));
    assert.match(good.lines[0]!, /VERIFIED certificate$/);
    assert.ok(
      good.lines.some((line) => /embedded proof bundle verified/.test(line)),
      good.lines.join('\n'),
    );
    assert.ok(good.lines.some((line) => line.includes(`number ${licenseNumber} is the bundle's`)));
    assert.ok(good.lines.some((line) => /licence status when issued .*: revoked/.test(line)));
  });
});

describe('a certificate PDF whose embedded bundle was altered', () => {
  let node: TestNode;
  let certificate: Certificate;
  let otherIndex: number;

  before(async () => {
    node = await startTestNode();
    const { apiKey } = await node.createUnit('notary');
    const other = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { type: 'evidence', digest: randomDigest(), meta: { title: '另一份合同' } },
    });
    assert.equal(other.status, 201, other.text);
    otherIndex = other.json.index;
    const deposit = await node.request('/v1/chains/evidence/entries', {
      token: apiKey,
      json: { type: 'evidence', digest: randomDigest(), meta: { title: '合同' } },
    });
    assert.equal(deposit.status, 201, deposit.text);
    const bundle = await node.request(`/v1/chains/evidence/entries/${deposit.json.index}/bundle?wait=final`);
    assert.equal(bundle.status, 200, bundle.text);
    const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
    certificate = certifyBundle(
      bundle.json,
      trust,
      { kind: 'evidence', title: '合同' },
      {
        verifyUrl: `${node.url}/verify/evidence/${deposit.json.index}`,
      },
    );
  });
  after(() => node.close());

  it('verifies as issued', async () => {
    const good = await verifyPdf(await renderCertificatePdf(certificate), node.trustPath, 'good.pdf');
    assert.equal(good.status, 0, good.lines.join('\n'));
  });

  it('fails when the embedded bundle names another digest', async () => {
    const entry = JSON.parse(certificate.bundle.entry) as { digest: string };
    const altered = parseBundle({
      ...certificate.bundle,
      entry: certificate.bundle.entry.replace(entry.digest, randomDigest()),
    });
    const bad = await verifyPdf(
      await renderCertificatePdf({ ...certificate, bundle: altered }),
      node.trustPath,
      'bad.pdf',
    );
    assert.equal(bad.status, 1, bad.lines.join('\n'));
    assert.match(bad.lines[0]!, /NOT VERIFIED certificate$/);
    assert.ok(
      bad.lines.some((line) => /FAIL\s+leaf-hash/.test(line)),
      bad.lines.join('\n'),
    );
  });

  it('fails when the embedded bundle is another entry than the certificate states', async () => {
    const other = await node.request(`/v1/chains/evidence/entries/${otherIndex}/bundle?wait=final`);
    assert.equal(other.status, 200, other.text);
    const swapped = { ...certificate, bundle: parseBundle(other.json) };
    // The statement is made from the record; the bundle alone is swapped.
    const pdf = await renderCertificatePdf(swapped);
    const bad = await verifyPdf(pdf, node.trustPath, 'swapped.pdf');
    assert.equal(bad.status, 1, bad.lines.join('\n'));
    assert.ok(
      bad.lines.some((line) => /FAIL\s+the certificate states digest/.test(line)),
      bad.lines.join('\n'),
    );
  });

  it('refuses a PDF whose embedded stream bytes were changed, naming the error', async () => {
    const pdf = Buffer.from(await renderCertificatePdf(certificate));
    const at = pdf.indexOf('/Type /EmbeddedFile');
    const stream = pdf.indexOf('stream\n', at) + 'stream\n'.length;
    pdf[stream + 10] = pdf[stream + 10]! ^ 0xff;
    const flipped = await verifyPdf(pdf, node.trustPath, 'flipped.pdf');
    assert.equal(flipped.status, 1, flipped.lines.join('\n'));
    assert.match(flipped.lines.join('\n'), /CERTIFICATE_PDF_INVALID/);
  });
});

const chromiumSkip = findChromiumSkipReason();

describe('capture and verification-record certificates on the evidence node', { skip: chromiumSkip }, () => {
  let site: FixtureSite;
  let node: TestNode;
  let key: string;
  let captureIndex: number;
  let job: { id: string; url: string; finalUrl: string };

  before(async () => {
    site = await startFixtureSite();
    node = await startTestNode({
      capture: {
        pool: { executablePath: TEST_CHROMIUM, size: 1 },
        service: { permittedNetworks: ['127.0.0.1/32'], bundleWaitMs: 10_000 },
      },
    });
    key = (await node.createUnit('capturing-platform')).apiKey;
    const submitted = await node.request('/v1/captures', {
      token: key,
      json: {
        url: `${site.origin}/redirect`,
        options: { allowedNetworks: ['127.0.0.1/32'], pdf: false, networkIdleMs: 150, scrollStepDelayMs: 20 },
      },
    });
    assert.equal(submitted.status, 202, submitted.text);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await sendRequest(node.url, `/v1/captures/${submitted.json.id}`, { token: key });
      if (answer.json.status === 'done') {
        job = answer.json;
        captureIndex = answer.json.entry.index;
        break;
      }
      if (answer.json.status === 'failed' || Date.now() > deadline) throw new Error(answer.text);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  after(async () => {
    await node?.close();
    await site?.close();
  });

  it('states the captured URL, start and end, browser and version and the clean-environment result', async (t) => {
    if (!(await havePoppler(t))) return;
    const answer = await fetchBytes(
      `${node.url}/v1/chains/evidence/entries/${captureIndex}/certificate.pdf?wait=final`,
    );
    assert.equal(answer.status, 200);
    const text = (await readPdfText(answer.bytes)).replace(/\n+/g, '\n');
    for (const expected of [
      '网页取证证书',
      'Certificate of Web Evidence Capture',
      '取证网址',
      'Captured URL',
      `${site.origin}/redirect`,
      `${site.origin}/static`,
      '取证开始时间',
      'Capture started',
      '取证结束时间',
      'Capture ended',
      '浏览器及版本',
      'Browser and version',
      '清洁环境检查',
      'Clean-environment check',
      job.id,
    ]) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
    assert.match(text, /Chromium \d+\.\d+\.\d+\.\d+/);
    assert.match(text, /通过 passed|未通过 failed/);
    assert.match(text, BEIJING_AND_UTC);
    const checked = await verifyPdf(answer.bytes, node.trustPath, 'capture.pdf');
    assert.equal(checked.status, 0, checked.lines.join('\n'));
  });

  it('does not certify a raw capture entry without a package as a capture', async () => {
    const chain = node.running.node.context.chains.get('evidence')!;
    // Signed with the capture service's key, so only the missing capture record can refuse it.
    const [receipt] = await chain.ledger.appendBatch([
      chain.signEntry({
        type: 'capture',
        digest: randomDigest(),
        unit: 'capturing-platform',
        meta: {
          url: 'https://court.example/forged',
          title: 'Forged capture',
          capturedAt: '2026-01-01T00:00:00.000Z',
        },
      }),
    ]);
    const html = await node.request(
      `/v1/chains/evidence/entries/${receipt!.leafIndex}/certificate.html?wait=final`,
    );
    assert.equal(html.status, 200, html.text);
    assert.ok(!html.text.includes('网页取证证书'), html.text);
    assert.ok(!html.text.includes('court.example/forged'), html.text);
    assert.ok(html.text.includes('no capture package is held for it'), html.text);
    const page = await node.request(`/verify/evidence/${receipt!.leafIndex}`);
    assert.ok(!page.text.includes('Web Evidence Capture'), page.text);
    assert.ok(page.text.includes('no capture package is held for it'), page.text);
  });

  it('states chain, entry, case number, result and verifier of a verification record', async (t) => {
    if (!(await havePoppler(t))) return;
    const clerk = await node.createPrincipal(['clerk'], 'city-court', 'clerk-zhou');
    const recorded = await node.request('/v1/verifications', {
      token: clerk.apiKey,
      json: { chain: 'evidence', index: captureIndex, caseNumber: '(2026)京0491民初123号' },
    });
    assert.equal(recorded.status, 201, recorded.text);
    const index = recorded.json.record.index;
    const answer = await fetchBytes(
      `${node.url}/v1/chains/evidence/entries/${index}/certificate.pdf?wait=final`,
    );
    assert.equal(answer.status, 200);
    const text = (await readPdfText(answer.bytes)).replace(/\n+/g, '\n');
    for (const expected of [
      '核验记录证明',
      'Certificate of a Verification Record',
      '被核验的链',
      'Chain verified',
      'evidence (',
      '被核验的记录',
      'Entry verified',
      String(captureIndex),
      '案号',
      'Case number',
      '(2026)京0491民初123号',
      '核验结果',
      '通过 verified',
      '核验单位',
      'Verified by',
      'clerk-zhou',
    ]) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
    assert.match(text, BEIJING_AND_UTC);
  });
});
