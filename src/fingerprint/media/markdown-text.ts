import { htmlToText, tidyExtractedText } from './html-text.ts';

// CommonMark 0.31 (spec.commonmark.org) constructs, removed line by line: fenced code (§4.5) keeps its
// content, ATX/setext headings (§4.2, §4.3), thematic breaks (§4.1), block quotes (§5.1), list
// markers (§5.2), link reference definitions (§4.7), GFM tables; inline links, images, code spans,
// emphasis and raw HTML (§6) keep their text.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+|$)/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$/;
const STRONG_STAR = /\*\*([^*\s](?:[^*]*[^*\s])?)\*\*/g;
const EMPHASIS_STAR = /\*([^*\s](?:[^*]*[^*\s])?)\*/g;
const STRONG_UNDERSCORE = /(^|[^\p{L}\p{N}_])__([^_\s](?:[^_]*[^_\s])?)__(?![\p{L}\p{N}_])/gu;
const EMPHASIS_UNDERSCORE = /(^|[^\p{L}\p{N}_])_([^_\s](?:[^_]*[^_\s])?)_(?![\p{L}\p{N}_])/gu;
const HTML_TAG = /<\/?[A-Za-z][^<>]*>/;
const CONTAINER_MARKERS = /^(?: {0,3}>[ \t]?| {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)+/;

// Every pattern stops at its own delimiter, so each runs in linear time on hostile input.
function stripInline(line: string): string {
  return line
    .replace(/!\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^\][]+)\]\([^()]*\)/g, '$1')
    .replace(/\[([^\][]+)\]\[[^\][]*\]/g, '$1')
    .replace(/<((?:https?|mailto|ftp):[^<>\s]+)>/gi, '$1')
    .replace(/`([^`]+)`/g, (_match, code: string) => code.trim())
    .replace(STRONG_STAR, '$1')
    .replace(EMPHASIS_STAR, '$1')
    .replace(STRONG_STAR, '$1')
    .replace(STRONG_UNDERSCORE, '$1$2')
    .replace(EMPHASIS_UNDERSCORE, '$1$2')
    .replace(/~~([^~\s](?:[^~]*[^~\s])?)~~/g, '$1')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

// GFM tables §4.10: the delimiter row under the header row, cells of dashes with optional colons.
function isTableDelimiterRow(line: string): boolean {
  if (!line.includes('|') || !/^[|:\- \t]+$/.test(line)) return false;
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.every((cell) => /^:?-+:?$/.test(cell.trim()));
}

function stripClosingHashes(heading: string): string {
  const text = heading.trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length || (end > 0 && !/[ \t]/.test(text[end - 1]!))) return text;
  return text.slice(0, end).trimEnd();
}

function stripTableRow(line: string): string {
  if (!line.includes('|')) return line;
  return line
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split('|')
    .map((cell) => cell.trim())
    .join('\t');
}

/** The text of a Markdown document without its markup. */
export function markdownToText(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fenceMatch = FENCE.exec(line);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length)
        fence = undefined;
      else out.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    const isBreak = THEMATIC_BREAK.test(line) || SETEXT_UNDERLINE.test(line) || isTableDelimiterRow(line);
    if (isBreak || LINK_DEFINITION.test(line)) {
      out.push('');
      continue;
    }
    let text = line.replace(CONTAINER_MARKERS, '');
    if (ATX_HEADING.test(text)) text = stripClosingHashes(text.replace(ATX_HEADING, ''));
    out.push(stripTableRow(stripInline(text)));
  }
  const joined = out.join('\n');
  return HTML_TAG.test(joined) ? htmlToText(joined.replace(/\n/g, '<br>')) : tidyExtractedText(joined);
}
