import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_TOTP, encodeBase32, formatTotpUri, generateTotp, matchTotp, totpStep } from './totp.ts';

const RFC = JSON.parse(readFileSync(new URL('./testdata/rfc6238-vectors.json', import.meta.url), 'utf8')) as {
  secretAscii: string;
  digits: number;
  vectors: { unixSeconds: number; step: string; totp: string }[];
};
const SECRET = Buffer.from(RFC.secretAscii, 'ascii');

describe('generateTotp', () => {
  it('gives every SHA1 code of RFC 6238 appendix B', () => {
    const options = { ...DEFAULT_TOTP, digits: RFC.digits };
    for (const vector of RFC.vectors) {
      const timeMs = vector.unixSeconds * 1000;
      assert.equal(totpStep(timeMs, options), Number.parseInt(vector.step, 16), String(vector.unixSeconds));
      assert.equal(generateTotp(SECRET, timeMs, options), vector.totp, String(vector.unixSeconds));
    }
  });

  it('gives 6-digit codes by default, the last six digits of the 8-digit ones', () => {
    for (const vector of RFC.vectors)
      assert.equal(generateTotp(SECRET, vector.unixSeconds * 1000), vector.totp.slice(2));
  });
});

describe('matchTotp', () => {
  const now = 1_111_111_111_000;
  it('accepts the current step and one step either side, and nothing further', () => {
    const step = totpStep(now);
    for (const delta of [-1, 0, 1])
      assert.equal(matchTotp(SECRET, generateTotp(SECRET, now + delta * 30_000), now, null), step + delta);
    for (const delta of [-2, 2])
      assert.equal(matchTotp(SECRET, generateTotp(SECRET, now + delta * 30_000), now, null), null);
  });

  it('refuses a code of a step already used, and malformed codes', () => {
    const code = generateTotp(SECRET, now);
    assert.equal(matchTotp(SECRET, code, now, totpStep(now)), null);
    for (const bad of ['', '12345', '1234567', 'abcdef', ' 12345', '１２３４５６'])
      assert.equal(matchTotp(SECRET, bad, now, null), null, bad);
  });
});

describe('formatTotpUri', () => {
  it('writes the secret in RFC 4648 base32 with issuer, period and digits', () => {
    assert.equal(encodeBase32(Buffer.from('foobar')), 'MZXW6YTBOI');
    const uri = new URL(formatTotpUri(SECRET, 'judge-li'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.searchParams.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(uri.searchParams.get('issuer'), 'sealchain');
    assert.equal(uri.searchParams.get('period'), '30');
    assert.equal(uri.searchParams.get('digits'), '6');
  });
});
