import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RegistryError } from './errors.ts';
import {
  computeCheckCharacter,
  formatRegistrationNumber,
  hasValidCheckCharacter,
  parseRegistrationNumber,
} from './registration-number.ts';

const VECTORS = JSON.parse(
  readFileSync(new URL('./testdata/iso7064-mod-37-36.json', import.meta.url), 'utf8'),
) as { vectors: { input: string; check: string }[] };

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('computeCheckCharacter', () => {
  it('matches every published ISO 7064 MOD 37,36 vector', () => {
    for (const { input, check } of VECTORS.vectors) {
      assert.equal(computeCheckCharacter(input), check, input);
      assert.equal(hasValidCheckCharacter(input + check), true, input);
    }
  });

  it('catches every single substitution in a registration number', () => {
    const text = formatRegistrationNumber(2026, 'W', 1234).replaceAll('-', '');
    for (let i = 0; i < text.length; i++) {
      for (const char of ALPHABET) {
        if (char === text[i]) continue;
        const changed = text.slice(0, i) + char + text.slice(i + 1);
        assert.equal(hasValidCheckCharacter(changed), false, changed);
      }
    }
  });

  it('catches all but a few in a thousand adjacent transpositions (a hybrid system is not perfect there)', () => {
    let transpositions = 0;
    let missed = 0;
    for (let sequence = 1; sequence < 3000; sequence += 7) {
      const text = formatRegistrationNumber(2026, 'W', sequence).replaceAll('-', '');
      for (let i = 0; i + 1 < text.length; i++) {
        if (text[i] === text[i + 1]) continue;
        transpositions++;
        if (hasValidCheckCharacter(text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2))) missed++;
      }
    }
    assert.ok(transpositions > 4000);
    assert.ok(missed / transpositions < 0.01, `${missed} of ${transpositions} missed`);
  });
});

describe('formatRegistrationNumber and parseRegistrationNumber', () => {
  it('round-trips numbers of works and licences', () => {
    for (const [year, kind, sequence] of [
      [2026, 'W', 1234],
      [2026, 'L', 1],
      [2031, 'W', 99_999_999],
    ] as const) {
      const text = formatRegistrationNumber(year, kind, sequence);
      assert.match(text, /^SC-\d{4}-[WL]-\d{8}-[0-9A-Z]$/);
      assert.deepEqual(parseRegistrationNumber(text), { year, kind, sequence, text });
      assert.deepEqual(parseRegistrationNumber(` ${text.toLowerCase()} `).text, text);
    }
  });

  it('refuses a mistyped digit with a message saying so', () => {
    const text = formatRegistrationNumber(2026, 'W', 1234);
    const mistyped = text.replace('1234', '1243');
    assert.throws(
      () => parseRegistrationNumber(mistyped),
      (error) =>
        error instanceof RegistryError &&
        error.code === 'REGISTRATION_NUMBER_INVALID' &&
        /wrong check character/.test(error.message),
    );
  });

  it('refuses other shapes and out-of-range parts', () => {
    for (const bad of ['', 'SC-2026-W-1234-7', 'XX-2026-W-00001234-7', 'SC-2026-Q-00001234-7', '../etc']) {
      assert.throws(() => parseRegistrationNumber(bad), RegistryError, bad);
    }
    assert.throws(() => formatRegistrationNumber(2026, 'W', 0), RegistryError);
    assert.throws(() => formatRegistrationNumber(2026, 'W', 100_000_000), RegistryError);
  });
});
