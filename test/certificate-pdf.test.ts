import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import {
  BUNDLE_ATTACHMENT,
  CertificateError,
  certifyBundle,
  checkCertificatePdf,
  readPdfAttachments,
  renderCertificatePdf,
  STATEMENT_ATTACHMENT,
} from '../src/certificate/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { parseTrustFile } from '../src/verify/index.ts';
import { addTestEntry, bundleOf, createTestChain, trustFileOf } from '../src/verify/testdata/test-chain.ts';

const NAMES = [BUNDLE_ATTACHMENT, STATEMENT_ATTACHMENT];

/** A minimal PDF whose objects are given as `[number, body]`, with stream data as bytes. */
function buildPdf(objects: [number, string, Uint8Array?][]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  for (const [number, body, stream] of objects) {
    parts.push(Buffer.from(`${number} 0 obj\n${body}\n`, 'latin1'));
    if (stream !== undefined)
      parts.push(Buffer.from('stream\n'), Buffer.from(stream), Buffer.from('\nendstream\n'));
    parts.push(Buffer.from('endobj\n'));
  }
  parts.push(Buffer.from('trailer\n<< /Size 9 >>\n%%EOF\n'));
  return new Uint8Array(Buffer.concat(parts));
}

function fileSpec(name: string, target: number): string {
  return `<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F ${target} 0 R >> >>`;
}

function embedded(bytes: Uint8Array): [string, Uint8Array] {
  const compressed = deflateSync(bytes);
  return [`<< /Type /EmbeddedFile /Length ${compressed.length} /Filter /FlateDecode >>`, compressed];
}

const isPdfInvalid = (error: unknown) =>
  error instanceof CertificateError && error.code === 'CERTIFICATE_PDF_INVALID';

describe('readPdfAttachments', () => {
  it('reads the named embedded files of a hand-made PDF and ignores others', () => {
    const [dict, data] = embedded(new TextEncoder().encode('{"a":1}'));
    const pdf = buildPdf([
      [1, fileSpec(BUNDLE_ATTACHMENT, 2)],
      [2, dict, data],
      [3, fileSpec('other.txt', 2)],
    ]);
    const files = readPdfAttachments(pdf, NAMES);
    assert.deepEqual([...files.keys()], [BUNDLE_ATTACHMENT]);
    assert.equal(new TextDecoder().decode(files.get(BUNDLE_ATTACHMENT)), '{"a":1}');
  });

  it('refuses a file that is not a PDF, and one over the size limit, before reading it', () => {
    assert.throws(() => readPdfAttachments(new TextEncoder().encode('PK\u0003\u0004'), NAMES), isPdfInvalid);
    const pdf = buildPdf([[1, fileSpec(BUNDLE_ATTACHMENT, 2)]]);
    assert.throws(
      () => readPdfAttachments(pdf, NAMES, { maxPdfBytes: 16, maxAttachmentBytes: 1 << 20, maxObjects: 100 }),
      isPdfInvalid,
    );
  });

  it('stops inflating a compressed bomb at the attachment limit', () => {
    const [dict, data] = embedded(new Uint8Array(16 << 20));
    assert.ok(data.length < 1 << 20);
    const pdf = buildPdf([
      [1, fileSpec(BUNDLE_ATTACHMENT, 2)],
      [2, dict, data],
    ]);
    assert.throws(() => readPdfAttachments(pdf, NAMES), isPdfInvalid);
  });

  it('refuses one name given to two different files instead of choosing one', () => {
    const [dict, data] = embedded(new TextEncoder().encode('{}'));
    const pdf = buildPdf([
      [1, fileSpec(BUNDLE_ATTACHMENT, 2)],
      [2, dict, data],
      [3, fileSpec(BUNDLE_ATTACHMENT, 4)],
      [4, dict, data],
    ]);
    assert.throws(
      () => readPdfAttachments(pdf, NAMES),
      (error) => isPdfInvalid(error) && /two different files/.test((error as Error).message),
    );
  });

  it('refuses a stream whose /Length overruns it, and filters other than FlateDecode', () => {
    const pdf = buildPdf([
      [1, fileSpec(BUNDLE_ATTACHMENT, 2)],
      [2, '<< /Type /EmbeddedFile /Length 999 >>', new TextEncoder().encode('{}')],
    ]);
    assert.throws(() => readPdfAttachments(pdf, NAMES), isPdfInvalid);
    const lzw = buildPdf([
      [1, fileSpec(BUNDLE_ATTACHMENT, 2)],
      [2, '<< /Type /EmbeddedFile /Length 2 /Filter /LZWDecode >>', new TextEncoder().encode('{}')],
    ]);
    assert.throws(() => readPdfAttachments(lzw, NAMES), isPdfInvalid);
  });
});

describe('checkCertificatePdf', () => {
  const chain = createTestChain('works');
  addTestEntry(chain, 'work', 'first work', { number: 'SC-2026-W-00001233-X' });
  addTestEntry(chain, 'work', 'second work', { number: 'SC-2026-W-00001234-7' });
  const trust = parseTrustFile(trustFileOf([chain]));
  const certificate = certifyBundle(
    bundleOf(chain, 1),
    trust,
    { kind: 'work', number: 'SC-2026-W-00001234-7', title: '春江花月夜' },
    { verifyUrl: 'https://copyright.sealchain.local/verify/SC-2026-W-00001234-7' },
  );

  it('verifies the bundle a rendered certificate embeds and the particulars it states', async () => {
    const checked = checkCertificatePdf(await renderCertificatePdf(certificate), trust);
    assert.equal(checked.ok, true, JSON.stringify(checked.particulars));
    assert.equal(checked.statement.number, 'SC-2026-W-00001234-7');
    assert.deepEqual(checked.particulars.map((check) => check.id).sort(), [
      'chain',
      'digest',
      'entry-type',
      'index',
      'leaf-hash',
      'number',
    ]);
  });

  it('fails when the certificate states another number than the bundle records', async () => {
    const checked = checkCertificatePdf(
      await renderCertificatePdf({ ...certificate, number: 'SC-2026-W-00001233-X' }),
      trust,
    );
    assert.equal(checked.report.ok, true);
    assert.equal(checked.ok, false);
    assert.deepEqual(
      checked.particulars.filter((check) => !check.ok).map((check) => check.id),
      ['number'],
    );
  });

  it('says a PDF without the embedded proof is not a sealchain certificate', () => {
    assert.throws(() => checkCertificatePdf(buildPdf([[1, '<< /Type /Catalog >>']]), trust), isPdfInvalid);
  });

  it('answers every truncation and byte flip of a real certificate with a verdict or a typed error', async () => {
    const pdf = await renderCertificatePdf(certificate);
    let seed = 22;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let round = 0; round < 150; round += 1) {
      const mutated = round % 2 === 0 ? pdf.slice(0, next() % pdf.length) : pdf.slice();
      for (let k = 0; round % 2 === 1 && k < 8; k += 1) {
        const at = next() % mutated.length;
        mutated[at] = mutated[at]! ^ (1 << (next() % 8));
      }
      try {
        checkCertificatePdf(mutated, trust);
      } catch (error) {
        assert.ok(isSealchainError(error), `round ${round}: ${String(error)}`);
      }
    }
  });
});
