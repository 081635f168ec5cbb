import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  certifyBundle,
  CertificateError,
  encodeQrMatrix,
  LABELS,
  qrMatrixToSvg,
  renderCertificateHtml,
  renderCertificatePdf,
  renderVerificationPage,
  type CertificateSubject,
} from '../src/certificate/index.ts';
import { checkBundle, CheckpointChecker, parseTrustFile } from '../src/verify/index.ts';
import {
  addTestEntry,
  bundleOf,
  checkpointOf,
  createTestChain,
  trustFileOf,
} from '../src/verify/testdata/test-chain.ts';
import { decodePdfQr, decodeQrImage, havePoppler, readPdfText } from './fixtures/works/certificate-tools.ts';

const VERIFY_URL = 'https://copyright.sealchain.local/verify/SC-2026-W-00001234-7';

function makeWorkChain() {
  const chain = createTestChain('works');
  addTestEntry(chain, 'work', 'first work', { number: 'SC-2026-W-00001233-X' });
  addTestEntry(chain, 'work', 'spring river', { number: 'SC-2026-W-00001234-7' });
  addTestEntry(chain, 'evidence', 'a contract');
  return { chain, trust: parseTrustFile(trustFileOf([chain])) };
}

const WORK_SUBJECT: CertificateSubject = {
  kind: 'work',
  number: 'SC-2026-W-00001234-7',
  title: '春江花月夜',
  facts: [
    { label: LABELS.workType, value: '文字作品 / text' },
    { label: LABELS.rightsHolder, value: '张若虚' },
  ],
  codes: [
    {
      label: { zh: 'ISCC', en: 'ISCC-CODE' },
      value: 'ISCC:KACYPXW445FTYNJ3CYSXHAFJMA2HUWULUNRFE3BLHRSCXYH2M5AEGQY',
    },
  ],
  similar: [
    {
      number: 'SC-2026-W-00001233-X',
      title: '春江花月夜（初稿）',
      time: '2026-11-21T08:00:00.000Z',
      similarity: 0.91,
      basis: 'text',
    },
  ],
};

describe('certifyBundle', () => {
  const { chain, trust } = makeWorkChain();

  it('takes the record from a bundle that verifies: index, leaf hash, root and the witnesses with their times', () => {
    const bundle = bundleOf(chain, 1);
    const certificate = certifyBundle(bundle, trust, WORK_SUBJECT, { verifyUrl: VERIFY_URL });
    const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
    assert.equal(certificate.record.index, 1);
    assert.equal(certificate.record.leafHash, bundle.leafHash);
    assert.equal(certificate.record.rootHash, report.rootHash);
    assert.equal(certificate.record.origin, 'test.sealchain.local/works');
    assert.equal(certificate.record.entryType, 'work');
    assert.deepEqual(
      certificate.record.cosigners.map((c) => [c.name, c.time]),
      [1, 2, 3].map((n) => [`witness-${n}`, new Date((1_795_000_000 + n - 1) * 1000).toISOString()]),
    );
    assert.equal(certificate.record.quorum, 2);
    assert.deepEqual(certificate.record.witnessingOrganisations, ['witness-1', 'witness-2', 'witness-3']);
  });

  it("lists the witnessing organisations in zh and en, without the sequencer's own witness", () => {
    const named = parseTrustFile({
      ...trustFileOf([chain]),
      chains: [
        {
          ...trustFileOf([chain]).chains[0],
          sequencer: { ...(trustFileOf([chain]).chains[0]!['sequencer'] as object), name: 'witness-1' },
        },
      ],
    });
    const certificate = certifyBundle(bundleOf(chain, 1), named, WORK_SUBJECT, { verifyUrl: VERIFY_URL });
    assert.deepEqual(certificate.record.witnessingOrganisations, ['witness-2', 'witness-3']);
    const html = renderCertificateHtml(certificate);
    assert.ok(html.includes('独立见证机构'), html);
    assert.ok(html.includes('Independent witnessing organisations'));
    assert.ok(html.includes('witness-2, witness-3'));
  });

  it('refuses a record whose checkpoint lacks the quorum of cosignatures', () => {
    const notFinal = bundleOf(chain, 1, 3, checkpointOf(chain, 3, 1));
    assert.throws(
      () => certifyBundle(notFinal, trust, WORK_SUBJECT, { verifyUrl: VERIFY_URL }),
      (error) => error instanceof CertificateError && error.code === 'CERTIFICATE_UNVERIFIED',
    );
  });

  it('refuses a bundle whose entry was altered', () => {
    const bundle = bundleOf(chain, 1);
    const altered = { ...bundle, entry: bundle.entry.replace('"work"', '"evidence"') };
    assert.throws(
      () => certifyBundle(altered, trust, WORK_SUBJECT, { verifyUrl: VERIFY_URL }),
      (error) =>
        error instanceof CertificateError &&
        error.code === 'CERTIFICATE_UNVERIFIED' &&
        (error.details['failedChecks'] as string[]).some((c) => c.startsWith('leaf-hash')),
    );
  });

  it('refuses a verify URL that is not http(s)', () => {
    assert.throws(
      () => certifyBundle(bundleOf(chain, 1), trust, WORK_SUBJECT, { verifyUrl: 'javascript:alert(1)' }),
      (error) => error instanceof CertificateError && error.code === 'CERTIFICATE_INPUT_INVALID',
    );
  });
});

