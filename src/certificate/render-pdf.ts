import PDFDocument from 'pdfkit';
import type { Certificate } from './certificate.ts';
import { CertificateError } from './errors.ts';
import { locateCjkFont, readFontBytes, type CertificateFont } from './font.ts';
import { LABELS } from './labels.ts';
import { encodeQrMatrix, type QrMatrix } from './qr-code.ts';
import { listCertificateSections, titleOf, type CertificateSection } from './sections.ts';

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
    for (const section of listCertificateSections(certificate)) drawSection(doc, section);
    ensureRoom(doc, 50);
    doc.moveDown(1);
    doc.fontSize(8).fillColor(MUTED).text(LABELS.verifiedStatement.zh, PAGE.margin, doc.y);
    doc.text(LABELS.verifiedStatement.en);
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
