import { Parser } from 'htmlparser2';

// Elements whose content is not text a reader sees: code, styling, fallbacks, document metadata.
const SKIPPED_ELEMENTS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'svg',
  'math',
  'iframe',
  'object',
  'canvas',
]);
const XML_SKIPPED_ELEMENTS = new Set(['script', 'style']);

// WHATWG HTML §15.3 (rendering): elements that are display: block (or list-item, table parts) by default.
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'dir',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'listing',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'plaintext',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'xmp',
]);

const PREFORMATTED_ELEMENTS = new Set(['pre', 'listing', 'plaintext', 'xmp']);

/** Joins text pieces and block boundaries into lines without stray blanks. */
export function tidyExtractedText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The visible text of an HTML (or, with `xml`, an XML/SVG) document through a real parser:
 * script, style, noscript, template and head content dropped, entities decoded, block elements
 * ending lines, whitespace collapsed outside preformatted elements.
 */
export function htmlToText(markup: string, options: { xml?: boolean } = {}): string {
  const xml = options.xml === true;
  const skipped = xml ? XML_SKIPPED_ELEMENTS : SKIPPED_ELEMENTS;
  const pieces: string[] = [];
  let skipDepth = 0;
  let preformattedDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (skipDepth > 0 || skipped.has(name)) {
          skipDepth++;
          return;
        }
        if (xml || BLOCK_ELEMENTS.has(name)) pieces.push('\n');
        if (!xml && PREFORMATTED_ELEMENTS.has(name)) preformattedDepth++;
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (!xml && PREFORMATTED_ELEMENTS.has(name)) preformattedDepth--;
        if (xml || (BLOCK_ELEMENTS.has(name) && name !== 'br')) pieces.push('\n');
      },
      ontext(text) {
        if (skipDepth > 0) return;
        pieces.push(preformattedDepth > 0 ? text : text.replace(/[ \t\n\r\f]+/g, ' '));
      },
    },
    { xmlMode: xml, decodeEntities: true },
  );
  parser.write(markup);
  parser.end();
  return tidyExtractedText(pieces.join(''));
}
