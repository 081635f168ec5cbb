import PDFDocument from 'pdfkit';
import type { Certificate } from './certificate.ts';
import { CertificateError } from './errors.ts';
import { locateCjkFont, readFontBytes, type CertificateFont } from './font.ts';
import { LABELS } from './labels.ts';
import { encodeQrMatrix, type QrMatrix } from './qr-code.ts';
import {
  listCertificateSections,
  listClosingStatements,
  titleOf,
  type CertificateSection,
} from './sections.ts';
import { BUNDLE_ATTACHMENT, certificateToStatement, STATEMENT_ATTACHMENT } from './statement.ts';
import { formatCertificateTime } from './time.ts';

export interface PdfRenderOptions {
  /** Default: the first installed CJK font of CJK_FONT_CANDIDATES. */
  font?: CertificateFont;
}

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const LABEL_WIDTH = 150;
const GAP = 12;
const QR_SIZE = 96;
const INK = '#1a1a1a';
const MUTED = '#666666';
const ACCENT = '#8b1a1a';
const FONT_NAME = 'cjk';

type Doc = PDFKit.PDFDocument;

function drawQr(doc: Doc, matrix: QrMatrix, x: number, y: number, size: number): void {
  const extent = matrix.size + 8;
  const unit = size / extent;
  doc.save().rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.modules[row * matrix.size + col] === 1) {
        doc.rect(x + (col + 4) * unit, y + (row + 4) * unit, unit, unit);
      }
    }
  }
  doc.fill('#000000').restore();
}

function drawFrame(doc: Doc): void {
  const inset = 20;
  doc
    .save()
    .lineWidth(1.2)
    .strokeColor(ACCENT)
    .rect(inset, inset, PAGE.width - 2 * inset, PAGE.height - 2 * inset)
    .stroke()
    .restore();
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height <= PAGE.height - PAGE.margin) return;
  doc.addPage();
  drawFrame(doc);
  doc.y = PAGE.margin;
}

function drawHeader(doc: Doc, certificate: Certificate, qr: QrMatrix): void {
  const title = titleOf(certificate);
  const textWidth = PAGE.width - 2 * PAGE.margin - QR_SIZE - GAP;
  drawQr(doc, qr, PAGE.width - PAGE.margin - QR_SIZE, PAGE.margin, QR_SIZE);
  doc
    .fontSize(7)
    .fillColor(MUTED)
    .text('扫码核验 Scan to verify', PAGE.width - PAGE.margin - QR_SIZE, PAGE.margin + QR_SIZE + 2, {
      width: QR_SIZE,
      align: 'center',
    });
  doc.x = PAGE.margin;
  doc.y = PAGE.margin + 8;
  doc.fontSize(24).fillColor(ACCENT).text(title.zh, { width: textWidth });
  doc.fontSize(12).fillColor(INK).text(title.en, { width: textWidth });
  if (certificate.number !== undefined) {
    doc.moveDown(0.6).fontSize(14).fillColor(INK).text(certificate.number, { width: textWidth });
  }
  doc.y = Math.max(doc.y, PAGE.margin + QR_SIZE + 14) + 10;
}

function drawRevokedBanner(doc: Doc, certificate: Certificate): void {
  if (certificate.revocation === undefined) return;
  const width = PAGE.width - 2 * PAGE.margin;
  const text =
    `${LABELS.statusRevoked.zh} · ${LABELS.statusRevoked.en} ` +
    formatCertificateTime(certificate.revocation.time);
  const top = doc.y;
  doc.fontSize(13);
  const height = doc.heightOfString(text, { width: width - 16 }) + 12;
  doc.save().rect(PAGE.margin, top, width, height).fill('#fce8e6').restore();
  doc.fillColor('#a50e0e').text(text, PAGE.margin + 8, top + 6, { width: width - 16 });
  doc.y = top + height + 6;
}

/**
 * The proof bundle and the certificate's statement as embedded files (ISO 32000-1 §7.11.4; PDF 2.0
 * /AF associated files with /AFRelationship /Data), so that the PDF verifies offline on its own.
 */
