const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export const PAGE_STYLE = `
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f4f1ea;margin:0}
main{max-width:860px;margin:24px auto;background:#fff;border:2px solid #8b1a1a;padding:32px 40px}
header{display:flex;justify-content:space-between;gap:24px;align-items:flex-start}
h1{color:#8b1a1a;font-size:28px;margin:0}
h1 small{display:block;color:#1a1a1a;font-size:15px;font-weight:normal;margin-top:4px}
.number{font-size:18px;margin-top:12px;font-family:monospace}
.qr{width:128px;text-align:center;font-size:11px;color:#666}
.qr svg{width:128px;height:128px}
h2{color:#8b1a1a;font-size:15px;border-bottom:1px solid #8b1a1a;margin:22px 0 8px;padding-bottom:2px}
table{border-collapse:collapse;width:100%}
th{text-align:left;vertical-align:top;width:190px;font-weight:normal;padding:3px 8px 3px 0}
th small{display:block;color:#666;font-size:11px}
td{vertical-align:top;padding:3px 0;word-break:break-all}
.empty{color:#666}
.statement{color:#666;font-size:12px;margin-top:24px}
.verdict{font-size:22px;padding:12px 16px;margin:16px 0;border-radius:4px}
.ok{background:#e6f4ea;color:#136c2e}
.fail{background:#fce8e6;color:#a50e0e}
.check-ok{color:#136c2e}
.check-fail{color:#a50e0e}
`;
