import type { VerificationReport } from '../verify/index.ts';
import type { Certificate } from './certificate.ts';
import { escapeHtml, PAGE_STYLE } from './html.ts';
import { LABELS, type BilingualText } from './labels.ts';
import { renderCertificateBody } from './render-html.ts';
import { formatRevoker, titleOf } from './sections.ts';
import { formatCertificateTime } from './time.ts';

/** What the verify page shows for one request: a verified record, a failure, or why there is none. */
export interface VerificationView {
  /** What was asked for: a registration number or `chain/index`. */
  subject: string;
  report?: VerificationReport;
  /** Present when the report passed: the record as a certificate. */
  certificate?: Certificate;
  /** Why there is no report: not found, not yet final, unreadable. */
  problem?: { title: BilingualText; detail: string };
  links?: { label: BilingualText; href: string }[];
}

const CHECK_NAMES: Readonly<Record<string, BilingualText>> = {
  entry: { zh: '记录格式', en: 'Entry' },
  authority: { zh: '授权签名', en: 'Authority' },
  'leaf-hash': { zh: '叶哈希', en: 'Leaf hash' },
  'checkpoint-signature': { zh: '排序节点签名', en: 'Sequencer signature' },
  cosignatures: { zh: '见证联署', en: 'Witness cosignatures' },
  inclusion: { zh: '默克尔包含证明', en: 'Merkle inclusion proof' },
  receipt: { zh: '受理回执', en: 'Receipt' },
  'file-digest': { zh: '文件摘要', en: 'File digest' },
  anchor: { zh: '跨链锚定', en: 'Cross-chain anchor' },
};

function renderVerdict(view: VerificationView): string {
  if (view.report === undefined) {
    const title = view.problem?.title ?? { zh: '无法核验', en: 'Cannot verify' };
    return (
      `<div class="verdict fail">${escapeHtml(title.zh)} · ${escapeHtml(title.en)}</div>` +
      (view.problem === undefined ? '' : `<p>${escapeHtml(view.problem.detail)}</p>`)
    );
  }
  if (!view.report.ok) return '<div class="verdict fail">✗ 核验未通过 · Not verified</div>';
  const revocation = view.certificate?.revocation;
  if (revocation !== undefined) {
    // A revoked licence is never shown as verified: the record proves the grant, not that it holds.
    const when = formatCertificateTime(revocation.time);
    return (
      `<div class="verdict fail">✗ 授权已撤销 · Licence revoked ${escapeHtml(when)}</div>` +
      `<p>${escapeHtml(LABELS.revocationEntry.zh)} ${escapeHtml(LABELS.revocationEntry.en)}: ` +
      `${escapeHtml(`${revocation.chain}/${revocation.index}`)}. ` +
      `${escapeHtml(LABELS.revokedBy.zh)} ${escapeHtml(LABELS.revokedBy.en)}: ` +
      `${escapeHtml(formatRevoker(revocation.revokedBy))}. ` +
      (revocation.reason === ''
        ? ''
        : `${escapeHtml(LABELS.reason.zh)} ${escapeHtml(LABELS.reason.en)}: ${escapeHtml(revocation.reason)}. `) +
      `${escapeHtml(LABELS.revokedStatement.zh)} ${escapeHtml(LABELS.revokedStatement.en)}</p>`
    );
  }
  const what =
    view.certificate === undefined
      ? ''
      : ` · ${titleOf(view.certificate).zh} ${titleOf(view.certificate).en}`;
  return `<div class="verdict ok">✓ 核验通过 · Verified${escapeHtml(what)}</div>`;
}

function renderChecks(report: VerificationReport): string {
  const rows = report.checks.map((check) => {
    const name = CHECK_NAMES[check.id] ?? { zh: check.id, en: check.id };
    const mark = check.ok ? '<span class="check-ok">✓</span>' : '<span class="check-fail">✗</span>';
    return `<tr><th>${mark} ${escapeHtml(name.zh)}<small>${escapeHtml(name.en)}</small></th><td>${escapeHtml(check.summary)}</td></tr>`;
  });
  return `<h2>核验项目 Checks</h2><table>${rows.join('')}</table>`;
}

/** The page a person sees at /verify/…: the verdict, every check and, when verified, the certificate. */
export function renderVerificationPage(view: VerificationView): string {
  const links = (view.links ?? [])
    .map(
      (link) =>
        `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label.zh)} ${escapeHtml(link.label.en)}</a>`,
    )
    .join(' · ');
  const body =
    `<h1>区块链核验<small>Verification of ${escapeHtml(view.subject)}</small></h1>` +
    renderVerdict(view) +
    (view.report === undefined ? '' : renderChecks(view.report)) +
    (links === '' ? '' : `<p>${links}</p>`) +
    (view.certificate === undefined ? '' : `<hr>${renderCertificateBody(view.certificate)}`);
  return (
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>核验 Verify ${escapeHtml(view.subject)}</title><style>${PAGE_STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`
  );
}
