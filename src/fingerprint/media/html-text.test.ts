import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText } from './html-text.ts';

describe('htmlToText', () => {
  it('drops script, style, noscript, template and head content', () => {
    const html =
      '<html><head><title>Site</title><style>p{}</style></head><body><script>var s = "<p>x</p>";</script>' +
      '<noscript>enable js</noscript><template><p>tpl</p></template><p>Visible</p></body></html>';
    assert.equal(htmlToText(html), 'Visible');
  });

  it('ends a line at every block element and at <br>, and keeps inline elements in the line', () => {
    const html = '<h1>Title</h1><p>One <b>bold</b> line<br>next line</p><ul><li>a<li>b</ul><div>c</div>';
    assert.equal(htmlToText(html), 'Title\n\nOne bold line\nnext line\n\na\n\nb\n\nc');
  });

  it('decodes named, decimal and hexadecimal character references', () => {
    assert.equal(
      htmlToText('<p>&amp; &lt;tag&gt; &eacute; &#20013; &#x6587; &nbsp;x&mdash;y</p>'),
      '& <tag> é 中 文 \u00a0x—y',
    );
  });

  it('collapses whitespace except inside <pre>', () => {
    assert.equal(
      htmlToText('<p>  spread\n   out   words </p><pre>a  b\nc</pre>'),
      'spread out words\n\na  b\nc',
    );
  });

  it('copes with broken markup: unclosed tags, stray closers, an unterminated script', () => {
    assert.equal(
      htmlToText('<div><p>open <b>bold</div></span>after<script>never closed <p>x</p>'),
      'open bold\n\nafter',
    );
    assert.equal(htmlToText(''), '');
    assert.equal(htmlToText('<<<>>>'), '<<<>>>');
  });

  it('reads XML and SVG text, dropping their scripts and styles', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg"><style>.a{}</style><text>Hello</text><text>world</text></svg>';
    assert.equal(htmlToText(svg, { xml: true }), 'Hello\n\nworld');
  });

  it('finishes in linear time on hostile input', { timeout: 20_000 }, () => {
    for (const hostile of [
      '<a'.repeat(100_000),
      '<!--'.repeat(100_000),
      '&#'.repeat(100_000),
      ' '.repeat(500_000) + 'x',
    ]) {
      assert.equal(typeof htmlToText(hostile), 'string');
    }
  });
});
