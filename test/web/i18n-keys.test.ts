import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';

// Every namespace of the portal (web/src/i18n/<area>.ts) has the same keys in Chinese and English,
// so no page shows a raw key in one language.

const I18N_DIR = new URL('../../web/src/i18n/', import.meta.url);

function listKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value)
    .flatMap(([key, inner]) => listKeys(inner, prefix === '' ? key : `${prefix}.${key}`))
    .sort();
}

describe('the portal’s translations', () => {
  const files = readdirSync(I18N_DIR).filter((name) => name.endsWith('.ts') && name !== 'index.ts');
  for (const file of files) {
    it(`${file} has the same keys in zh-CN and en, none empty`, async () => {
      const module = (await import(new URL(file, I18N_DIR).href)) as Record<string, unknown>;
      const namespaces = Object.values(module).filter(
        (value): value is { 'zh-CN': object; en: object } =>
          typeof value === 'object' && value !== null && 'zh-CN' in value && 'en' in value,
      );
      assert.ok(namespaces.length > 0, `${file} exports a namespace`);
      for (const namespace of namespaces) {
        assert.deepEqual(listKeys(namespace['zh-CN']), listKeys(namespace.en));
        for (const language of [namespace['zh-CN'], namespace.en]) {
          const empty = listKeys(language).filter((key) => {
            const text = key
              .split('.')
              .reduce<unknown>((at, part) => (at as Record<string, unknown>)[part], language);
            return typeof text !== 'string' || text.trim() === '';
          });
          assert.deepEqual(empty, [], `${file}: empty texts`);
        }
      }
    });
  }
});
