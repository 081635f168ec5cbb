import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TFunction } from 'i18next';
import { parseWorkMetadata } from '../../src/registry/work-metadata.ts';
import {
  buildWorkRules,
  toMetadata,
  type WorkFormValues,
} from '../../web/src/pages/creator/work-metadata-form.ts';
import { todayUtc } from '../../web/src/pages/creator/work-rules.ts';

// The register form checks a work's particulars with the API's rules: for each case, the form's
// rules accept exactly what parseWorkMetadata (src/registry/work-metadata.ts) accepts.

const t = ((key: string) => key) as unknown as TFunction;

const VALID: WorkFormValues = {
  title: '春江花月夜',
  authors: '张若虚',
  workType: 'text',
  creationDate: '2026-01-15',
  holderName: '张若虚',
};

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

const CASES: [string, Partial<WorkFormValues>][] = [
  ['the minimum', {}],
  [
    'every field',
    {
      authors: '张若虚、李白, 杜甫',
      published: true,
      publicationDate: '2026-02-01',
      publicationPlace: '扬州',
      holderId: '110101199001011234',
      licenseStatement: 'CC BY 4.0',
    },
  ],
  ['an empty title', { title: '   ' }],
  ['a title of 200 characters', { title: '字'.repeat(200) }],
  ['a title of 201 characters', { title: '字'.repeat(201) }],
  ['a title of 200 decomposed characters (NFC)', { title: 'e\u0301'.repeat(200) }],
  ['a title with a control character', { title: 'bell\u0007' }],
  ['a title with DEL', { title: 'del\u007f' }],
  ['no author', { authors: ' , 、' }],
  ['20 authors', { authors: Array.from({ length: 20 }, (_, i) => `作者${i}`).join(',') }],
  ['21 authors', { authors: Array.from({ length: 21 }, (_, i) => `作者${i}`).join(',') }],
  ['an author of 101 characters', { authors: 'a'.repeat(101) }],
  ['a date that is not in the calendar', { creationDate: '2026-02-30' }],
  ['a date in another format', { creationDate: '15/01/2026' }],
  ['a creation date tomorrow', { creationDate: tomorrow() }],
  ['a creation date today', { creationDate: todayUtc() }],
  [
    'publication before creation',
    { published: true, publicationDate: '2026-01-14', publicationPlace: '扬州' },
  ],
  ['publication without a place', { published: true, publicationDate: '2026-01-16', publicationPlace: ' ' }],
  ['publication tomorrow', { published: true, publicationDate: tomorrow(), publicationPlace: '扬州' }],
  ['an ID number of 64 characters', { holderId: '1'.repeat(64) }],
  ['an ID number of 65 characters', { holderId: '1'.repeat(65) }],
  ['a holder with a control character', { holderName: '张\u0000若虚' }],
  ['a licence statement of 2001 characters', { licenseStatement: 'x'.repeat(2001) }],
];

async function acceptedByForm(values: WorkFormValues): Promise<boolean> {
  const rules = buildWorkRules(t, (field) => values[field]);
  const fields = Object.keys(rules).filter(
    (field) => values.published === true || !field.startsWith('publication'),
  ) as (keyof typeof rules)[];
  for (const field of fields) {
    for (const rule of rules[field]) {
      try {
        await rule.validator(rule, values[field]);
      } catch {
        return false;
      }
    }
  }
  return true;
}

function acceptedByApi(values: WorkFormValues): boolean {
  try {
    parseWorkMetadata(toMetadata(values), todayUtc());
    return true;
  } catch {
    return false;
  }
}

describe('the register form’s rules', () => {
  for (const [name, change] of CASES) {
    it(`agree with the API on ${name}`, async () => {
      const values = { ...VALID, ...change };
      assert.equal(await acceptedByForm(values), acceptedByApi(values));
    });
  }

  it('accept the valid cases and refuse the others (the cases test something)', async () => {
    const accepted = [];
    for (const [name, change] of CASES)
      if (await acceptedByForm({ ...VALID, ...change })) accepted.push(name);
    assert.deepEqual(accepted, [
      'the minimum',
      'every field',
      'a title of 200 characters',
      'a title of 200 decomposed characters (NFC)',
      '20 authors',
      'a creation date today',
      'an ID number of 64 characters',
    ]);
  });
});
