import type { Certificate } from './certificate.ts';
import { escapeHtml, PAGE_STYLE } from './html.ts';
import { LABELS } from './labels.ts';
import { formatCertificateTime } from './time.ts';
import { encodeQrMatrix, qrMatrixToSvg } from './qr-code.ts';
import {
  listCertificateSections,
  listClosingStatements,
  titleOf,
  type CertificateSection,
} from './sections.ts';

function renderSection(section: CertificateSection): string {
  const heading = `<h2>${escapeHtml(section.heading.zh)} ${escapeHtml(section.heading.en)}</h2>`;
  if (section.facts.length === 0 && section.empty !== undefined) {
    return `${heading}<p class="empty">${escapeHtml(section.empty.zh)} / ${escapeHtml(section.empty.en)}</p>`;
  }
  const rows = section.facts.map(
    (fact) =>
      `<tr><th>${escapeHtml(fact.label.zh)}${fact.label.en === '' ? '' : `<small>${escapeHtml(fact.label.en)}</small>`}</th>` +
      `<td>${escapeHtml(fact.value)}</td></tr>`,
  );
  return `${heading}<table>${rows.join('')}</table>`;
}

function renderRevokedBanner(certificate: Certificate): string {
  if (certificate.revocation === undefined) return '';
  const { zh, en } = LABELS.statusRevoked;
  const when = formatCertificateTime(certificate.revocation.time);
  return `<div class="verdict fail">✗ ${escapeHtml(zh)} · ${escapeHtml(en)} ${escapeHtml(when)}</div>`;
}

/** The certificate's body (without <html>), for a page of its own or inside a verification page. */
export function renderCertificateBody(certificate: Certificate): string {
  const title = titleOf(certificate);
  const qr = qrMatrixToSvg(encodeQrMatrix(certificate.verifyUrl));
  const number =
    certificate.number === undefined ? '' : `<div class="number">${escapeHtml(certificate.number)}</div>`;
  return (
    `<header><div><h1>${escapeHtml(title.zh)}<small>${escapeHtml(title.en)}</small></h1>${number}</div>` +
    `<div class="qr">${qr}<div>扫码核验 Scan to verify</div></div></header>` +
    renderRevokedBanner(certificate) +
    listCertificateSections(certificate).map(renderSection).join('') +
    listClosingStatements(certificate)
      .map((text) => `<p class="statement">${escapeHtml(text.zh)}<br>${escapeHtml(text.en)}</p>`)
      .join('')
  );
}

/** The certificate as one self-contained HTML page (no scripts, no external resources). */
export function renderCertificateHtml(certificate: Certificate): string {
  const title = titleOf(certificate);
  const heading = `${title.zh} ${certificate.number ?? ''}`.trim();
  return (
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(heading)}</title><style>${PAGE_STYLE}</style></head>` +
    `<body><main>${renderCertificateBody(certificate)}</main></body></html>`
  );
}
