import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import i18next from 'i18next';
import {
  addTestEntry,
  bundleOf,
  createTestChain,
  trustFileOf,
} from '../../src/verify/testdata/test-chain.ts';
import { publicPages } from '../../web/src/i18n/public.ts';
import { runVerification } from '../../web/src/pages/public/verify-run.ts';
import { wordCheck } from '../../web/src/pages/public/verify-words.ts';

// The verify page's run of src/verify (it runs in the browser; the same code runs here): the file
// compared by SHA-256 or, on an SM3 chain, hashed by the verifier; a licence's revocation added
// as its own check when the portal can tell.

const file = new TextEncoder().encode('the original contract');
const asFile = (bytes: Uint8Array) => ({
  sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  readBytes: () => Promise.resolve(bytes),
});

describe('runVerification', () => {
  it('compares the file by SHA-256 on a SHA-256 chain and by its bytes on an SM3 chain', async () => {
    for (const hashAlgorithm of ['sha256', 'sm3'] as const) {
      const chain = createTestChain('evidence', { hashAlgorithm });
      addTestEntry(chain, 'evidence', file);
      addTestEntry(chain, 'evidence', 'other');
      const input = {
        bundleText: JSON.stringify(bundleOf(chain, 0)),
        trustText: JSON.stringify(trustFileOf([chain])),
      };
      const same = await runVerification({ ...input, file: asFile(file) });
      assert.equal(same.ok, true, JSON.stringify(same.checks));
      assert.ok(same.checks.some((check) => check.id === 'file-digest'));
      const other = await runVerification({ ...input, file: asFile(new TextEncoder().encode('x')) });
      assert.deepEqual(
        other.checks.filter((check) => !check.ok).map((check) => check.id),
        ['file-digest'],
        hashAlgorithm,
      );
    }
  });

  it('adds the revocation of a licence entry when it is known, and nothing when it is not', async () => {
    const chain = createTestChain('works');
    addTestEntry(chain, 'license', 'terms', { number: 'SC-2026-L-00000001-0' });
    const input = {
      bundleText: JSON.stringify(bundleOf(chain, 0)),
      trustText: JSON.stringify(trustFileOf([chain])),
    };
    const asked: string[] = [];
    const revoked = await runVerification({
      ...input,
      lookUpRevocation: (number) => {
        asked.push(number);
        return Promise.resolve({ revoked: true, reason: '合同到期', time: '2026-12-01T00:00:00Z' });
      },
    });
    assert.deepEqual(asked, ['SC-2026-L-00000001-0']);
    assert.equal(revoked.ok, false);
    assert.deepEqual(
      revoked.checks.filter((check) => !check.ok).map((check) => check.id),
      ['revocation'],
    );
    const unknown = await runVerification({ ...input, lookUpRevocation: () => Promise.resolve(null) });
    assert.equal(unknown.ok, true);
    assert.ok(!unknown.checks.some((check) => check.id === 'revocation'));
  });

  it('throws the verifier error for an unreadable bundle or a chain the consortium file lacks', async () => {
    const chain = createTestChain('evidence');
    addTestEntry(chain, 'evidence', file);
    const trustText = JSON.stringify(trustFileOf([createTestChain('works')]));
    await assert.rejects(runVerification({ bundleText: '{"format":1}', trustText }), {
      code: 'BUNDLE_INVALID',
    });
    await assert.rejects(runVerification({ bundleText: JSON.stringify(bundleOf(chain, 0)), trustText }), {
      code: 'CHAIN_UNKNOWN',
    });
    await assert.rejects(runVerification({ bundleText: '{}', trustText: 'not json' }), {
      code: 'TRUST_FILE_INVALID',
    });
  });
});

describe('wordCheck', () => {
  const ENGLISH_SENTENCE = /[A-Za-z]+[\s,;:]+[A-Za-z]+[\s,;:]+[A-Za-z]+/;

  async function wordAll(language: 'zh-CN' | 'en', result: Awaited<ReturnType<typeof runVerification>>) {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: language,
      resources: { [language]: { public: publicPages[language] } },
      defaultNS: 'public',
      interpolation: { escapeValue: false },
    });
    return result.checks.map((check) => {
      const wording = wordCheck(
        check,
        result.report,
        (key) => i18n.exists(key),
        (items) => items.join(i18n.t('verify.listSeparator')),
        (time) => time,
      );
      return {
        id: check.id,
        ok: check.ok,
        text: wording.key === null ? '' : i18n.t(wording.key, wording.values),
        unknownCode: wording.unknownCode,
      };
    });
  }

  it('words a tampered receipt and a revoked licence in Chinese from codes and numbers', async () => {
    const chain = createTestChain('works');
    addTestEntry(chain, 'license', 'terms', { number: 'SC-2026-L-00000001-0' });
    addTestEntry(chain, 'license', 'other terms', { number: 'SC-2026-L-00000002-8' });
    const bundle = bundleOf(chain, 0);
    const other = bundleOf(chain, 1);
    const swapped = { ...bundle, receipt: other.receipt };
    const result = await runVerification({
      bundleText: JSON.stringify(swapped),
      trustText: JSON.stringify(trustFileOf([chain])),
      lookUpRevocation: () =>
        Promise.resolve({ revoked: true, reason: 'expired', time: '2026-12-01T00:00:00Z' }),
    });
    const zh = await wordAll('zh-CN', result);
    for (const check of zh) {
      assert.doesNotMatch(check.text, ENGLISH_SENTENCE, `${check.id}: ${check.text}`);
      if (!check.ok) assert.notEqual(check.text, '', `${check.id} has a sentence`);
      assert.equal(check.unknownCode, undefined);
    }
    const failed = zh.filter((check) => !check.ok);
    assert.deepEqual(
      failed.map((check) => check.id),
      ['receipt', 'revocation'],
    );
    assert.equal(failed[0]!.text, '回执承诺的是第 1 条记录，而证明文件是第 0 条。');
    assert.equal(failed[1]!.text, '许可 SC-2026-L-00000001-0 已于 2026-12-01T00:00:00Z 撤销。');
    const en = await wordAll('en', result);
    assert.equal(
      en.find((check) => check.id === 'receipt')!.text,
      'The receipt promises record 1, not record 0 of the bundle.',
    );
  });

  it('shows the code of a failure it has no sentence for', async () => {
    const chain = createTestChain('evidence');
    addTestEntry(chain, 'evidence', file);
    const result = await runVerification({
      bundleText: JSON.stringify(bundleOf(chain, 0)),
      trustText: JSON.stringify(trustFileOf([chain])),
    });
    const check = { ...result.checks[0]!, ok: false, details: { code: 'SOMETHING_NEW' } };
    const [worded] = await wordAll('zh-CN', { ...result, checks: [check] });
    assert.equal(worded!.unknownCode, 'SOMETHING_NEW');
    assert.equal(worded!.text, '记录不是规范的 JSON，或缺少必需的字段。');
  });
});
