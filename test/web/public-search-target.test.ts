import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifySearch, resolveSearchTarget } from '../../web/src/pages/public/search-target.ts';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('classifySearch', () => {
  it('reads an entry id in the API form and the verify-link form', () => {
    for (const text of [
      'evidence:12',
      ' evidence/12 ',
      'EVIDENCE#12',
      'https://v.example.cn/verify/evidence/12',
    ]) {
      assert.deepEqual(classifySearch(text), {
        kind: 'entry',
        chain: 'evidence',
        index: 12,
        path: '/entries/evidence/12',
      });
    }
    assert.equal(classifySearch('works:0').path, '/entries/works/0');
    assert.equal(classifySearch('evidence:012').kind, 'unknown');
    assert.equal(classifySearch('evidence:99999999999999999').kind, 'unknown');
  });

  it('reads a digest tagged or bare, and lower-cases it', () => {
    assert.deepEqual(classifySearch(`sha256:${HEX}`), {
      kind: 'digest',
      digest: `sha256:${HEX}`,
      path: `/search?q=${encodeURIComponent(`sha256:${HEX}`)}`,
    });
    assert.equal(classifySearch(HEX.toUpperCase()).kind, 'digest');
    assert.equal(classifySearch(HEX.toUpperCase()).path, `/search?q=sha256%3A${HEX}`);
    assert.equal(classifySearch(`sm3:${HEX}`).path, `/search?q=sm3%3A${HEX}`);
    assert.equal(classifySearch(HEX.slice(1)).kind, 'unknown');
    assert.equal(classifySearch(`md5:${HEX}`).kind, 'unknown');
  });

  it('tells a work number from a licence number, whatever the case', () => {
    assert.deepEqual(classifySearch('sc-2026-w-00001234-7'), {
      kind: 'work',
      number: 'SC-2026-W-00001234-7',
      path: '/works/SC-2026-W-00001234-7',
    });
    assert.equal(classifySearch('SC-2026-L-00000002-X').path, '/licenses/SC-2026-L-00000002-X');
    assert.equal(classifySearch('https://v.example.cn/verify/SC-2026-W-00001234-7').kind, 'work');
    assert.equal(classifySearch('SC-2026-X-00001234-7').kind, 'unknown');
  });

  it('reads a capture id', () => {
    const id = '3f2b8c1e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';
    assert.deepEqual(classifySearch(id.toUpperCase()), { kind: 'capture', id, path: `/captures/${id}` });
  });

  it('sends anything else to the search page, bounded, and nothing for an empty box', () => {
    assert.deepEqual(classifySearch('<script>'), {
      kind: 'unknown',
      text: '<script>',
      path: '/search?q=%3Cscript%3E',
    });
    assert.equal(classifySearch('x'.repeat(10_000)).kind === 'unknown', true);
    assert.ok(classifySearch('x'.repeat(10_000)).path.length < 600);
    assert.equal(resolveSearchTarget('   '), null);
    assert.equal(resolveSearchTarget('evidence/3'), '/entries/evidence/3');
  });
});