describe('renderCertificatePdf', () => {
  const { chain, trust } = makeWorkChain();
  const certificate = certifyBundle(bundleOf(chain, 1), trust, WORK_SUBJECT, { verifyUrl: VERIFY_URL });

  it('writes a PDF whose text holds the Chinese title, the work, the number and the witnesses', async (t) => {
    if (!(await havePoppler(t))) return;
    const pdf = await renderCertificatePdf(certificate);
    assert.equal(new TextDecoder().decode(pdf.subarray(0, 5)), '%PDF-');
    const text = await readPdfText(pdf);
    for (const expected of [
      '作品登记证书',
      'Certificate of Work Registration',
      '春江花月夜',
      'SC-2026-W-00001234-7',
      '张若虚',
      'witness-2',
      'test.sealchain.local/works',
      '在先相似登记',
      '91%',
    ]) {
      assert.ok(text.includes(expected), `the PDF text lacks ${expected}:\n${text}`);
    }
  });

  it('prints a QR code that decodes to the verify URL', async (t) => {
    if (!(await havePoppler(t))) return;
    assert.equal(await decodePdfQr(await renderCertificatePdf(certificate)), VERIFY_URL);
  });

  it('embeds only a subset of the CJK font, so a certificate stays small', async () => {
    const pdf = await renderCertificatePdf(certificate);
    assert.ok(pdf.length < 200_000, `${pdf.length} bytes`);
  });

  it('says FONT_MISSING, naming the Debian package, without a CJK font', async () => {
    await assert.rejects(
      renderCertificatePdf(certificate, { font: { path: '/nonexistent/font.ttc' } }),
      (error) => error instanceof CertificateError && error.code === 'FONT_MISSING',
    );
    const { locateCjkFont } = await import('../src/certificate/index.ts');
    assert.throws(
      () => locateCjkFont([{ path: '/nonexistent/font.ttc' }]),
      /install the Debian package fonts-wqy-microhei/,
    );
  });

  it('breaks long values and many similar works over pages', async (t) => {
    if (!(await havePoppler(t))) return;
    const many = certifyBundle(
      bundleOf(chain, 1),
      trust,
      {
        ...WORK_SUBJECT,
        similar: Array.from({ length: 50 }, (_, i) => ({
          number: `SC-2026-W-${String(i).padStart(8, '0')}-0`,
          title: `相似作品 ${i}`,
          time: '2026-11-21T08:00:00.000Z',
          similarity: 0.5,
          basis: 'content-code' as const,
        })),
      },
      { verifyUrl: VERIFY_URL },
    );
    const text = await readPdfText(await renderCertificatePdf(many));
    assert.ok(text.includes('相似作品 49'));
    assert.ok(text.split('\f').length > 2, 'more than one page');
  });
});

describe('renderCertificateHtml', () => {
  const { chain, trust } = makeWorkChain();

  it('escapes what the registrant wrote and carries the same facts and a QR code of the verify URL', async () => {
    const certificate = certifyBundle(
      bundleOf(chain, 1),
      trust,
      { ...WORK_SUBJECT, title: '<script>alert("春")</script>' },
      { verifyUrl: VERIFY_URL },
    );
    const html = renderCertificateHtml(certificate);
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;春&quot;)&lt;/script&gt;'));
    assert.ok(html.includes('SC-2026-W-00001234-7'));
    assert.ok(html.includes('作品登记证书'));
    const svg = /<svg[^]*?<\/svg>/.exec(html)![0];
    const png = await sharp(Buffer.from(svg), { density: 300 }).png().toBuffer();
    assert.equal(await decodeQrImage(png), VERIFY_URL);
  });
});

describe('encodeQrMatrix', () => {
  it('makes a symbol that decodes back to its text', async () => {
    const svg = qrMatrixToSvg(encodeQrMatrix('https://example.org/verify/works/42'));
    const png = await sharp(Buffer.from(svg), { density: 300 }).png().toBuffer();
    assert.equal(await decodeQrImage(png), 'https://example.org/verify/works/42');
  });

  it('refuses empty and oversized text', () => {
    assert.throws(() => encodeQrMatrix(''), CertificateError);
    assert.throws(() => encodeQrMatrix('x'.repeat(5000)), CertificateError);
  });
});

describe('renderVerificationPage', () => {
  const { chain, trust } = makeWorkChain();

  it('shows a verified record with every check and its certificate', () => {
    const bundle = bundleOf(chain, 1);
    const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
    const certificate = certifyBundle(bundle, trust, WORK_SUBJECT, { verifyUrl: VERIFY_URL });
    const html = renderVerificationPage({ subject: 'SC-2026-W-00001234-7', report, certificate });
    assert.ok(html.includes('核验通过'));
    assert.ok(html.includes('Merkle inclusion proof'));
    assert.ok(html.includes('春江花月夜'));
  });

  it('shows a failed check as not verified', () => {
    const bundle = bundleOf(chain, 1, 3, checkpointOf(chain, 3, 1));
    const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
    const html = renderVerificationPage({ subject: 'works/1', report });
    assert.ok(html.includes('核验未通过'));
    assert.ok(html.includes('quorum is 2'));
  });

  it('shows why there is nothing to verify, escaped', () => {
    const html = renderVerificationPage({
      subject: '<b>x</b>',
      problem: { title: { zh: '未找到', en: 'Not found' }, detail: 'no such <registration>' },
    });
    assert.ok(html.includes('未找到'));
    assert.ok(html.includes('&lt;b&gt;x&lt;/b&gt;'));
    assert.ok(!html.includes('<registration>'));
  });
});
