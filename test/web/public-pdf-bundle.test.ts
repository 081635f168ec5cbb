import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { PdfBundleError, readPdfAttachmentText } from '../../web/src/pages/public/pdf-bundle.ts';

// The verify page's reader of the proof bundle a certificate PDF embeds (runs in the browser; Node
// has the same Blob and DecompressionStream). The real certificate is covered by the browser test
// (test/web/public-pages.test.ts); here, hand-made PDFs and hostile ones.

function makePdf(files: { name: string; data: Uint8Array; flate?: boolean; length?: number }[]): Uint8Array {
  let text = '%PDF-1.7\n';
  const parts: Buffer[] = [];
  let object = 1;
  for (const file of files) {
    const stream = file.flate === false ? Buffer.from(file.data) : deflateSync(file.data);
    const filter = file.flate === false ? '' : ' /Filter /FlateDecode';
    const streamObject = object + 1;
    text += `${object} 0 obj\n<< /Type /Filespec /F (${file.name}) /UF (${file.name}) /EF << /F ${streamObject} 0 R >> >>\nendobj\n`;
    text += `${streamObject} 0 obj\n<< /Type /EmbeddedFile /Length ${file.length ?? stream.length}${filter} >>\nstream\n`;
    parts.push(Buffer.from(text, 'latin1'), stream);
    text = '\nendstream\nendobj\n';
    object += 2;
  }
  parts.push(Buffer.from(`${text}trailer\n<< >>\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

const BUNDLE = JSON.stringify({ format: 'sealchain-bundle/v1', entry: '{"meta":{"title":"合同"}}' });

describe('readPdfAttachmentText', () => {
  it('reads a compressed and an uncompressed embedded bundle, in UTF-8', async () => {
    const data = new TextEncoder().encode(BUNDLE);
    assert.equal(await readPdfAttachmentText(makePdf([{ name: 'proof-bundle.json', data }])), BUNDLE);
    assert.equal(
      await readPdfAttachmentText(makePdf([{ name: 'proof-bundle.json', data, flate: false }])),
      BUNDLE,
    );
    const other = makePdf([{ name: 'certificate.json', data }]);
    assert.equal(await readPdfAttachmentText(other), null);
  });

  it('refuses what is not a PDF, a stream longer than the file, two bundles and a deflate bomb', async () => {
    const data = new TextEncoder().encode(BUNDLE);
    const refusals: [string, Uint8Array][] = [
      ['not a PDF', new TextEncoder().encode('{"format":"x"}')],
      ['long', makePdf([{ name: 'proof-bundle.json', data, length: 10_000_000 }])],
      [
        'two',
        makePdf([
          { name: 'proof-bundle.json', data },
          { name: 'proof-bundle.json', data: new TextEncoder().encode('{}') },
        ]),
      ],
      ['bomb', makePdf([{ name: 'proof-bundle.json', data: new Uint8Array(9 << 20) }])],
      ['not UTF-8', makePdf([{ name: 'proof-bundle.json', data: new Uint8Array([0xff, 0xfe, 0x00]) }])],
    ];
    for (const [what, pdf] of refusals) {
      await assert.rejects(readPdfAttachmentText(pdf), PdfBundleError, what);
    }
  });
});