function embedProof(doc: Doc, certificate: Certificate, issued: Date): void {
  const dates = Number.isNaN(issued.getTime()) ? {} : { creationDate: issued, modifiedDate: issued };
  // pdfkit 0.20 writes /AFRelationship from `relationship`, which its type declarations omit.
  const attach = (name: string, json: unknown, description: string) => {
    const options = { name, type: 'application/json', description, relationship: 'Data', ...dates };
    doc.file(Buffer.from(`${JSON.stringify(json, null, 2)}\n`, 'utf8'), options);
  };
  attach(BUNDLE_ATTACHMENT, certificate.bundle, 'sealchain proof bundle: verify with `sealchain verify`');
  attach(
    STATEMENT_ATTACHMENT,
    certificateToStatement(certificate),
    'the particulars this certificate states',
  );
}

function drawSection(doc: Doc, section: CertificateSection): void {
  const left = PAGE.margin;
  const valueX = left + LABEL_WIDTH + GAP;
  const valueWidth = PAGE.width - PAGE.margin - valueX;
  ensureRoom(doc, 40);
  doc.moveDown(0.4);
  doc.fontSize(11).fillColor(ACCENT).text(`${section.heading.zh}  ${section.heading.en}`, left, doc.y);
  doc
    .save()
    .lineWidth(0.5)
    .strokeColor(ACCENT)
    .moveTo(left, doc.y + 1)
    .lineTo(PAGE.width - PAGE.margin, doc.y + 1)
    .stroke()
    .restore();
  doc.y += 5;
  if (section.facts.length === 0 && section.empty !== undefined) {
    doc.fontSize(9).fillColor(MUTED).text(`${section.empty.zh} / ${section.empty.en}`, left, doc.y);
    return;
  }
  for (const fact of section.facts) {
    doc.fontSize(9);
    const valueHeight = doc.heightOfString(fact.value, { width: valueWidth });
    const labelHeight =
      doc.heightOfString(fact.label.zh, { width: LABEL_WIDTH }) +
      (fact.label.en === '' ? 0 : doc.fontSize(7).heightOfString(fact.label.en, { width: LABEL_WIDTH }));
    ensureRoom(doc, Math.max(valueHeight, labelHeight));
    const top = doc.y;
    doc.fontSize(9).fillColor(INK).text(fact.label.zh, left, top, { width: LABEL_WIDTH });
    if (fact.label.en !== '')
      doc.fontSize(7).fillColor(MUTED).text(fact.label.en, left, doc.y, { width: LABEL_WIDTH });
    const labelBottom = doc.y;
    doc.fontSize(9).fillColor(INK).text(fact.value, valueX, top, { width: valueWidth });
    doc.y = Math.max(doc.y, labelBottom) + 3;
  }
}

/**
 * The certificate as a PDF: A4, Chinese with English beside it, the CJK font embedded as a subset
 * (so Chinese renders and copies as text anywhere), a QR code of the verify URL at the top.
 */
export async function renderCertificatePdf(
  certificate: Certificate,
  options: PdfRenderOptions = {},
): Promise<Uint8Array> {
  const font = options.font ?? locateCjkFont();
  const fontBytes = readFontBytes(font);
  const qr = encodeQrMatrix(certificate.verifyUrl);
  const issued = new Date(certificate.issuedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    info: {
      Title: `${titleOf(certificate).zh} ${certificate.number ?? ''}`.trim(),
      Subject: titleOf(certificate).en,
      Creator: 'sealchain',
      ...(Number.isNaN(issued.getTime()) ? {} : { CreationDate: issued }),
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  try {
    doc.registerFont(
      FONT_NAME,
      Buffer.from(fontBytes.buffer, fontBytes.byteOffset, fontBytes.length),
      font.postscriptName,
    );
    doc.font(FONT_NAME);
    drawFrame(doc);
    drawHeader(doc, certificate, qr);
    drawRevokedBanner(doc, certificate);
    for (const section of listCertificateSections(certificate)) drawSection(doc, section);
    for (const statement of listClosingStatements(certificate)) {
      ensureRoom(doc, 50);
      doc.moveDown(1);
      doc.fontSize(8).fillColor(MUTED).text(statement.zh, PAGE.margin, doc.y);
      doc.text(statement.en);
    }
    embedProof(doc, certificate, issued);
    doc.end();
  } catch (cause) {
    throw new CertificateError('CERTIFICATE_RENDER_FAILED', 'the certificate PDF could not be drawn', {
      cause,
    });
  }
  await done;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const pdf = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    pdf.set(chunk, offset);
    offset += chunk.length;
  }
  return pdf;
}
